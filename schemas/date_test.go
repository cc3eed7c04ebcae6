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
	names := map[string]Field{}
	for _, f := range Dictionary() {
		_, dup := names[f.Name]
		require.False(t, dup, "duplicate name %s", f.Name)
		names[f.Name] = f
		require.NotEmpty(t, f.Meaning, f.Name)
		require.Equal(t, f.Source == SourceDerived, f.Derived, f.Name)
		if f.Derived {
			require.Empty(t, f.Aliases, "%s: a derived field is never read, so it has no aliases", f.Name)
		}
	}
	// An alias may equal a derived field's name (DIAG_4_01 is read into
	// DIAG_01 and derived from it), never an input field's or another alias.
	aliases := map[string]bool{}
	for _, f := range Dictionary() {
		for _, a := range f.Aliases {
			require.False(t, aliases[a], "alias %s of %s is another field's alias", a, f.Name)
			aliases[a] = true
			if g, ok := names[a]; ok {
				require.True(t, g.Derived, "alias %s of %s clashes with an input field", a, f.Name)
			}
		}
	}
	f, ok := Lookup("DIAG_4_07")
	require.True(t, ok)
	require.Equal(t, DIAG_01+6, f.Slot)
	require.False(t, f.Derived)
	f, ok = Lookup("OPERTN_4_24")
	require.True(t, ok)
	require.Equal(t, "OPERTN_24", f.Name)
	f, ok = Lookup("OPER_24")
	require.True(t, ok)
	require.Equal(t, OPERTN_01+23, f.Slot)
	for _, name := range []string{"FYEAR", "SPELDUR", "DIAG_3_01", "DIAG_4_CONCAT", "STARTAGE_CALC", "OPERTN_COUNT"} {
		_, ok := Lookup(name)
		require.False(t, ok, "%s is derived: an input column of that name is ignored", name)
	}
	var e Episode
	e.Reset()
	require.Equal(t, NullInt, e.Int[STARTAGE])
	require.Equal(t, NullDate, e.Date[OPDATE_24])
	require.Equal(t, NullF64, e.F64[STARTAGE_CALC])
	require.Equal(t, "DOUBLE", KindFloat64.ParquetType())
}
