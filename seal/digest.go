package seal

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DigestPrefix starts every keyed digest of format version 1.
const DigestPrefix = "h1:"

// ErrDigest is wrapped by ParseDigest errors.
var ErrDigest = errors.New("not a keyed digest")

// digestKey derives the key of a blind index from a data key: HKDF-SHA256
// with the purpose in the info, so that each purpose (and each data key)
// has its own key, and a digest reveals nothing about the data key.
func digestKey(k Key, purpose string) ([]byte, error) {
	return hkdf.Key(sha256.New, k.b[:], nil, "vigil blind index v1\x00"+purpose, 32)
}

// Digest returns a keyed digest of msg for purpose under the current data
// key: "h1:k<id>:<hex HMAC-SHA256>". Equal messages give equal digests
// under one key, so a digest can back a uniqueness check (a blind index),
// but without the key nobody can test a guess against it, as anyone can
// against a plain SHA-256 of a name. A rotation must compute every digest
// again under the new key.
func (r *Keyring) Digest(purpose, msg string) (string, error) {
	k, ok := r.keys[r.current]
	if !ok || r.current == 0 {
		return "", fmt.Errorf("digest %s: no current data key", purpose)
	}
	dk, err := digestKey(k, purpose)
	if err != nil {
		return "", fmt.Errorf("digest %s: %w", purpose, err)
	}
	m := hmac.New(sha256.New, dk)
	m.Write([]byte(msg))
	return DigestPrefix + KeyName(r.current) + ":" + hex.EncodeToString(m.Sum(nil)), nil
}

// ParseDigest returns the number of the data key a keyed digest was made
// under. Its errors wrap ErrDigest and never echo the text.
func ParseDigest(text string) (int64, error) {
	rest, ok := strings.CutPrefix(text, DigestPrefix)
	if !ok {
		return 0, fmt.Errorf("%w: no h1: prefix", ErrDigest)
	}
	kid, sum, ok := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(strings.TrimPrefix(kid, "k"), 10, 64)
	if !ok || !strings.HasPrefix(kid, "k") || err != nil || id <= 0 || KeyName(id) != kid {
		return 0, fmt.Errorf("%w: no key id", ErrDigest)
	}
	if b, err := hex.DecodeString(sum); err != nil || len(b) != sha256.Size {
		return 0, fmt.Errorf("%w: the sum is not 64 hex digits", ErrDigest)
	}
	return id, nil
}
