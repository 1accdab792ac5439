package seal

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MustKey returns a fresh key or fails the test.
func MustKey(tb testing.TB) Key {
	tb.Helper()
	k, err := NewKey()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

func mustRing(tb testing.TB, id int64) (*Keyring, Key) {
	tb.Helper()
	k := MustKey(tb)
	r := NewKeyring()
	r.Add(id, k, true)
	return r, k
}

func TestRoundTrip(t *testing.T) {
	r, _ := mustRing(t, 1)
	cases := []struct{ name, plain string }{
		{"korean name", "김규리"},
		{"korean sentence", "함경북도 소식통에 따르면 탈북민 200여 명이 북송됐다"},
		{"mixed scripts", "Kim Gyuri 김규리 金奎利"},
		{"empty", ""},
		{"json list", `[{"name":"박씨","lang":"ko"}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			aad := AAD("actors", "name_ko", 7)
			s, err := r.Seal(aad, c.plain)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(s, "v1:k1:") || (c.plain != "" && strings.Contains(s, c.plain)) {
				t.Fatalf("sealed value %q: want the v1:k1: prefix and no plaintext", s)
			}
			got, err := r.Open(aad, s)
			if err != nil || got != c.plain {
				t.Fatalf("open = %q, %v; want %q", got, err, c.plain)
			}
			again, _ := r.Seal(aad, c.plain)
			if again == s {
				t.Fatal("two seals of the same text are equal: the nonce is not random")
			}
		})
	}
}

func TestOpenFailures(t *testing.T) {
	r, _ := mustRing(t, 1)
	aad := AAD("actors", "name_ko", 7)
	s, err := r.Seal(aad, "김혁")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Parse(s)
	flipped := p
	flipped.Box = append([]byte(nil), p.Box...)
	flipped.Box[len(flipped.Box)/2] ^= 1
	other, _ := mustRing(t, 1)
	cases := []struct {
		name    string
		ring    *Keyring
		aad, in string
		want    error
		msg     string
	}{
		{"other row", r, AAD("actors", "name_ko", 8), s, ErrAuth, "open actors.name_ko:8: sealed value under k1 does not authenticate"},
		{"other column", r, AAD("actors", "name_en", 7), s, ErrAuth, "does not authenticate"},
		{"other table", r, AAD("claims", "name_ko", 7), s, ErrAuth, "does not authenticate"},
		{"tampered ciphertext", r, aad, flipped.String(), ErrAuth, "does not authenticate"},
		{"wrong key", other, aad, s, ErrAuth, "does not authenticate"},
		{"unknown key id", r, aad, strings.Replace(s, "v1:k1:", "v1:k2:", 1), ErrUnknownKey, "open actors.name_ko:7: unknown data key k2"},
		{"plaintext", r, aad, "김혁", ErrFormat, "no version prefix"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.ring.Open(c.aad, c.in)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("open = %q, %v; want %v with %q", got, err, c.want, c.msg)
			}
			if got != "" || strings.Contains(err.Error(), "김혁") {
				t.Fatalf("a failed open returned or named the plaintext: %q, %v", got, err)
			}
		})
	}
}

func TestParseErrorsAreNamed(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"empty", "", "no version prefix"},
		{"no prefix", "hello", "no version prefix"},
		{"future version", "v2:k1:AAAA", `unknown format version "v2"`},
		{"no key id", "v1:AAAA", "no key id"},
		{"key id without k", "v1:1:AAAA", `key id "1" is not k<number>`},
		{"key id zero", "v1:k0:AAAA", `key id "k0" is not k<number>`},
		{"key id with leading zero", "v1:k01:AAAA", `key id "k01" is not k<number>`},
		{"padded base64", "v1:k1:AAAA==", "not unpadded base64url"},
		{"standard base64", "v1:k1:a+b/", "not unpadded base64url"},
		{"too short", "v1:k1:AAAA", "the data is 3 bytes, shorter than a nonce and a tag (40)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.in)
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Parse(%q) = %v, want ErrFormat with %q", c.in, err, c.want)
			}
		})
	}
	t.Run("well formed", func(t *testing.T) {
		r, _ := mustRing(t, 12)
		s, _ := r.Seal("a.b:1", "x")
		p, err := Parse(s)
		if err != nil || p.KeyID != 12 || p.String() != s {
			t.Fatalf("Parse(%q) = %+v, %v", s, p, err)
		}
	})
}

func TestWrap(t *testing.T) {
	kek, dek := MustKey(t), MustKey(t)
	w, err := Wrap(kek, 3, dek)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(w, dek.Encode()) {
		t.Fatal("wrapped key contains the key")
	}
	got, err := Unwrap(kek, 3, w)
	if err != nil || got.Encode() != dek.Encode() {
		t.Fatalf("unwrap: %v", err)
	}
	if _, err := Unwrap(MustKey(t), 3, w); !errors.Is(err, ErrAuth) {
		t.Fatalf("unwrap with another KEK: %v, want ErrAuth", err)
	}
	if _, err := Unwrap(kek, 4, w); !errors.Is(err, ErrAuth) {
		t.Fatalf("unwrap as another key id: %v, want ErrAuth", err)
	}
}

func TestKeysNeverPrint(t *testing.T) {
	k := MustKey(t)
	secret := k.Encode()
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("key", "k", k)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("key", "k", k)
	js, jerr := json.Marshal(struct{ K Key }{k})
	outputs := []string{
		fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s %x %X %d %q", k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v", struct{ K Key }{k}), logged.String(), string(js),
	}
	raw, _ := ParseKey(secret)
	for _, out := range outputs {
		if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", raw.b[:4])) {
			t.Fatalf("a key's bytes were printed: %s", out)
		}
	}
	if jerr == nil {
		t.Fatalf("a key marshalled to JSON: %s", js)
	}
	if !strings.Contains(fmt.Sprint(k), k.Fingerprint()) || len(k.Fingerprint()) != 16 {
		t.Fatalf("String %q should show the 16-digit fingerprint %q", k, k.Fingerprint())
	}
}

func TestParseKey(t *testing.T) {
	k := MustKey(t)
	cases := []struct{ name, in, want string }{
		{"empty", "  \n", "it is empty"},
		{"not base64", "this is not a key!", "not base64 (18 characters"},
		{"short", "AAAA", "decodes to 3 bytes, want 32"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseKey(c.in); !errors.Is(err, ErrKeyFormat) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParseKey(%q) = %v, want %q", c.in, err, c.want)
			}
		})
	}
	t.Run("with newline and without padding", func(t *testing.T) {
		for _, in := range []string{k.Encode() + "\n", strings.TrimRight(k.Encode(), "=")} {
			got, err := ParseKey(in)
			if err != nil || got.Fingerprint() != k.Fingerprint() {
				t.Fatalf("ParseKey: %v", err)
			}
		}
	})
}

func TestFileSource(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "vigil.key")
	f := FileSource(path)
	if _, err := f.Load(); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "key file "+path+" does not exist") {
		t.Fatalf("missing file: %v", err)
	}
	k, err := f.Create()
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	again, err := f.Create()
	if err != nil || again.Fingerprint() != k.Fingerprint() {
		t.Fatalf("a second Create replaced the key: %v", err)
	}
	loaded, err := f.Load()
	if err != nil || loaded.Fingerprint() != k.Fingerprint() {
		t.Fatalf("load: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), "may be read by other users (mode 0644); run chmod 600") {
		t.Fatalf("world-readable key file: %v", err)
	}
	bad := filepath.Join(dir, "bad.key")
	if err := os.WriteFile(bad, []byte("nope"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := FileSource(bad).Load(); !errors.Is(err, ErrKeyFormat) || !strings.Contains(err.Error(), "key file "+bad) {
		t.Fatalf("bad key file: %v", err)
	}
}

func TestEnvSource(t *testing.T) {
	k := MustKey(t)
	if got, err := EnvSource("VIGIL_KEY", k.Encode()).Load(); err != nil || got.Fingerprint() != k.Fingerprint() {
		t.Fatalf("load: %v", err)
	}
	if _, err := EnvSource("VIGIL_KEY", "").Load(); !errors.Is(err, ErrNoKey) || !strings.Contains(err.Error(), "environment variable VIGIL_KEY is empty") {
		t.Fatalf("empty: %v", err)
	}
	if _, err := EnvSource("VIGIL_KEY", "xyz").Load(); !errors.Is(err, ErrKeyFormat) || !strings.Contains(err.Error(), "environment variable VIGIL_KEY") || strings.Contains(err.Error(), "xyz") {
		t.Fatalf("bad value: %v (must name the variable, not echo the value)", err)
	}
	a, b := Ephemeral(), Ephemeral()
	ka, _ := a.Load()
	kb, _ := b.Load()
	if !ka.Valid() || ka.Fingerprint() == kb.Fingerprint() {
		t.Fatal("ephemeral keys should be valid and distinct")
	}
}

func BenchmarkSealOpen(b *testing.B) {
	r, _ := mustRing(b, 1)
	aad := AAD("actors", "name_ko", 12345)
	plain := "함경북도 소식통에 따르면 탈북민 김규리 씨의 가족이 보위부에 체포됐다"
	b.ReportAllocs()
	for b.Loop() {
		s, err := r.Seal(aad, plain)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Open(aad, s); err != nil {
			b.Fatal(err)
		}
	}
}
