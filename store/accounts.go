package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"vigil"
	"vigil/auth"
)

// AccountPolicy sets the limits of sign-in. The zero value of each field
// means its default; docs/security.md explains each choice.
type AccountPolicy struct {
	// Argon2 are the password hashing parameters (default
	// auth.DefaultParams). A hash made under other parameters is replaced
	// at the next successful sign-in.
	Argon2 auth.Params
	// HashConcurrency bounds simultaneous password hashes (default: the
	// number of CPUs, at least 2), so a burst of sign-ins cannot exhaust
	// memory.
	HashConcurrency int
	// LockoutThreshold failures for one email within LockoutWindow lock it
	// for LockoutDuration (defaults 5, 15 minutes, 15 minutes).
	LockoutThreshold int
	LockoutWindow    time.Duration
	LockoutDuration  time.Duration
	// AddressThreshold failures from one client address within
	// AddressWindow refuse further attempts from it until the count falls
	// (defaults 50, 15 minutes).
	AddressThreshold int
	AddressWindow    time.Duration
	// SessionIdle ends a session unused for this long (default 2 hours);
	// SessionMax ends any session this long after sign-in (default 12
	// hours); SessionPending bounds a sign-in waiting for its second
	// factor or its enrolment (default 15 minutes).
	SessionIdle    time.Duration
	SessionMax     time.Duration
	SessionPending time.Duration
	// InviteTTL is how long an invite link works (default 72 hours).
	InviteTTL time.Duration
	// TokenTTL is how long an API token works when its creator gives no
	// expiry (default 90 days); TokenMaxTTL is the longest a creator may
	// ask for (default 365 days).
	TokenTTL    time.Duration
	TokenMaxTTL time.Duration
	// Issuer names the site in authenticator apps (default "vigil").
	Issuer string
}

// DefaultAccountPolicy returns the defaults.
func DefaultAccountPolicy() AccountPolicy {
	return AccountPolicy{
		Argon2:           auth.DefaultParams(),
		LockoutThreshold: 5,
		LockoutWindow:    15 * time.Minute,
		LockoutDuration:  15 * time.Minute,
		AddressThreshold: 50,
		AddressWindow:    15 * time.Minute,
		SessionIdle:      2 * time.Hour,
		SessionMax:       12 * time.Hour,
		SessionPending:   15 * time.Minute,
		InviteTTL:        72 * time.Hour,
		TokenTTL:         90 * 24 * time.Hour,
		TokenMaxTTL:      365 * 24 * time.Hour,
		Issuer:           "vigil",
	}
}

// attemptRetention is how long login attempts are kept; every window
// must fit in it.
const attemptRetention = 24 * time.Hour

// lastSeenEvery bounds how often a session lookup writes last_seen_at.
const lastSeenEvery = time.Minute

// accounts is the store's account machinery.
type accounts struct {
	policy AccountPolicy
	hasher *auth.Hasher
	// dummy is a hash verified when an email has no account, so that a
	// wrong email costs as much time as a wrong password. It is made on
	// first use and shared by WithClock copies.
	dummy *dummyHash
}

type dummyHash struct {
	once sync.Once
	hash string
	err  error
}

func newAccounts(p AccountPolicy) (accounts, error) {
	d := DefaultAccountPolicy()
	if p.Argon2 == (auth.Params{}) {
		p.Argon2 = d.Argon2
	}
	setDefault := func(v *time.Duration, def time.Duration) {
		if *v == 0 {
			*v = def
		}
	}
	setDefault(&p.LockoutWindow, d.LockoutWindow)
	setDefault(&p.LockoutDuration, d.LockoutDuration)
	setDefault(&p.AddressWindow, d.AddressWindow)
	setDefault(&p.SessionIdle, d.SessionIdle)
	setDefault(&p.SessionMax, d.SessionMax)
	setDefault(&p.SessionPending, d.SessionPending)
	setDefault(&p.InviteTTL, d.InviteTTL)
	setDefault(&p.TokenTTL, d.TokenTTL)
	setDefault(&p.TokenMaxTTL, d.TokenMaxTTL)
	if p.LockoutThreshold == 0 {
		p.LockoutThreshold = d.LockoutThreshold
	}
	if p.AddressThreshold == 0 {
		p.AddressThreshold = d.AddressThreshold
	}
	if p.Issuer == "" {
		p.Issuer = d.Issuer
	}
	if p.LockoutWindow > attemptRetention || p.AddressWindow > attemptRetention {
		return accounts{}, fmt.Errorf("account policy: lockout and address windows must be at most %s", attemptRetention)
	}
	if p.TokenTTL > p.TokenMaxTTL {
		return accounts{}, errors.New("account policy: the default token lifetime exceeds the longest")
	}
	if p.LockoutThreshold < 1 || p.AddressThreshold < 1 {
		return accounts{}, errors.New("account policy: thresholds must be positive")
	}
	h, err := auth.NewHasher(p.Argon2, p.HashConcurrency)
	if err != nil {
		return accounts{}, fmt.Errorf("account policy: %w", err)
	}
	return accounts{policy: p, hasher: h, dummy: &dummyHash{}}, nil
}

