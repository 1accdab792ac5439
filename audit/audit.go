// Package audit holds the pure hash-chain logic of vigil's audit log: the
// canonical encoding of an entry, its hash, and the walk that finds the
// first broken link. It does no I/O; the store appends and reads entries.
//
// Each entry's hash is the hex SHA-256 of a canonical encoding of the
// entry and the previous entry's hash (see Hash), so altering, inserting
// or removing a row breaks the chain from that row on.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"strconv"
	"time"

	"vigil"
)

// TimeFormat is the fixed-width UTC layout in which audit times are
// hashed, and in which the store keeps every timestamp: microsecond
// precision, so that the text read back is byte-for-byte the text that
// was hashed, and lexical order is time order.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// FormatTime formats t for hashing and storage: UTC, truncated to the
// microsecond, in TimeFormat.
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(TimeFormat)
}

// domain separates vigil audit hashes from any other SHA-256 use, and
// names the encoding version so that it can change without ambiguity.
const domain = "vigil-audit-v1"

// Hash returns the hex SHA-256 of the canonical encoding of e chained to
// prevHash. The encoding is a sequence of netstrings ("<len>:<bytes>,",
// the length in decimal bytes) of, in order: the domain tag
// "vigil-audit-v1", prevHash, Seq, At (FormatTime), Actor, Action,
// Entity, EntityID, Version, and Data as stored. Length prefixes make it
// unambiguous: no choice of field contents can make two different entries
// encode alike. e.Hash and e.PrevHash are ignored; prevHash is passed
// explicitly.
func Hash(prevHash string, e vigil.AuditEntry) string {
	h := sha256.New()
	field := func(b []byte) {
		var n [24]byte
		h.Write(strconv.AppendInt(n[:0], int64(len(b)), 10))
		h.Write([]byte{':'})
		h.Write(b)
		h.Write([]byte{','})
	}
	str := func(s string) { field([]byte(s)) }
	num := func(i int64) { str(strconv.FormatInt(i, 10)) }
	str(domain)
	str(prevHash)
	num(e.Seq)
	str(FormatTime(e.At))
	str(e.Actor)
	str(e.Action)
	str(e.Entity)
	num(e.EntityID)
	num(int64(e.Version))
	field(e.Data)
	return hex.EncodeToString(h.Sum(nil))
}

// Verifier walks a chain one entry at a time, in seq order, without
// holding more than the previous entry. The zero value expects the chain
// to start at seq 1 with an empty prev_hash.
type Verifier struct {
	n        int64
	lastSeq  int64
	lastHash string
	broken   int64
	reason   string
}

// Add checks the next entry and reports whether the chain is still
// intact. After the first break it returns false and ignores the rest.
func (v *Verifier) Add(e vigil.AuditEntry) bool {
	if v.broken != 0 {
		return false
	}
	v.n++
	switch {
	case e.Seq != v.lastSeq+1:
		v.fail(v.lastSeq+1, fmt.Sprintf("gap in seq: expected %d, found %d", v.lastSeq+1, e.Seq))
	case e.PrevHash != v.lastHash:
		v.fail(e.Seq, fmt.Sprintf("prev_hash mismatch at seq %d: it does not match the hash of seq %d", e.Seq, v.lastSeq))
	case Hash(e.PrevHash, e) != e.Hash:
		v.fail(e.Seq, fmt.Sprintf("hash mismatch at seq %d: the entry was altered after it was written", e.Seq))
	default:
		v.lastSeq, v.lastHash = e.Seq, e.Hash
		return true
	}
	return false
}

func (v *Verifier) fail(seq int64, reason string) {
	v.broken, v.reason = seq, reason
}

// Head checks the walked chain against the head the store recorded
// (the last seq and hash it appended), which catches rows removed from
// the end of the log. Call it after the last Add.
func (v *Verifier) Head(seq int64, hash string) bool {
	if v.broken != 0 {
		return false
	}
	switch {
	case seq > v.lastSeq:
		v.fail(v.lastSeq+1, fmt.Sprintf("entries %d to %d are missing: the head records seq %d", v.lastSeq+1, seq, seq))
	case seq < v.lastSeq:
		v.fail(seq+1, fmt.Sprintf("entries after seq %d were added without updating the head", seq))
	case hash != v.lastHash:
		v.fail(seq, fmt.Sprintf("hash mismatch at seq %d: it does not match the head", seq))
	default:
		return true
	}
	return false
}

// Result returns what the walk found: the number of entries read, and
// the first broken seq with its reason (0 and "" when intact).
func (v *Verifier) Result() vigil.AuditVerification {
	return vigil.AuditVerification{Entries: v.n, OK: v.broken == 0, FirstBroken: v.broken, Reason: v.reason}
}

// Last returns the seq and hash of the last intact entry.
func (v *Verifier) Last() (int64, string) { return v.lastSeq, v.lastHash }

// Verify walks entries in order and returns the first broken seq and the
// reason, or 0 and "" when the chain is intact.
func Verify(entries iter.Seq[vigil.AuditEntry]) (firstBroken int64, reason string) {
	var v Verifier
	for e := range entries {
		if !v.Add(e) {
			break
		}
	}
	r := v.Result()
	return r.FirstBroken, r.Reason
}
