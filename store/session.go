package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"vigil"
	"vigil/auth"
)

func newSecret() (string, error) {
	s, err := auth.NewSecret()
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return s, nil
}

func wellFormedSecret(s string) bool { return auth.WellFormedSecret(s) }

const sessionCols = "id, user_id, stage, created_at, last_seen_at, expires_at, revoked_at, ip, user_agent"

func scanSession(sc scanner, se *vigil.Session) error {
	return sc.Scan(&se.ID, &se.UserID, &se.Stage, timeCol{&se.CreatedAt}, timeCol{&se.LastSeenAt}, timeCol{&se.ExpiresAt},
		timePtr{&se.RevokedAt}, &se.IP, &se.UserAgent)
}

// clip bounds client-supplied text kept with a session.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(strings.TrimSpace(s), "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// newSession starts a session for user u in stage and returns it with its
// secret. Pending stages live SessionPending, full ones SessionMax.
func (t *txn) newSession(ctx context.Context, u *userRow, stage vigil.SessionStage, c vigil.Client) (*vigil.Session, string, error) {
	secret, err := newSecret()
	if err != nil {
		return nil, "", err
	}
	p := t.s.acct.policy
	life := p.SessionMax
	if stage != vigil.StageFull {
		life = p.SessionPending
	}
	se := &vigil.Session{UserID: u.ID, Stage: stage, CreatedAt: t.now, LastSeenAt: t.now, ExpiresAt: t.now.Add(life),
		IP: clip(c.IP, 64), UserAgent: clip(c.UserAgent, 200)}
	err = t.queryRow(ctx, `INSERT INTO sessions (user_id, token_hash, stage, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, se.UserID, hashSecret(secret), string(se.Stage),
		fmtTime(se.CreatedAt), fmtTime(se.LastSeenAt), fmtTime(se.ExpiresAt), se.IP, se.UserAgent).Scan(&se.ID)
	if err != nil {
		return nil, "", mapErr(fmt.Errorf("store: create session: %w", err))
	}
	t.as(u.Viewer())
	if err := t.audit(ctx, vigil.ActionCreate, "sessions", se.ID, 1, se); err != nil {
		return nil, "", err
	}
	return se, secret, nil
}

// revokeSessions ends every live session of a user except keep (0 for
// none), auditing each.
func (t *txn) revokeSessions(ctx context.Context, userID, keep int64) error {
	rows, err := t.query(ctx, "SELECT "+sessionCols+" FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND id <> ? ORDER BY id",
		userID, fmtTime(t.now), keep)
	if err != nil {
		return fmt.Errorf("store: find sessions of user %d: %w", userID, err)
	}
	var live []*vigil.Session
	for rows.Next() {
		se := new(vigil.Session)
		if err := scanSession(rows, se); err != nil {
			rows.Close()
			return fmt.Errorf("store: find sessions of user %d: %w", userID, err)
		}
		live = append(live, se)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: find sessions of user %d: %w", userID, err)
	}
	rows.Close()
	for _, se := range live {
		if err := t.revokeSession(ctx, se); err != nil {
			return err
		}
	}
	return nil
}

func (t *txn) revokeSession(ctx context.Context, se *vigil.Session) error {
	if se.RevokedAt != nil {
		return nil
	}
	if _, err := t.exec(ctx, "UPDATE sessions SET revoked_at = ? WHERE id = ?", fmtTime(t.now), se.ID); err != nil {
		return fmt.Errorf("store: end session %d: %w", se.ID, err)
	}
	se.RevokedAt = &t.now
	return t.audit(ctx, vigil.ActionUpdate, "sessions", se.ID, 2, se)
}

// errNoSession is the one answer for a cookie that names no live session.
func errNoSession() error {
	return vigil.Errorf(vigil.EUNAUTHORIZED, "your session has ended; sign in again")
}

// sessionBySecret reads the session of a cookie's secret and its user,
// and checks it is live: not revoked, not expired, not idle too long,
// and its user not disabled. A full session of a user who must use a
// second factor but has none is reported in StageEnrol.
func (t *txn) sessionBySecret(ctx context.Context, secret string) (*vigil.Session, *userRow, error) {
	if !wellFormedSecret(secret) {
		return nil, nil, errNoSession()
	}
	want := hashSecret(secret)
	se := new(vigil.Session)
	var stored string
	err := t.queryRow(ctx, "SELECT "+sessionCols+", token_hash FROM sessions WHERE token_hash = ?"+t.s.forUpdateIf(t.write), want).Scan(
		&se.ID, &se.UserID, &se.Stage, timeCol{&se.CreatedAt}, timeCol{&se.LastSeenAt}, timeCol{&se.ExpiresAt},
		timePtr{&se.RevokedAt}, &se.IP, &se.UserAgent, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, errNoSession()
	} else if err != nil {
		return nil, nil, fmt.Errorf("store: find session: %w", err)
	}
	if !constantEq(stored, want) || !t.live(se) {
		return nil, nil, errNoSession()
	}
	u, err := t.getUser(ctx, se.UserID)
	if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, errNoSession()
	}
	if se.Stage == vigil.StageFull && u.NeedsTOTP() && !u.TOTPEnabled {
		se.Stage = vigil.StageEnrol
	}
	return se, u, nil
}

// live reports whether a session is usable now.
func (t *txn) live(se *vigil.Session) bool {
	return se.RevokedAt == nil && t.now.Before(se.ExpiresAt) && t.now.Sub(se.LastSeenAt) < t.s.acct.policy.SessionIdle
}

// Login checks email and password and starts a session. The account
// lockout and the client address limit are checked before the password
// is, and the password is hashed outside any transaction, so a slow hash
// never holds the write lock. An unknown email costs the same time as a
// wrong password and gets the same answer.
func (s *Store) Login(ctx context.Context, email, password string, c vigil.Client) (*vigil.Session, string, error) {
	email = vigil.NormalizeEmail(email)
	if email == "" || password == "" {
		return nil, "", errBadLogin()
	}
	var u *userRow
	err := s.read(ctx, func(t *txn) error {
		if err := t.checkLimits(ctx, email, c.IP); err != nil {
			return err
		}
		var err error
		u, err = t.userByEmail(ctx, email)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	hash := ""
	if u != nil {
		hash = u.hash
	}
	ok, err := s.checkPassword(password, hash)
	if err != nil {
		return nil, "", err
	}
	ok = ok && u != nil && !u.Disabled
	rehash := ""
	if ok && s.acct.hasher.NeedsRehash(u.hash) {
		if rehash, err = s.acct.hasher.Hash(password); err != nil {
			return nil, "", fmt.Errorf("store: rehash password: %w", err)
		}
	}
	var (
		se     *vigil.Session
		secret string
		result error
	)
	err = s.write(ctx, func(t *txn) error {
		if err := t.checkLimits(ctx, email, c.IP); err != nil {
			return err // locked by attempts that finished while we hashed
		}
		if !ok {
			if result = t.recordAttempt(ctx, email, c.IP, "password", false); result == nil {
				result = errBadLogin()
			} else if !isVigilErr(result) {
				return result
			}
			return nil // commit the failure
		}
		if err := t.recordAttempt(ctx, email, c.IP, "password", true); err != nil {
			return err
		}
		cur, err := t.getUser(ctx, u.ID)
		if err != nil {
			return err
		}
		if cur.Disabled { // disabled while we hashed
			return errBadLogin()
		}
		if rehash != "" {
			// Bookkeeping, not an account change: same password, new
			// parameters. Not versioned; see docs/security.md.
			if _, err := t.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", rehash, cur.ID); err != nil {
				return fmt.Errorf("store: rehash password of user %d: %w", cur.ID, err)
			}
		}
		stage := vigil.StageFull
		switch {
		case cur.TOTPEnabled:
			stage = vigil.StageTOTP
		case cur.NeedsTOTP():
			stage = vigil.StageEnrol
			if cur.totpPending == "" {
				if _, err := t.beginTOTP(ctx, cur); err != nil {
					return err
				}
			}
		}
		se, secret, err = t.newSession(ctx, cur, stage, c)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if result != nil {
		return nil, "", result
	}
	return se, secret, nil
}

// VerifyTOTP finishes a sign-in that waits for its second factor. A wrong
// code counts towards the lockout like a wrong password; a right one
// works once (its time step is stored) and replaces the pending session
// with a new full one.
func (s *Store) VerifyTOTP(ctx context.Context, secret, code string, c vigil.Client) (*vigil.Session, string, error) {
	var (
		se     *vigil.Session
		full   string
		result error
	)
	err := s.write(ctx, func(t *txn) error {
		pending, u, err := t.sessionBySecret(ctx, secret)
		if err != nil {
			return err
		}
		if pending.Stage != vigil.StageTOTP {
			return vigil.Errorf(vigil.EUNAUTHORIZED, "this session is not waiting for a code; sign in again")
		}
		if err := t.checkLimits(ctx, u.Email, c.IP); err != nil {
			return err
		}
		totp, err := t.openTOTP(ctx, u, "totp_secret")
		if err != nil {
			return err
		}
		step, ok, err := auth.VerifyTOTP(totp, code, t.now, u.lastStep)
		if err != nil {
			return fmt.Errorf("store: verify code of user %d: %w", u.ID, err)
		}
		if !ok {
			if result = t.recordAttempt(ctx, u.Email, c.IP, "totp", false); result == nil {
				result = &vigil.Error{Code: vigil.EUNAUTHORIZED, Message: "wrong or already used code",
					Fields: map[string]string{"code": "is wrong, expired or already used"}}
			} else if !isVigilErr(result) {
				return result
			}
			return nil
		}
		if err := t.recordAttempt(ctx, u.Email, c.IP, "totp", true); err != nil {
			return err
		}
		// Bookkeeping: the used step, so the code cannot be replayed.
		if _, err := t.exec(ctx, "UPDATE users SET totp_last_step = ? WHERE id = ?", step, u.ID); err != nil {
			return fmt.Errorf("store: record used code of user %d: %w", u.ID, err)
		}
		t.as(u.Viewer())
		if err := t.revokeSession(ctx, pending); err != nil {
			return err
		}
		se, full, err = t.newSession(ctx, u, vigil.StageFull, c)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if result != nil {
		return nil, "", result
	}
	return se, full, nil
}

// LookupSession returns the live session of a cookie's secret and its
// user. It writes last_seen_at at most once a minute, outside any audited
// transaction, which keeps the session from going idle.
func (s *Store) LookupSession(ctx context.Context, secret string) (*vigil.Session, *vigil.User, error) {
	var (
		se *vigil.Session
		u  *userRow
	)
	err := s.read(ctx, func(t *txn) error {
		var err error
		se, u, err = t.sessionBySecret(ctx, secret)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	now := s.clock()
	if now.Sub(se.LastSeenAt) >= lastSeenEvery {
		if _, err := s.db.ExecContext(ctx, s.rebind("UPDATE sessions SET last_seen_at = ? WHERE id = ?"), fmtTime(now), se.ID); err != nil {
			return nil, nil, fmt.Errorf("store: note use of session %d: %w", se.ID, err)
		}
		se.LastSeenAt = now
	}
	return se, &u.User, nil
}

// Logout ends the session of a secret. An unknown or ended session is
// not an error: the browser is signed out either way.
func (s *Store) Logout(ctx context.Context, secret string) error {
	if !wellFormedSecret(secret) {
		return nil
	}
	return s.write(ctx, func(t *txn) error {
		se, u, err := t.sessionBySecret(ctx, secret)
		if vigil.ErrorCode(err) == vigil.EUNAUTHORIZED {
			return nil
		} else if err != nil {
			return err
		}
		t.as(u.Viewer())
		return t.revokeSession(ctx, se)
	})
}

// mayManageSessions is the rule for a user's sessions: the user or an
// admin. Anyone else gets ENOTFOUND.
func mayManageSessions(v vigil.Viewer, userID int64) error {
	if v.IsAdmin() || (v.UserID != 0 && v.UserID == userID) {
		return nil
	}
	return notFound("user", userID)
}

// FindSessions lists a user's live sessions, newest first.
func (s *Store) FindSessions(ctx context.Context, userID int64) ([]*vigil.Session, error) {
	if err := mayManageSessions(vigil.ViewerFrom(ctx), userID); err != nil {
		return nil, err
	}
	out := []*vigil.Session{}
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, "SELECT "+sessionCols+" FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY id DESC",
			userID, fmtTime(t.now))
		if err != nil {
			return fmt.Errorf("store: list sessions: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			se := new(vigil.Session)
			if err := scanSession(rows, se); err != nil {
				return fmt.Errorf("store: list sessions: %w", err)
			}
			if t.live(se) {
				out = append(out, se)
			}
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list sessions: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeSession ends one session of the viewer's own, or anyone's for
// an admin.
func (s *Store) RevokeSession(ctx context.Context, id int64) error {
	v := vigil.ViewerFrom(ctx)
	return s.write(ctx, func(t *txn) error {
		se := new(vigil.Session)
		err := scanSession(t.queryRow(ctx, "SELECT "+sessionCols+" FROM sessions WHERE id = ?", id), se)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("session", id)
		} else if err != nil {
			return fmt.Errorf("store: end session %d: %w", id, err)
		}
		if mayManageSessions(v, se.UserID) != nil {
			return notFound("session", id)
		}
		return t.revokeSession(ctx, se)
	})
}

// RevokeAllSessions ends every session of a user: "log out everywhere".
func (s *Store) RevokeAllSessions(ctx context.Context, userID int64) error {
	if err := mayManageSessions(vigil.ViewerFrom(ctx), userID); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		if _, err := t.getUser(ctx, userID); err != nil {
			return err
		}
		return t.revokeSessions(ctx, userID, 0)
	})
}

// ChangePassword replaces the password of the session's user when the
// current one is right. A wrong current password counts towards the
// lockout. Every session of the user ends, and this one is replaced by a
// new session.
func (s *Store) ChangePassword(ctx context.Context, secret, current, next string, c vigil.Client) (*vigil.Session, string, error) {
	var u *userRow
	err := s.read(ctx, func(t *txn) error {
		se, row, err := t.sessionBySecret(ctx, secret)
		if err != nil {
			return err
		}
		if se.Stage != vigil.StageFull {
			return vigil.Errorf(vigil.EUNAUTHORIZED, "finish signing in first")
		}
		u = row
		return t.checkLimits(ctx, u.Email, c.IP)
	})
	if err != nil {
		return nil, "", err
	}
	if err := vigil.ValidatePassword("new_password", next, u.Email); err != nil {
		return nil, "", err
	}
	ok, err := s.checkPassword(current, u.hash)
	if err != nil {
		return nil, "", err
	}
	var hash string
	if ok {
		if hash, err = s.acct.hasher.Hash(next); err != nil {
			return nil, "", fmt.Errorf("store: change password: %w", err)
		}
	}
	var (
		se     *vigil.Session
		full   string
		result error
	)
	err = s.write(ctx, func(t *txn) error {
		old, u, err := t.sessionBySecret(ctx, secret)
		if err != nil {
			return err
		}
		if !ok {
			if result = t.recordAttempt(ctx, u.Email, c.IP, "password", false); result == nil {
				result = &vigil.Error{Code: vigil.EINVALID, Message: "invalid password change",
					Fields: map[string]string{"current_password": "is wrong"}}
			} else if !isVigilErr(result) {
				return result
			}
			return nil
		}
		if _, err := t.exec(ctx, "UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?", hash, fmtTime(t.now), u.ID); err != nil {
			return fmt.Errorf("store: change password of user %d: %w", u.ID, err)
		}
		u.Version++
		u.UpdatedAt = t.now
		t.as(u.Viewer())
		if err := t.audit(ctx, vigil.ActionUpdate, "users", u.ID, u.Version, userAudit{User: &u.User, Change: "password"}); err != nil {
			return err
		}
		if err := t.revokeSessions(ctx, u.ID, old.ID); err != nil {
			return err
		}
		if err := t.revokeSession(ctx, old); err != nil {
			return err
		}
		se, full, err = t.newSession(ctx, u, vigil.StageFull, c)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if result != nil {
		return nil, "", result
	}
	return se, full, nil
}
