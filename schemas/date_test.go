package schemas

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestDateMatchesTimePackage(t *testing.T) {
	for _, s := range []string{"1970-01-01", "1969-12-31", "1800-01-01", "2000-02-29", "2024-04-01", "2100-03-01", "0001-01-01", "9999-12-31"} {
		tm, err := time.Parse(time.DateOnly, s)
		require.NoError(t, err)
		d := DateOf(tm.Year(), int(tm.Month()), tm.Day())
		require.Equal(t, tm.Unix()/86400, int64(d), s)
		require.Equal(t, s, d.String())
		y, m, dd := d.Civil()
		require.Equal(t, [3]int{tm.Year(), int(tm.Month()), tm.Day()}, [3]int{y, m, dd})
	}
	require.Equal(t, "null", NullDate.String())
	require.Equal(t, 29, DaysIn(2024, 2))
	require.Equal(t, 28, DaysIn(1900, 2))
}

func TestDictionaryIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, f := range Dictionary() {
		require.False(t, seen[f.Name], "duplicate name %s", f.Name)
		seen[f.Name] = true
		for _, a := range f.Aliases {
			require.False(t, seen[a], "alias %s clashes", a)
			seen[a] = true
		}
		require.NotEmpty(t, f.Meaning, f.Name)
	}
	f, ok := Lookup("DIAG_4_07")
	require.True(t, ok)
	require.Equal(t, DIAG_01+6, f.Slot)
	f, ok = Lookup("OPER_24")
	require.True(t, ok)
	require.Equal(t, OPERTN_01+23, f.Slot)
	var e Episode
	e.Reset()
	require.Equal(t, NullInt, e.Int[STARTAGE])
	require.Equal(t, NullDate, e.Date[OPDATE_24])
}
