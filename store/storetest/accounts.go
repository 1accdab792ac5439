package storetest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"vigil"
	"vigil/auth"
	"vigil/store"
)

// Clock is a settable clock for tests of expiries, lockouts and TOTP
// steps. It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t.UTC()} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestAccountPolicy is a policy with cheap hashes and a small address
// limit, for tests.
func TestAccountPolicy() store.AccountPolicy {
	return store.AccountPolicy{Argon2: auth.TestParams(), AddressThreshold: 8}
}

// AccountStore returns a fresh store with TestAccountPolicy on a clock
// stopped at 2024-05-20 09:30:10 UTC.
func AccountStore(t *testing.T, open Opener) (*store.Store, *Clock) {
	t.Helper()
	clock := NewClock(time.Date(2024, 5, 20, 9, 30, 10, 0, time.UTC))
	s, err := open(t).WithAccounts(TestAccountPolicy())
	MustOK(t, err, "account policy")
	return s.WithClock(clock.Now), clock
}

// Password is the password MustUser gives every account.
const Password = "correct horse battery staple"

// MustUser creates an account as Admin.
func MustUser(tb testing.TB, s *store.Store, email string, role vigil.Role, clearance vigil.Sensitivity) *vigil.User {
	tb.Helper()
	u := &vigil.User{Email: email, Name: strings.Split(email, "@")[0], Role: role, Clearance: clearance}
	MustOK(tb, s.CreateUser(As(Admin), u, Password), "create user "+email)
	return u
}

// MustLogin signs in and returns the session and its secret.
func MustLogin(tb testing.TB, s *store.Store, email string) (*vigil.Session, string) {
	tb.Helper()
	se, secret, err := s.Login(As(Anonymous), email, Password, vigil.Client{IP: "192.0.2.1", UserAgent: "test"})
	MustOK(tb, err, "login "+email)
	return se, secret
}

// MustCode returns the current TOTP code of secret.
func MustTOTP(tb testing.TB, secret string, at time.Time) string {
	tb.Helper()
	code, err := auth.TOTPCode(secret, at)
	MustOK(tb, err, "totp code")
	return code
}

// MustEnrol signs an account in, sets up its second factor and returns a
// full session's secret and the TOTP secret.
func MustEnrol(tb testing.TB, s *store.Store, clock *Clock, email string) (session, totp string) {
	tb.Helper()
	se, secret := MustLogin(tb, s, email)
	if se.Stage != vigil.StageEnrol {
		tb.Fatalf("login of %s is in stage %s, want enrol", email, se.Stage)
	}
	e, err := s.PendingTOTP(As(Anonymous), secret)
	MustOK(tb, err, "pending totp")
	_, full, err := s.ConfirmTOTP(As(Anonymous), secret, MustTOTP(tb, e.Secret, clock.Now()), vigil.Client{})
	MustOK(tb, err, "confirm totp")
	return full, e.Secret
}

// mustNoSecrets fails when the audit log holds any of the strings, or
// anything that looks like a password hash.
func mustNoSecrets(tb testing.TB, s *store.Store, secrets ...string) {
	tb.Helper()
	if n := QueryInt(tb, s, "SELECT COUNT(*) FROM audit_log WHERE data LIKE '%argon2%' OR data LIKE '%password_hash%' OR data LIKE '%token_hash%'"); n != 0 {
		tb.Fatalf("%d audit entries hold a hash", n)
	}
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		if n := QueryInt(tb, s, "SELECT COUNT(*) FROM audit_log WHERE data LIKE ?", "%"+sec+"%"); n != 0 {
			tb.Fatalf("the audit log holds the secret %q", sec)
		}
		if n := QueryInt(tb, s, "SELECT COUNT(*) FROM audit_log WHERE data LIKE ?", "%"+auth.HashSecret(sec)+"%"); n != 0 {
			tb.Fatalf("the audit log holds the hash of secret %q", sec)
		}
	}
}

