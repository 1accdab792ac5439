package seal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestDigest(t *testing.T) {
	r1, _ := mustRing(t, 1)
	r2, _ := mustRing(t, 2)
	msg := "7\x00김규리\x00010-0000-0000"
	d, err := r1.Digest("signer", msg)
	if err != nil {
		t.Fatal(err)
	}
	plain := sha256.Sum256([]byte(msg))
	cases := []struct {
		name string
		got  func() (string, error)
		same bool
	}{
		{"same key, purpose and message", func() (string, error) { return r1.Digest("signer", msg) }, true},
		{"another message", func() (string, error) { return r1.Digest("signer", msg+" ") }, false},
		{"another purpose", func() (string, error) { return r1.Digest("other", msg) }, false},
		{"another key", func() (string, error) { return r2.Digest("signer", msg) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.got()
			if err != nil {
				t.Fatal(err)
			}
			if (got == d) != c.same {
				t.Fatalf("digest %q vs %q: want equal %v", got, d, c.same)
			}
		})
	}
	t.Run("format", func(t *testing.T) {
		if !strings.HasPrefix(d, "h1:k1:") || len(d) != len("h1:k1:")+64 {
			t.Fatalf("digest %q: want h1:k1: and 64 hex digits", d)
		}
		if strings.Contains(d, hex.EncodeToString(plain[:])) {
			t.Fatal("the keyed digest contains the plain SHA-256 of the message")
		}
		if id, err := ParseDigest(d); err != nil || id != 1 {
			t.Fatalf("ParseDigest = %d, %v", id, err)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		for _, bad := range []string{"", hex.EncodeToString(plain[:]), "h1:k0:" + strings.Repeat("a", 64), "h1:k1:abc", "h1:x:" + strings.Repeat("a", 64), "v1:k1:" + strings.Repeat("a", 64)} {
			if _, err := ParseDigest(bad); !errors.Is(err, ErrDigest) {
				t.Errorf("ParseDigest(%q) = %v, want ErrDigest", bad, err)
			}
		}
	})
	t.Run("no current key", func(t *testing.T) {
		if _, err := NewKeyring().Digest("signer", msg); err == nil {
			t.Fatal("a digest without a key")
		}
	})
}

func TestBlob(t *testing.T) {
	k, other := MustKey(t), MustKey(t)
	page := []byte("<html><title>소식통 김규리</title></html>")
	sealed, err := SealBlob(k, "blob:1", page)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(sealed, []byte(BlobPrefix)) || bytes.Contains(sealed, []byte("김규리")) {
		t.Fatal("a sealed blob lacks its header or holds the plaintext")
	}
	if got, err := OpenBlob(k, "blob:1", sealed); err != nil || !bytes.Equal(got, page) {
		t.Fatalf("open = %q, %v", got, err)
	}
	flipped := append([]byte(nil), sealed...)
	flipped[len(flipped)-3] ^= 1
	cases := []struct {
		name string
		key  Key
		aad  string
		in   []byte
		want error
	}{
		{"another key", other, "blob:1", sealed, ErrAuth},
		{"another aad", k, "blob:2", sealed, ErrAuth},
		{"a flipped bit", k, "blob:1", flipped, ErrAuth},
		{"plain bytes", k, "blob:1", page, ErrFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := OpenBlob(c.key, c.aad, c.in); !errors.Is(err, c.want) {
				t.Fatalf("open: %v, want %v", err, c.want)
			}
		})
	}
	if _, err := SealBlob(Key{}, "blob:1", page); err == nil {
		t.Fatal("sealed with the zero key")
	}
}
