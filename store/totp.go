package store

import (
	"context"
	"fmt"

	"vigil"
	"vigil/auth"
	"vigil/seal"
)

// beginTOTP stores a new pending secret for u. A pending secret is not an
// account change until confirmed, so it is neither versioned nor audited.
func (t *txn) beginTOTP(ctx context.Context, u *userRow) (*vigil.TOTPEnrolment, error) {
	sec, err := auth.NewTOTPSecret()
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	sealed, err := t.sealValues(ctx, "users", u.ID, []string{"totp_pending"}, []*string{&sec})
	if err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, "UPDATE users SET totp_pending = ? WHERE id = ?", sealed[0], u.ID); err != nil {
		return nil, fmt.Errorf("store: begin second factor of user %d: %w", u.ID, err)
	}
	u.totpPending = sealed[0].(string)
	return t.s.enrolment(u, sec), nil
}

func (s *Store) enrolment(u *userRow, secret string) *vigil.TOTPEnrolment {
	return &vigil.TOTPEnrolment{Secret: secret, URI: auth.TOTPURI(s.acct.policy.Issuer, u.Email, secret)}
}

// userSeal: a second-factor secret, confirmed or being set up, is sealed
// in every account; "" (none) stays "".
var userSeal = sealSpec{
	table:      "users",
	cols:       []string{"totp_secret", "totp_pending"},
	cond:       "1 = 1",
	desc:       "every account that has one",
	emptyClear: true,
}

// openTOTP opens u's sealed second-factor secret in col (totp_secret or
// totp_pending); "" when there is none. The store opens them only to
// show an enrolment or check a code.
func (t *txn) openTOTP(ctx context.Context, u *userRow, col string) (string, error) {
	v := u.totpSecret
	if col == "totp_pending" {
		v = u.totpPending
	}
	if v == "" {
		return "", nil
	}
	return t.open(ctx, seal.AAD("users", col, u.ID), v)
}

// enrolSession reads a session that may set up a second factor: a full
// one, or one in StageEnrol.
func (t *txn) enrolSession(ctx context.Context, secret string) (*vigil.Session, *userRow, error) {
	se, u, err := t.sessionBySecret(ctx, secret)
	if err != nil {
		return nil, nil, err
	}
	if se.Stage != vigil.StageFull && se.Stage != vigil.StageEnrol {
		return nil, nil, vigil.Errorf(vigil.EUNAUTHORIZED, "finish signing in first")
	}
	return se, u, nil
}

// BeginTOTP makes a new pending second-factor secret for the session's
// user, replacing an earlier pending one.
func (s *Store) BeginTOTP(ctx context.Context, secret string) (*vigil.TOTPEnrolment, error) {
	var e *vigil.TOTPEnrolment
	err := s.write(ctx, func(t *txn) error {
		_, u, err := t.enrolSession(ctx, secret)
		if err != nil {
			return err
		}
		e, err = t.beginTOTP(ctx, u)
		return err
	})
	return e, err
}

// PendingTOTP returns the session user's pending enrolment; ENOTFOUND
// when there is none.
func (s *Store) PendingTOTP(ctx context.Context, secret string) (*vigil.TOTPEnrolment, error) {
	var e *vigil.TOTPEnrolment
	err := s.read(ctx, func(t *txn) error {
		_, u, err := t.enrolSession(ctx, secret)
		if err != nil {
			return err
		}
		sec, err := t.openTOTP(ctx, u, "totp_pending")
		if err != nil {
			return err
		}
		if sec == "" {
			return vigil.Errorf(vigil.ENOTFOUND, "no second factor is being set up")
		}
		e = s.enrolment(u, sec)
		return nil
	})
	return e, err
}

// ConfirmTOTP enables the pending secret when code matches it, and
// replaces the session with a new full one (a new secret).
func (s *Store) ConfirmTOTP(ctx context.Context, secret, code string, c vigil.Client) (*vigil.Session, string, error) {
	var (
		se   *vigil.Session
		full string
	)
	err := s.write(ctx, func(t *txn) error {
		old, u, err := t.enrolSession(ctx, secret)
		if err != nil {
			return err
		}
		pending, err := t.openTOTP(ctx, u, "totp_pending")
		if err != nil {
			return err
		}
		if pending == "" {
			return vigil.Errorf(vigil.ENOTFOUND, "no second factor is being set up; start again")
		}
		step, ok, err := auth.VerifyTOTP(pending, code, t.now, u.lastStep)
		if err != nil {
			return fmt.Errorf("store: verify code of user %d: %w", u.ID, err)
		}
		if !ok {
			return &vigil.Error{Code: vigil.EINVALID, Message: "wrong code",
				Fields: map[string]string{"code": "does not match the secret; check the app's clock and type the current code"}}
		}
		// Sealed again for its new column: a ciphertext is bound to its
		// column and cannot be copied from totp_pending.
		sealed, err := t.sealValues(ctx, "users", u.ID, []string{"totp_secret"}, []*string{&pending})
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, `UPDATE users SET totp_secret = ?, totp_pending = '', totp_last_step = ?,
			version = version + 1, updated_at = ? WHERE id = ?`, sealed[0], step, fmtTime(t.now), u.ID); err != nil {
			return fmt.Errorf("store: enable second factor of user %d: %w", u.ID, err)
		}
		u.Version++
		u.UpdatedAt, u.TOTPEnabled = t.now, true
		t.as(u.Viewer())
		if err := t.audit(ctx, vigil.ActionUpdate, "users", u.ID, u.Version, userAudit{User: &u.User, Change: "totp_enabled"}); err != nil {
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
	return se, full, nil
}