// AccountPolicy returns the policy in force, defaults filled in.
func (s *Store) AccountPolicy() AccountPolicy { return s.acct.policy }

// WithClock returns a copy of the store that reads the time from now. The
// copy shares the database handle: close only the original. Tests and
// browser tests use it to move time past expiries and TOTP steps.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// WithAccounts returns a copy of the store with another account policy
// (zero fields take the defaults). The copy shares the database handle:
// close only the original. Tests use it for cheap hashes and small
// limits, and to check that a hash made under old parameters is replaced.
func (s *Store) WithAccounts(p AccountPolicy) (*Store, error) {
	a, err := newAccounts(p)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	c := *s
	c.acct = a
	return &c, nil
}

// checkPassword verifies password against hash, or against the dummy hash
// when there is no account, so both cost the same.
func (s *Store) checkPassword(password, hash string) (bool, error) {
	if hash == "" {
		d := s.acct.dummy
		d.once.Do(func() { d.hash, d.err = s.acct.hasher.Hash("no such account") })
		if d.err != nil {
			return false, fmt.Errorf("store: dummy password hash: %w", d.err)
		}
		_, err := s.acct.hasher.Verify(password, d.hash)
		return false, err
	}
	ok, err := s.acct.hasher.Verify(password, hash)
	if err != nil {
		return false, fmt.Errorf("store: verify password: %w", err)
	}
	return ok, nil
}

// userRow is a users row: the User and the columns that never leave the
// store. The second-factor secrets are held as stored (sealed, or "" for
// none); openTOTP opens them.
type userRow struct {
	vigil.User
	hash        string
	totpSecret  string
	totpPending string
	lastStep    int64
}

const userCols = "id, email, name, role, clearance, disabled, version, created_at, updated_at, password_hash, totp_secret, totp_pending, totp_last_step"

func scanUser(sc scanner, u *userRow) error {
	err := sc.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Clearance, boolCol{&u.Disabled}, &u.Version,
		timeCol{&u.CreatedAt}, timeCol{&u.UpdatedAt}, &u.hash, &u.totpSecret, &u.totpPending, &u.lastStep)
	u.TOTPEnabled = u.totpSecret != ""
	return err
}

// getUser reads one users row; ENOTFOUND when there is none.
func (t *txn) getUser(ctx context.Context, id int64) (*userRow, error) {
	u := new(userRow)
	err := scanUser(t.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?"+t.s.forUpdateIf(t.write), id), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("user", id)
	} else if err != nil {
		return nil, fmt.Errorf("store: find user %d: %w", id, err)
	}
	return u, nil
}

// userByEmail reads the users row of an email, or nil.
func (t *txn) userByEmail(ctx context.Context, email string) (*userRow, error) {
	u := new(userRow)
	err := scanUser(t.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE email = ?", email), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("store: find user by email: %w", err)
	}
	return u, nil
}

// forUpdateIf locks the selected rows on PostgreSQL in a writing
// transaction.
func (s *Store) forUpdateIf(write bool) string {
	if write {
		return s.forUpdate()
	}
	return ""
}

// userAudit is what the audit log records of a user: the User, with what
// changed when the record alone does not show it (a new password, a
// second factor). Never a hash or a secret.
type userAudit struct {
	*vigil.User
	Change string `json:"change,omitempty"`
}

// as makes the transaction's audit entries name v.
func (t *txn) as(v vigil.Viewer) { t.v = v }

