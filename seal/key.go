// Package seal encrypts restricted fields at rest.
//
// It is envelope encryption in two layers:
//
//   - a key-encryption key (KEK), 32 random bytes that live outside the
//     database: in a key file (<data dir>/vigil.key, mode 0600, base64) or
//     in the environment (VIGIL_KEY, base64);
//   - data keys (DEKs), 32 random bytes each, numbered k1, k2, …, stored in
//     the database wrapped (encrypted) by the KEK.
//
// Fields are sealed with XChaCha20-Poly1305 under the current data key,
// with a random 24-byte nonce and the additional data "table.column:id",
// so a ciphertext cannot be moved to another row or column. A sealed value
// is text: "v1:k<id>:<base64url nonce‖ciphertext‖tag>". The version and the
// key id let a rotation find and re-encrypt every value.
//
// Keys never appear in messages: Key's String, Format and GoString show a
// fingerprint only, and errors name the key source (a path, a variable
// name), never its contents. Nothing in this package logs.
package seal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// KeySize is the size of every key: 256 bits.
const KeySize = 32

// Key is a secret 256-bit key, a KEK or a DEK. The zero Key is invalid.
// Printing a Key shows its fingerprint, never its bytes.
type Key struct {
	b   [KeySize]byte
	set bool
}

// NewKey returns a fresh random key.
func NewKey() (Key, error) {
	var k Key
	if _, err := io.ReadFull(rand.Reader, k.b[:]); err != nil {
		return Key{}, fmt.Errorf("seal: make a key: %w", err)
	}
	k.set = true
	return k, nil
}

// ErrKeyFormat is wrapped by ParseKey errors.
var ErrKeyFormat = errors.New("not a vigil key")

// ParseKey reads a key written by Encode: standard base64 (padding
// optional) of exactly 32 bytes, surrounding space ignored. Errors say
// what is wrong without echoing the input.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Key{}, fmt.Errorf("%w: it is empty", ErrKeyFormat)
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return Key{}, fmt.Errorf("%w: it is not base64 (%d characters; a key is 44 characters of base64)", ErrKeyFormat, len(s))
	}
	if len(raw) != KeySize {
		return Key{}, fmt.Errorf("%w: it decodes to %d bytes, want %d", ErrKeyFormat, len(raw), KeySize)
	}
	var k Key
	copy(k.b[:], raw)
	k.set = true
	return k, nil
}

// Encode returns the key as standard base64, the form of key files and
// VIGIL_KEY. It is the only way to get at a key's bytes as text.
func (k Key) Encode() string { return base64.StdEncoding.EncodeToString(k.b[:]) }

// Valid reports whether k holds a key (the zero Key does not).
func (k Key) Valid() bool { return k.set }

// Fingerprint identifies a key without revealing it: the first 8 bytes,
// in hex, of SHA-256 over a domain tag and the key. A fingerprint of a
// random 256-bit key says nothing useful about the key.
func (k Key) Fingerprint() string {
	if !k.set {
		return "none"
	}
	h := sha256.New()
	h.Write([]byte("vigil-seal-key-v1\x00"))
	h.Write(k.b[:])
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// String shows the fingerprint only.
func (k Key) String() string { return "seal.Key(" + k.Fingerprint() + ")" }

// GoString shows the fingerprint only, also under %#v.
func (k Key) GoString() string { return k.String() }

// Format shows the fingerprint under every verb, so that %x or %d cannot
// print the bytes either.
func (k Key) Format(f fmt.State, _ rune) { io.WriteString(f, k.String()) }

// MarshalText refuses: a key is never serialized by accident (JSON, logs).
func (k Key) MarshalText() ([]byte, error) {
	return nil, errors.New("seal: a key is never serialized; use Encode to write a key file")
}