func testAccounts(t *testing.T, open Opener) {
	t.Run("users", func(t *testing.T) { testUsers(t, open) })
	t.Run("login", func(t *testing.T) { testLogin(t, open) })
	t.Run("lockout", func(t *testing.T) { testLockout(t, open) })
	t.Run("totp", func(t *testing.T) { testTOTP(t, open) })
	t.Run("sessions", func(t *testing.T) { testSessions(t, open) })
	t.Run("invites", func(t *testing.T) { testInvites(t, open) })
	t.Run("privileges", func(t *testing.T) { testPrivileges(t, open) })
	t.Run("passwords", func(t *testing.T) { testPasswords(t, open) })
}

func testUsers(t *testing.T, open Opener) {
	t.Run("create and find", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := &vigil.User{Email: "  Kim@Example.ORG ", Name: "김 연구원", Role: vigil.RoleContributor}
		MustOK(t, s.CreateUser(As(Admin), u, Password), "create")
		if u.ID <= 0 || u.Email != "kim@example.org" || u.Clearance != vigil.Coalition || u.Version != 1 || u.CreatedAt.IsZero() || u.TOTPEnabled || u.Disabled {
			t.Fatalf("created %+v", u)
		}
		if h := QueryString(t, s, "SELECT password_hash FROM users WHERE id = ?", u.ID); !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
			t.Fatalf("stored hash %q is not an argon2id PHC string", h)
		}
		if e := lastEntry(t, s); e.Entity != "users" || e.EntityID != u.ID || e.Action != vigil.ActionCreate {
			t.Fatalf("creation not audited: %+v", e)
		}
		mustNoSecrets(t, s, Password)
		got, err := s.FindUserByID(As(Admin), u.ID)
		MustOK(t, err, "find as admin")
		MustEqualJSON(t, got, u, "found user")
		self := u.Viewer()
		_, err = s.FindUserByID(As(self), u.ID)
		MustOK(t, err, "find self")
		other := MustUser(t, s, "lee@example.org", vigil.RoleViewer, "")
		_, err = s.FindUserByID(As(self), other.ID)
		MustCode(t, err, vigil.ENOTFOUND, "find another user as non-admin")
		list, n, err := s.FindUsers(As(Admin), vigil.UserFilter{Email: "EXAMPLE.org", Page: vigil.Page{Sort: "email"}})
		MustOK(t, err, "list")
		if n != 2 || len(list) != 2 || list[0].Email != "kim@example.org" || list[1].Clearance != vigil.Coalition {
			t.Fatalf("listed %d %+v", n, list)
		}
		list, n, err = s.FindUsers(As(Admin), vigil.UserFilter{Role: vigil.RoleViewer})
		MustOK(t, err, "list viewers")
		if n != 1 || list[0].ID != other.ID {
			t.Fatalf("viewers %+v", list)
		}
		MustVerify(t, s)
	})
	t.Run("validation and duplicates", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		cases := []struct {
			name, email string
			role        vigil.Role
			clearance   vigil.Sensitivity
			password    string
			field, want string
		}{
			{"no email", "", vigil.RoleViewer, "", Password, "email", "required"},
			{"not an email", "kim.example.org", vigil.RoleViewer, "", Password, "email", "not an email address"},
			{"bad role", "a@example.org", "superuser", "", Password, "role", "not one of"},
			{"contributor cannot be restricted", "a@example.org", vigil.RoleContributor, vigil.Restricted, Password, "clearance", "coalition records at most"},
			{"short password", "a@example.org", vigil.RoleViewer, "", "short", "password", "at least 12"},
			{"password is the email", "averylongname@example.org", vigil.RoleViewer, "", "AveryLongName@example.org", "password", "not be the email"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				u := &vigil.User{Email: c.email, Role: c.role, Clearance: c.clearance}
				MustField(t, s.CreateUser(As(Admin), u, c.password), c.field, c.want)
				if u.ID != 0 {
					t.Fatal("a refused user got an id")
				}
			})
		}
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		err := s.CreateUser(As(Admin), &vigil.User{Email: "KIM@example.org", Role: vigil.RoleEditor}, Password)
		MustCode(t, err, vigil.ECONFLICT, "duplicate email")
		lesser := Admin
		lesser.Clearance = vigil.Coalition
		MustField(t, s.CreateUser(As(lesser), &vigil.User{Email: "b@example.org", Role: vigil.RoleEditor}, Password), "clearance", "above your own clearance")
		for _, v := range []vigil.Viewer{Editor, Contributor, Staff, Anonymous} {
			MustCode(t, s.CreateUser(As(v), &vigil.User{Email: "c@example.org", Role: vigil.RoleAdmin}, Password), vigil.EFORBIDDEN, "create as "+v.Actor)
			_, _, err := s.FindUsers(As(v), vigil.UserFilter{})
			MustCode(t, err, vigil.EFORBIDDEN, "list as "+v.Actor)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM users"); n != 1 {
			t.Fatalf("%d users stored, want 1", n)
		}
	})
}

