package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
)

// SecretLen is the length of a session or invite secret: 32 random bytes
// in lowercase unpadded base32.
const SecretLen = 52

var secretEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns 256 random bits as 52 lowercase base32 characters,
// for session cookies and invite links. Only its SHA-256 (HashSecret) is
// stored: with 256 bits of entropy a fast hash cannot be brute-forced,
// and a slow one on every request would be a denial of service.
func NewSecret() (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("auth: random secret: %w", err)
	}
	return strings.ToLower(secretEncoding.EncodeToString(raw)), nil
}

// WellFormedSecret reports whether s looks like a NewSecret value, so that
// junk is refused before any lookup.
func WellFormedSecret(s string) bool {
	if len(s) != SecretLen {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '2' && c <= '7') {
			return false
		}
	}
	return true
}

// HashSecret is the hex SHA-256 of a secret, the form in which it is
// stored and looked up.
func HashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
