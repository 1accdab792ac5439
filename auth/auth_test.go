package auth

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"hash"
	"net/url"
	"strings"
	"testing"
	"time"
)

func mustHasher(tb testing.TB, p Params) *Hasher {
	tb.Helper()
	h, err := NewHasher(p, 2)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func TestPasswordRoundTrip(t *testing.T) {
	h := mustHasher(t, TestParams())
	cases := []struct{ name, password string }{
		{"ascii", "correct horse battery staple"},
		{"korean", "비밀번호는 길수록 좋습니다"},
		{"empty", ""},
		{"longest", strings.Repeat("x", MaxPasswordBytes)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			enc, err := h.Hash(c.password)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(enc, "$argon2id$v=19$m=1024,t=1,p=1$") {
				t.Fatalf("hash %q does not record its parameters", enc)
			}
			ok, err := h.Verify(c.password, enc)
			if err != nil || !ok {
				t.Fatalf("verify own hash: ok=%v err=%v", ok, err)
			}
			ok, err = h.Verify(c.password+"x", enc)
			if err != nil || ok {
				t.Fatalf("wrong password: ok=%v err=%v", ok, err)
			}
			again, _ := h.Hash(c.password)
			if again == enc {
				t.Fatal("two hashes of one password are equal: the salt is not random")
			}
		})
	}
	t.Run("too long", func(t *testing.T) {
		if _, err := h.Hash(strings.Repeat("x", MaxPasswordBytes+1)); err == nil {
			t.Fatal("hashed a password over the limit")
		}
	})
}

func TestVerifyUsesTheHashsOwnParameters(t *testing.T) {
	old := mustHasher(t, Params{Memory: 2048, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32})
	enc, err := old.Hash("s3cret password")
	if err != nil {
		t.Fatal(err)
	}
	cur := mustHasher(t, TestParams())
	ok, err := cur.Verify("s3cret password", enc)
	if err != nil || !ok {
		t.Fatalf("a hash made under older parameters must still verify: ok=%v err=%v", ok, err)
	}
	if !cur.NeedsRehash(enc) {
		t.Error("NeedsRehash is false for a hash with other parameters")
	}
	if old.NeedsRehash(enc) {
		t.Error("NeedsRehash is true for a hash with the current parameters")
	}
	if !cur.NeedsRehash("garbage") {
		t.Error("NeedsRehash is false for an unreadable hash")
	}
}

func TestParsePHCErrors(t *testing.T) {
	h := mustHasher(t, TestParams())
	good, _ := h.Hash("pw")
	parts := strings.Split(good, "$")
	with := func(i int, v string) string {
		p := append([]string(nil), parts...)
		p[i] = v
		return strings.Join(p, "$")
	}
	cases := []struct{ name, enc, want string }{
		{"empty", "", "not a PHC string"},
		{"too few fields", "$argon2id$v=19$m=1024,t=1,p=1$abc", "not a PHC string"},
		{"argon2i", with(1, "argon2i"), `algorithm "argon2i"`},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "not a PHC string"},
		{"old version", with(2, "v=16"), "version"},
		{"missing t", with(3, "m=1024,p=1"), "must be m, t and p"},
		{"repeated m", with(3, "m=1024,m=1024,p=1"), "repeated"},
		{"unknown key", with(3, "m=1024,t=1,p=1,x=2"), "unknown parameter"},
		{"not a number", with(3, "m=lots,t=1,p=1"), "not a number"},
		{"zero time", with(3, "m=1024,t=0,p=1"), "t=0"},
		{"huge memory", with(3, "m=4294967295,t=1,p=1"), "m=4294967295"},
		{"bad salt", with(4, "!!!"), "salt"},
		{"bad hash", with(5, "***"), "hash"},
		{"short hash", with(5, "AAAA"), "hash length"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := ParsePHC(c.enc)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("ParsePHC(%q) error %v, want one containing %q", c.enc, err, c.want)
			}
			if ok, err := h.Verify("pw", c.enc); ok || err == nil {
				t.Fatalf("Verify accepted a malformed hash: ok=%v err=%v", ok, err)
			}
		})
	}
}

func TestNewHasherRefusesBadParams(t *testing.T) {
	if _, err := NewHasher(Params{Memory: 4, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 1); err == nil {
		t.Fatal("accepted 4 KiB of memory")
	}
	h, err := NewHasher(Params{}, 0)
	if err != nil || h.Params() != DefaultParams() {
		t.Fatalf("zero params: %+v %v", h, err)
	}
}

// RFC 4226, appendix D.
func TestHOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for i, w := range want {
		if got := HOTP(key, uint64(i), 6, sha1.New); got != w {
			t.Errorf("HOTP counter %d = %s, want %s", i, got, w)
		}
	}
}