func testLogin(t *testing.T, open Opener) {
	t.Run("password only for a contributor", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		u := MustUser(t, s, "kim@example.org", vigil.RoleContributor, "")
		se, secret, err := s.Login(As(Anonymous), " KIM@example.org", Password, vigil.Client{IP: "192.0.2.1", UserAgent: "Firefox"})
		MustOK(t, err, "login")
		if se.Stage != vigil.StageFull || se.UserID != u.ID || se.IP != "192.0.2.1" || se.UserAgent != "Firefox" || !auth.WellFormedSecret(secret) {
			t.Fatalf("session %+v secret %q", se, secret)
		}
		if se.ExpiresAt.Sub(se.CreatedAt) != 12*time.Hour {
			t.Errorf("session lives %s, want 12h", se.ExpiresAt.Sub(se.CreatedAt))
		}
		if h := QueryString(t, s, "SELECT token_hash FROM sessions WHERE id = ?", se.ID); h != auth.HashSecret(secret) {
			t.Fatalf("stored %q, want the SHA-256 of the secret", h)
		}
		got, user, err := s.LookupSession(As(Anonymous), secret)
		MustOK(t, err, "lookup")
		if got.ID != se.ID || user.ID != u.ID {
			t.Fatalf("looked up %+v %+v", got, user)
		}
		if v := user.Viewer(); v.Actor != "user:kim@example.org" || v.Role != vigil.RoleContributor || v.Clearance != vigil.Coalition || v.UserID != u.ID {
			t.Fatalf("viewer %+v", v)
		}
		mustNoSecrets(t, s, secret, Password)
		MustVerify(t, s)
	})
	t.Run("wrong password and unknown email get one answer", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		_, _, err := s.Login(As(Anonymous), "kim@example.org", "wrong password!", vigil.Client{})
		e1 := MustCode(t, err, vigil.EUNAUTHORIZED, "wrong password")
		_, _, err = s.Login(As(Anonymous), "nobody@example.org", Password, vigil.Client{})
		e2 := MustCode(t, err, vigil.EUNAUTHORIZED, "unknown email")
		if e1.Message != e2.Message {
			t.Fatalf("messages differ: %q and %q", e1.Message, e2.Message)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM sessions"); n != 0 {
			t.Fatalf("%d sessions after failed logins", n)
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM login_attempts WHERE ok = ?", false); n != 2 {
			t.Fatalf("%d failed attempts recorded, want 2", n)
		}
	})
	t.Run("malformed secrets", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		_, secret := MustLogin(t, s, "kim@example.org")
		for _, bad := range []string{"", "x", secret[:51], secret + "a", strings.ToUpper(secret)} {
			_, _, err := s.LookupSession(As(Anonymous), bad)
			MustCode(t, err, vigil.EUNAUTHORIZED, "lookup "+bad)
		}
	})
	t.Run("old hash parameters are replaced at login", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		p := TestAccountPolicy()
		p.Argon2.Time = 2
		s2, err := s.WithAccounts(p)
		MustOK(t, err, "new policy")
		n := AuditCount(t, s)
		MustLogin(t, s2, "kim@example.org")
		if h := QueryString(t, s, "SELECT password_hash FROM users WHERE email = 'kim@example.org'"); !strings.Contains(h, "$m=1024,t=2,p=1$") {
			t.Fatalf("hash %q was not replaced with the new parameters", h)
		}
		MustLogin(t, s2, "kim@example.org")
		if AuditCount(t, s) != n+2 {
			t.Fatalf("audit entries %d, want %d (the two sessions only)", AuditCount(t, s), n+2)
		}
	})
}