// constantEq compares two stored hashes in constant time.
func constantEq(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// rateLimited is the ERATELIMIT error: limit is "account" or "address".
func rateLimited(limit string, until time.Time) error {
	what := "too many failed sign-in attempts for this account"
	if limit == "address" {
		what = "too many failed sign-in attempts from your network"
	}
	return &vigil.Error{
		Code:    vigil.ERATELIMIT,
		Message: fmt.Sprintf("%s; try again after %s", what, until.UTC().Format("15:04 UTC")),
		Fields:  map[string]string{"retry_after": until.UTC().Format(time.RFC3339), "limit": limit},
	}
}

// checkLimits returns ERATELIMIT when email is locked or the client
// address has failed too often.
func (t *txn) checkLimits(ctx context.Context, email, ip string) error {
	p := t.s.acct.policy
	var until string
	err := t.queryRow(ctx, "SELECT locked_until FROM login_locks WHERE email = ? AND locked_until > ?", email, fmtTime(t.now)).Scan(&until)
	switch {
	case err == nil:
		u, err := parseTime(until)
		if err != nil {
			return fmt.Errorf("store: read lockout: %w", err)
		}
		return rateLimited("account", u)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: read lockout: %w", err)
	}
	if ip == "" {
		return nil
	}
	// The threshold-th most recent failure from this address: while it
	// is inside the window, so are threshold failures.
	var at string
	err = t.queryRow(ctx, `SELECT at FROM login_attempts WHERE ip = ? AND ok = ? AND at > ?
		ORDER BY at DESC LIMIT 1 OFFSET ?`, ip, false, fmtTime(t.now.Add(-p.AddressWindow)), p.AddressThreshold-1).Scan(&at)
	switch {
	case err == nil:
		a, err := parseTime(at)
		if err != nil {
			return fmt.Errorf("store: read address limit: %w", err)
		}
		return rateLimited("address", a.Add(p.AddressWindow))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: read address limit: %w", err)
	}
	return nil
}

// recordAttempt stores one checked attempt, prunes old ones, and after a
// failure locks the email when it has failed LockoutThreshold times in
// the window since its last success or lockout. It returns the lockout
// error when this failure caused one.
func (t *txn) recordAttempt(ctx context.Context, email, ip, kind string, ok bool) error {
	p := t.s.acct.policy
	if _, err := t.exec(ctx, "INSERT INTO login_attempts (at, email, ip, kind, ok) VALUES (?, ?, ?, ?, ?)",
		fmtTime(t.now), email, ip, kind, ok); err != nil {
		return fmt.Errorf("store: record sign-in attempt: %w", err)
	}
	old := fmtTime(t.now.Add(-attemptRetention))
	if _, err := t.exec(ctx, "DELETE FROM login_attempts WHERE at < ?", old); err != nil {
		return fmt.Errorf("store: prune sign-in attempts: %w", err)
	}
	if _, err := t.exec(ctx, "DELETE FROM login_locks WHERE locked_until < ?", old); err != nil {
		return fmt.Errorf("store: prune lockouts: %w", err)
	}
	if ok {
		if _, err := t.exec(ctx, "DELETE FROM login_locks WHERE email = ?", email); err != nil {
			return fmt.Errorf("store: clear lockout: %w", err)
		}
		return nil
	}
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM login_attempts WHERE email = ? AND ok = ? AND at > ?
		AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE email = ? AND ok = ?), 0)
		AND at > COALESCE((SELECT locked_until FROM login_locks WHERE email = ?), '')`,
		email, false, fmtTime(t.now.Add(-p.LockoutWindow)), email, true, email).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: count failed sign-ins: %w", err)
	}
	if n < p.LockoutThreshold {
		return nil
	}
	until := t.now.Add(p.LockoutDuration)
	if _, err := t.exec(ctx, `INSERT INTO login_locks (email, locked_until) VALUES (?, ?)
		ON CONFLICT (email) DO UPDATE SET locked_until = excluded.locked_until`, email, fmtTime(until)); err != nil {
		return fmt.Errorf("store: lock %s: %w", email, err)
	}
	return rateLimited("account", until)
}

// errBadLogin is the one answer to a wrong email or password, so that
// nothing tells which was wrong or whether the account exists.
func errBadLogin() error {
	return vigil.Errorf(vigil.EUNAUTHORIZED, "wrong email or password")
}