// RFC 6238, appendix B: eight-digit codes for SHA-1, SHA-256 and SHA-512.
func TestTOTPVectors(t *testing.T) {
	seeds := []struct {
		name string
		key  string
		h    func() hash.Hash
	}{
		{"SHA1", "12345678901234567890", sha1.New},
		{"SHA256", "12345678901234567890123456789012", sha256.New},
		{"SHA512", "1234567890123456789012345678901234567890123456789012345678901234", sha512.New},
	}
	vectors := []struct {
		unix int64
		want [3]string
	}{
		{59, [3]string{"94287082", "46119246", "90693936"}},
		{1111111109, [3]string{"07081804", "68084774", "25091201"}},
		{1111111111, [3]string{"14050471", "67062674", "99943326"}},
		{1234567890, [3]string{"89005924", "91819424", "93441116"}},
		{2000000000, [3]string{"69279037", "90698825", "38618901"}},
		{20000000000, [3]string{"65353130", "77737706", "47863826"}},
	}
	for _, v := range vectors {
		for i, s := range seeds {
			t.Run(s.name+"/"+time.Unix(v.unix, 0).UTC().Format(time.RFC3339), func(t *testing.T) {
				step := TOTPStep(time.Unix(v.unix, 0))
				if got := HOTP([]byte(s.key), uint64(step), 8, s.h); got != v.want[i] {
					t.Errorf("got %s, want %s", got, v.want[i])
				}
			})
		}
	}
	// The six-digit code apps show is the last six digits of the same
	// truncation, through the base32 secret.
	secret := base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))
	code, err := TOTPCode(secret, time.Unix(1111111109, 0))
	if err != nil || code != "081804" {
		t.Errorf("TOTPCode = %q, %v; want 081804", code, err)
	}
}

func TestVerifyTOTP(t *testing.T) {
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 {
		t.Fatalf("secret %q is not 32 base32 characters", secret)
	}
	now := time.Date(2024, 5, 20, 9, 30, 10, 0, time.UTC)
	code := func(at time.Time) string {
		c, err := TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	step := TOTPStep(now)
	cases := []struct {
		name     string
		code     string
		lastStep int64
		ok       bool
		step     int64
	}{
		{"current step", code(now), 0, true, step},
		{"previous step (skew)", code(now.Add(-30 * time.Second)), 0, true, step - 1},
		{"next step (skew)", code(now.Add(30 * time.Second)), 0, true, step + 1},
		{"two steps old", code(now.Add(-60 * time.Second)), 0, false, 0},
		{"two steps ahead", code(now.Add(60 * time.Second)), 0, false, 0},
		{"replayed: step already used", code(now), step, false, 0},
		{"earlier than the last used step", code(now.Add(-30 * time.Second)), step, false, 0},
		{"later than the last used step", code(now.Add(30 * time.Second)), step, true, step + 1},
		{"spaces around", " " + code(now) + " ", 0, true, step},
		{"too short", code(now)[:5], 0, false, 0},
		{"letters", "abcdef", 0, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := VerifyTOTP(secret, c.code, now, c.lastStep)
			if err != nil || ok != c.ok || got != c.step {
				t.Fatalf("VerifyTOTP = step %d ok %v err %v; want step %d ok %v", got, ok, err, c.step, c.ok)
			}
		})
	}
	t.Run("lower case and grouped secret", func(t *testing.T) {
		_, ok, err := VerifyTOTP(strings.ToLower(GroupSecret(secret)), code(now), now, 0)
		if err != nil || !ok {
			t.Fatalf("ok=%v err=%v", ok, err)
		}
	})
	t.Run("bad secret", func(t *testing.T) {
		if _, _, err := VerifyTOTP("not base32!", "123456", now, 0); err == nil {
			t.Fatal("no error for a malformed secret")
		}
	})
}

func TestTOTPURI(t *testing.T) {
	uri := TOTPURI("vigil", "kim@example.org", "JBSWY3DPEHPK3PXP")
	u, err := url.Parse(uri)
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" || u.Path != "/vigil:kim@example.org" {
		t.Errorf("uri %s", uri)
	}
	q := u.Query()
	if q.Get("secret") != "JBSWY3DPEHPK3PXP" || q.Get("issuer") != "vigil" || q.Get("digits") != "6" || q.Get("period") != "30" {
		t.Errorf("query %v", q)
	}
	if got := GroupSecret("JBSWY3DPEHPK3PXP"); got != "JBSW Y3DP EHPK 3PXP" {
		t.Errorf("GroupSecret = %q", got)
	}
}

func TestSecrets(t *testing.T) {
	a, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewSecret()
	if a == b || !WellFormedSecret(a) || !WellFormedSecret(b) {
		t.Fatalf("secrets %q %q", a, b)
	}
	for _, bad := range []string{"", a[:51], a + "a", strings.ToUpper(a), a[:51] + "1", a[:51] + "="} {
		if WellFormedSecret(bad) {
			t.Errorf("WellFormedSecret(%q) = true", bad)
		}
	}
	if HashSecret(a) == HashSecret(b) || len(HashSecret(a)) != 64 {
		t.Error("HashSecret is not a hex SHA-256")
	}
}
