// Package auth holds vigil's credential primitives: argon2id password
// hashes in the PHC string format, RFC 6238 time-based one-time passwords,
// and random secrets for sessions and invites. It does no I/O; the store
// decides when to call it and keeps the state (lockouts, used TOTP steps).
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. They are recorded in every hash
// (PHC string format), so a hash made under older parameters still
// verifies, and NeedsRehash tells when to replace it.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams follow RFC 9106's second recommended option (t=3, 64 MiB)
// with two lanes for our two-core machines; see docs/security.md for the
// measured cost.
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// TestParams are cheap parameters for tests, where hundreds of hashes are
// made; never use them in production.
func TestParams() Params {
	return Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Limits on parameters read back from a hash, so that a corrupt or
// hostile hash cannot make the server allocate gigabytes.
const (
	maxMemory  = 1 << 21 // 2 GiB in KiB
	maxTime    = 64
	maxKeyLen  = 128
	maxSaltLen = 64
	// MaxPasswordBytes bounds the input to the hash.
	MaxPasswordBytes = 1024
)

func (p Params) validate() error {
	switch {
	case p.Threads < 1:
		return errors.New("p must be at least 1")
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("m=%d is outside 8·p..%d KiB", p.Memory, maxMemory)
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("t=%d is outside 1..%d", p.Time, maxTime)
	case p.KeyLen < 16 || p.KeyLen > maxKeyLen:
		return fmt.Errorf("hash length %d is outside 16..%d bytes", p.KeyLen, maxKeyLen)
	case p.SaltLen < 8 || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d is outside 8..%d bytes", p.SaltLen, maxSaltLen)
	}
	return nil
}

// Hasher hashes and verifies passwords with fixed parameters, running at
// most a few argon2id computations at once: each one holds Params.Memory
// KiB, and a burst of logins must not exhaust the server's memory.
type Hasher struct {
	params Params
	slots  chan struct{}
}

// NewHasher returns a hasher for p (the zero Params mean DefaultParams)
// that runs at most concurrency hashes at once (0 means the number of
// CPUs, at least 2).
func NewHasher(p Params, concurrency int) (*Hasher, error) {
	if p == (Params{}) {
		p = DefaultParams()
	}
	if err := p.validate(); err != nil {
		return nil, fmt.Errorf("auth: argon2id parameters: %w", err)
	}
	if concurrency <= 0 {
		concurrency = max(2, runtime.NumCPU())
	}
	return &Hasher{params: p, slots: make(chan struct{}, concurrency)}, nil
}

// Params returns the parameters new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

func (h *Hasher) key(password, salt []byte, p Params) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	return argon2.IDKey(password, salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Hash returns the PHC string of password under the hasher's parameters
// with a fresh random salt:
//
//	$argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash>
//
// with salt and hash in unpadded standard base64.
func (h *Hasher) Hash(password string) (string, error) {
	if len(password) > MaxPasswordBytes {
		return "", fmt.Errorf("auth: password is longer than %d bytes", MaxPasswordBytes)
	}
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := h.key([]byte(password), salt, h.params)
	return encodePHC(h.params, salt, key), nil
}

// Verify reports whether password matches the PHC string encoded,
// comparing in constant time. A malformed hash is an error, never a match.
func (h *Hasher) Verify(password, encoded string) (bool, error) {
	p, salt, want, err := ParsePHC(encoded)
	if err != nil {
		return false, err
	}
	if len(password) > MaxPasswordBytes {
		return false, nil
	}
	got := h.key([]byte(password), salt, p)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether encoded was made with parameters other than
// the hasher's (or cannot be read), so that a successful login should
// store a fresh hash.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, _, _, err := ParsePHC(encoded)
	return err != nil || p != h.params
}

func encodePHC(p Params, salt, key []byte) string {
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// ParsePHC reads an argon2id PHC string into its parameters, salt and
// hash. It refuses other algorithms, other versions, missing or
// repeated parameters and values outside sane bounds.
func ParsePHC(encoded string) (Params, []byte, []byte, error) {
	fail := func(format string, args ...any) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("auth: password hash: "+format, args...)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("not a PHC string ($argon2id$v=…$m=…,t=…,p=…$salt$hash)")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return fail("version %q is not v=%d", parts[2], argon2.Version)
	}
	var p Params
	seen := map[string]bool{}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return fail("parameter %q is malformed or repeated", kv)
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil {
			return fail("parameter %s=%q is not a number", k, v)
		}
		switch k {
		case "m":
			p.Memory = uint32(n)
		case "t":
			p.Time = uint32(n)
		case "p":
			if n > 255 {
				return fail("p=%d is above 255", n)
			}
			p.Threads = uint8(n)
		default:
			return fail("unknown parameter %q", k)
		}
	}
	if len(seen) != 3 {
		return fail("parameters %q must be m, t and p", parts[3])
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return fail("salt: %v", err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil {
		return fail("hash: %v", err)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.validate(); err != nil {
		return fail("%v", err)
	}
	return p, salt, key, nil
}
