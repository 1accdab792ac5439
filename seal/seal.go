package seal

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// Prefix starts every sealed value of format version 1.
const Prefix = "v1:"

// Errors wrapped by Parse and Open; test with errors.Is.
var (
	// ErrFormat: the text is not a well-formed sealed value.
	ErrFormat = errors.New("not a sealed value")
	// ErrUnknownKey: the value names a data key the keyring does not hold
	// (retired by a rotation, or from another database).
	ErrUnknownKey = errors.New("unknown data key")
	// ErrAuth: decryption failed authentication: the wrong key, a value
	// moved to another row or column, or altered bytes.
	ErrAuth = errors.New("does not authenticate")
)

// overhead is the nonce and the tag around every ciphertext.
const overhead = chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

// Sealed is a parsed sealed value.
type Sealed struct {
	KeyID int64  // the data key's number: 3 for "k3"
	Box   []byte // nonce ‖ ciphertext ‖ tag
}

// String formats s as "v1:k<id>:<base64url>".
func (s Sealed) String() string {
	return Prefix + KeyName(s.KeyID) + ":" + base64.RawURLEncoding.EncodeToString(s.Box)
}

// KeyName is the name of data key id in sealed values and messages: "k3".
func KeyName(id int64) string { return "k" + strconv.FormatInt(id, 10) }

// IsSealed reports whether text looks like a sealed value (it has the
// prefix); Parse says whether it is a well-formed one.
func IsSealed(text string) bool { return strings.HasPrefix(text, Prefix) }

// Parse reads a sealed value. Its errors wrap ErrFormat and name the part
// that is wrong, without echoing the value.
func Parse(text string) (Sealed, error) {
	ver, rest, ok := strings.Cut(text, ":")
	if !ok {
		return Sealed{}, fmt.Errorf("%w: no version prefix (want v1:k<id>:<data>)", ErrFormat)
	}
	if ver != "v1" {
		if len(ver) > 8 {
			ver = ver[:8] + "…"
		}
		return Sealed{}, fmt.Errorf("%w: unknown format version %q (this build reads v1)", ErrFormat, ver)
	}
	kid, body, ok := strings.Cut(rest, ":")
	if !ok {
		return Sealed{}, fmt.Errorf("%w: no key id (want v1:k<id>:<data>)", ErrFormat)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(kid, "k"), 10, 64)
	if !strings.HasPrefix(kid, "k") || err != nil || id <= 0 || KeyName(id) != kid {
		if len(kid) > 12 {
			kid = kid[:12] + "…"
		}
		return Sealed{}, fmt.Errorf("%w: key id %q is not k<number>", ErrFormat, kid)
	}
	box, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return Sealed{}, fmt.Errorf("%w: the data is not unpadded base64url", ErrFormat)
	}
	if len(box) < overhead {
		return Sealed{}, fmt.Errorf("%w: the data is %d bytes, shorter than a nonce and a tag (%d)", ErrFormat, len(box), overhead)
	}
	return Sealed{KeyID: id, Box: box}, nil
}

// sealBox encrypts plaintext under key with a fresh random nonce.
func sealBox(key Key, aad, plaintext []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	box := make([]byte, chacha20poly1305.NonceSizeX, overhead+len(plaintext))
	if _, err := io.ReadFull(rand.Reader, box); err != nil {
		return nil, fmt.Errorf("seal: make a nonce: %w", err)
	}
	return aead.Seal(box, box, plaintext, aad), nil
}

// openBox decrypts a box made by sealBox.
func openBox(key Key, aad, box []byte) ([]byte, error) {
	if len(box) < overhead {
		return nil, fmt.Errorf("%w: too short", ErrFormat)
	}
	aead, err := chacha20poly1305.NewX(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	n := chacha20poly1305.NonceSizeX
	out, err := aead.Open(nil, box[:n], box[n:], aad)
	if err != nil {
		return nil, ErrAuth
	}
	return out, nil
}

// AAD is the additional data that binds a sealed field to its place:
// "table.column:id".
func AAD(table, column string, id int64) string {
	return table + "." + column + ":" + strconv.FormatInt(id, 10)
}

// Keyring holds unwrapped data keys by number and names the current one,
// which Seal uses. It is not safe for concurrent mutation; build one per
// use or guard it.
type Keyring struct {
	current int64
	keys    map[int64]Key
}

// NewKeyring returns an empty keyring.
func NewKeyring() *Keyring { return &Keyring{keys: map[int64]Key{}} }

// Add puts data key id in the ring; current makes it the key Seal uses.
func (r *Keyring) Add(id int64, k Key, current bool) {
	r.keys[id] = k
	if current {
		r.current = id
	}
}

// Current returns the number of the key Seal uses (0 when none).
func (r *Keyring) Current() int64 { return r.current }

// Has reports whether the ring holds data key id.
func (r *Keyring) Has(id int64) bool { _, ok := r.keys[id]; return ok }

// Seal encrypts plaintext for the place aad names ("table.column:id")
// under the current key, and returns "v1:k<id>:<data>".
func (r *Keyring) Seal(aad, plaintext string) (string, error) {
	k, ok := r.keys[r.current]
	if !ok || r.current == 0 {
		return "", fmt.Errorf("seal %s: no current data key", aad)
	}
	box, err := sealBox(k, []byte(aad), []byte(plaintext))
	if err != nil {
		return "", err
	}
	return Sealed{KeyID: r.current, Box: box}.String(), nil
}

// Open decrypts a sealed value found at the place aad names. Its errors
// name the place and wrap ErrFormat, ErrUnknownKey or ErrAuth.
func (r *Keyring) Open(aad, sealed string) (string, error) {
	s, err := Parse(sealed)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", aad, err)
	}
	k, ok := r.keys[s.KeyID]
	if !ok {
		return "", fmt.Errorf("open %s: %w %s", aad, ErrUnknownKey, KeyName(s.KeyID))
	}
	out, err := openBox(k, []byte(aad), s.Box)
	if err != nil {
		return "", fmt.Errorf("open %s: sealed value under %s %w (wrong key, moved from another row or column, or altered)", aad, KeyName(s.KeyID), err)
	}
	return string(out), nil
}

// Wrap encrypts data key id under the KEK, for storage in the database.
// The additional data binds it to its number.
func Wrap(kek Key, id int64, dek Key) (string, error) {
	if !kek.set || !dek.set {
		return "", errors.New("seal: wrap: missing key")
	}
	box, err := sealBox(kek, wrapAAD(id), dek.b[:])
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(box), nil
}

// Unwrap decrypts data key id wrapped by Wrap; a wrong KEK gives ErrAuth.
func Unwrap(kek Key, id int64, wrapped string) (Key, error) {
	box, err := base64.RawURLEncoding.DecodeString(wrapped)
	if err != nil {
		return Key{}, fmt.Errorf("unwrap data key %s: %w: not base64url", KeyName(id), ErrFormat)
	}
	raw, err := openBox(kek, wrapAAD(id), box)
	if err != nil {
		return Key{}, fmt.Errorf("unwrap data key %s: %w", KeyName(id), err)
	}
	if len(raw) != KeySize {
		return Key{}, fmt.Errorf("unwrap data key %s: %w: %d bytes", KeyName(id), ErrFormat, len(raw))
	}
	var k Key
	copy(k.b[:], raw)
	k.set = true
	return k, nil
}

func wrapAAD(id int64) []byte { return []byte("seal_keys.wrapped:" + strconv.FormatInt(id, 10)) }
