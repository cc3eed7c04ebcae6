package pipeline

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"

	"github.com/hrgflow/hrgflow/schemas"
)

// pseudonymised are the patient identifiers replaced when a pseudonymisation
// key is given.
var pseudonymised = []int{schemas.PSEUDO_HESID, schemas.TOKEN_PERSON_ID}

// minKeyBytes is the shortest pseudonymisation key accepted.
const minKeyBytes = 16

// ErrShortKey means a pseudonymisation key is too short to be safe.
var ErrShortKey = errors.New("the pseudonymisation key must hold at least 16 bytes")

// pseudonymiser replaces patient identifiers with a keyed HMAC-SHA256 (hex):
// the same identifier always gives the same pseudonym under one key, so
// analysts can link records without seeing identifiers, and without the key
// nobody can recompute them. One per worker (the HMAC state is reused).
type pseudonymiser struct {
	mac hash.Hash
	sum []byte
}

func newPseudonymiser(key []byte) *pseudonymiser {
	return &pseudonymiser{mac: hmac.New(sha256.New, key)}
}

// apply replaces the identifiers of e; the pseudonyms go into the arena.
func (p *pseudonymiser) apply(e *schemas.Episode, arena *[]byte) {
	for _, slot := range pseudonymised {
		v := e.Str[slot]
		if v == "" {
			continue
		}
		p.mac.Reset()
		p.mac.Write([]byte(v))
		p.sum = p.mac.Sum(p.sum[:0])
		start := len(*arena)
		*arena = hex.AppendEncode(*arena, p.sum)
		e.Str[slot] = bytesString((*arena)[start:len(*arena):len(*arena)])
	}
}