func testLockout(t *testing.T, open Opener) {
	t.Run("five failures lock the account for fifteen minutes", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		c := vigil.Client{IP: "192.0.2.1"}
		for i := 1; i <= 4; i++ {
			_, _, err := s.Login(As(Anonymous), "kim@example.org", "wrong password!", c)
			MustCode(t, err, vigil.EUNAUTHORIZED, "failure")
			clock.Advance(time.Minute)
		}
		_, _, err := s.Login(As(Anonymous), "kim@example.org", "wrong password!", c)
		e := MustCode(t, err, vigil.ERATELIMIT, "fifth failure")
		want := clock.Now().Add(15 * time.Minute).Format(time.RFC3339)
		if e.Fields["retry_after"] != want || e.Fields["limit"] != "account" || !strings.Contains(e.Message, "try again after 09:49 UTC") {
			t.Fatalf("lockout error %+v, want retry_after %s", e, want)
		}
		if QueryInt(t, s, "SELECT COUNT(*) FROM login_locks WHERE email = 'kim@example.org'") != 1 {
			t.Fatal("the lockout is not in the database")
		}
		clock.Advance(14 * time.Minute)
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, c)
		MustCode(t, err, vigil.ERATELIMIT, "right password while locked")
		clock.Advance(time.Minute + time.Second)
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, c)
		MustOK(t, err, "right password after the lockout")
		// A success starts the count again.
		for i := 1; i <= 4; i++ {
			_, _, err := s.Login(As(Anonymous), "kim@example.org", "wrong password!", c)
			MustCode(t, err, vigil.EUNAUTHORIZED, "failure after success")
		}
	})
	t.Run("failures outside the window do not add up", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		for i := 0; i < 8; i++ {
			_, _, err := s.Login(As(Anonymous), "kim@example.org", "wrong password!", vigil.Client{})
			MustCode(t, err, vigil.EUNAUTHORIZED, "slow failure")
			clock.Advance(4 * time.Minute)
		}
	})
	t.Run("unknown emails lock like known ones", func(t *testing.T) {
		s, _ := AccountStore(t, open)
		var err error
		for i := 0; i < 5; i++ {
			_, _, err = s.Login(As(Anonymous), "nobody@example.org", "wrong password!", vigil.Client{})
		}
		MustCode(t, err, vigil.ERATELIMIT, "fifth failure of an unknown email")
	})
	t.Run("one address is limited across accounts", func(t *testing.T) {
		s, clock := AccountStore(t, open)
		MustUser(t, s, "kim@example.org", vigil.RoleViewer, "")
		c := vigil.Client{IP: "198.51.100.7"}
		for i := 0; i < 8; i++ {
			_, _, err := s.Login(As(Anonymous), "guess"+string(rune('a'+i))+"@example.org", "wrong password!", c)
			MustCode(t, err, vigil.EUNAUTHORIZED, "guess")
		}
		_, _, err := s.Login(As(Anonymous), "kim@example.org", Password, c)
		e := MustCode(t, err, vigil.ERATELIMIT, "ninth attempt from the address")
		if e.Fields["limit"] != "address" {
			t.Fatalf("limit %q, want address", e.Fields["limit"])
		}
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, vigil.Client{IP: "192.0.2.1"})
		MustOK(t, err, "another address")
		clock.Advance(15*time.Minute + time.Second)
		_, _, err = s.Login(As(Anonymous), "kim@example.org", Password, c)
		MustOK(t, err, "the address after its window")
	})
}

// lastEntryOf returns the newest audit entry about entity.
func lastEntryOf(tb testing.TB, s *store.Store, entity string) *vigil.AuditEntry {
	tb.Helper()
	es, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Entity: entity, Page: vigil.Page{Limit: 1, Sort: "-seq"}})
	MustOK(tb, err, "find audit entries")
	if len(es) == 0 {
		tb.Fatalf("no audit entries about %s", entity)
	}
	return es[0]
}
