package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"hash"
	"net/url"
	"strings"
	"time"
)

// TOTP settings every authenticator app understands: RFC 6238 with
// HMAC-SHA1, six digits, 30-second steps. Verification accepts the
// previous, current and next step (Skew) to allow for clock drift and
// typing time.
const (
	TOTPPeriod = 30 // seconds
	TOTPDigits = 6
	TOTPSkew   = 1 // steps either side
	// totpSecretBytes is RFC 4226's recommended 160-bit key.
	totpSecretBytes = 20
)

// b32 is RFC 4648 base32 without padding, as authenticator apps expect.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a fresh 160-bit secret in base32 (32 characters).
func NewTOTPSecret() (string, error) {
	raw := make([]byte, totpSecretBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: totp secret: %w", err)
	}
	return b32.EncodeToString(raw), nil
}

// decodeSecret reads a base32 secret, forgiving spaces, lower case and
// padding, as people copy them.
func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", "=", "").Replace(secret))
	key, err := b32.DecodeString(s)
	if err != nil || len(key) == 0 {
		return nil, fmt.Errorf("auth: totp secret is not base32")
	}
	return key, nil
}

// HOTP is RFC 4226's HMAC-based one-time password for key and counter,
// with digits digits, using the hash (sha1.New for TOTP apps).
func HOTP(key []byte, counter uint64, digits int, h func() hash.Hash) string {
	mac := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// TOTPStep is the RFC 6238 time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / TOTPPeriod }

// TOTPCode returns the six-digit code of secret at time t. Tests and
// browser tests use it to sign in with a known clock.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	return HOTP(key, uint64(TOTPStep(t)), TOTPDigits, sha1.New), nil
}

// VerifyTOTP checks code against secret at time now, accepting the steps
// within TOTPSkew of now that are later than lastStep: a code, once
// used, can never be used again (replay protection), and neither can
// an earlier one. It returns the matched step, which the caller must
// store as the new lastStep.
func VerifyTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool, err error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return 0, false, err
	}
	code = strings.TrimSpace(code)
	if len(code) != TOTPDigits {
		return 0, false, nil
	}
	cur := TOTPStep(now)
	matched := int64(0)
	for s := cur - TOTPSkew; s <= cur+TOTPSkew; s++ {
		want := HOTP(key, uint64(s), TOTPDigits, sha1.New)
		// Every candidate is compared, in constant time, whatever matched.
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && s > lastStep && matched == 0 {
			matched = s
		}
	}
	return matched, matched != 0, nil
}

// TOTPURI is the otpauth:// URI an authenticator app reads (as a QR code
// or a link): otpauth://totp/<issuer>:<account>?secret=…&issuer=….
func TOTPURI(issuer, account, secret string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", fmt.Sprint(TOTPDigits))
	q.Set("period", fmt.Sprint(TOTPPeriod))
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// GroupSecret splits a base32 secret into groups of four for people to
// read and type.
func GroupSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}
