package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"vigil"
)

// Token secrets are "vgl_" followed by 32 random bytes in lowercase
// base32 without padding (52 characters). Only their SHA-256 is stored:
// the secret carries 256 bits of entropy, so a fast hash cannot be
// brute-forced, and a slow password hash (argon2id) on every API request
// would let anyone burn the server's CPU with bogus tokens.
const (
	tokenPrefix    = "vgl_"
	tokenSecretLen = len(tokenPrefix) + 52
	// lastUsedEvery bounds how often authentication writes last_used_at.
	lastUsedEvery = time.Minute
)

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

const tokenCols = "id, name, scope, clearance, prefix, created_at, last_used_at, revoked_at, expires_at, owner_id"

func scanToken(sc scanner, tk *vigil.Token, more ...any) error {
	return sc.Scan(append([]any{&tk.ID, &tk.Name, &tk.Scope, &tk.Clearance, &tk.Prefix, timeCol{&tk.CreatedAt},
		timePtr{&tk.LastUsedAt}, timePtr{&tk.RevokedAt}, timeCol{&tk.ExpiresAt}, i64Ptr{&tk.OwnerID}}, more...)...)
}

// holdsToken reports whether an account with role and clearance may be
// the owner of tk: a write token acts as an editor, so its owner must be
// an editor or an admin, and no token reads above its owner's clearance.
func holdsToken(role vigil.Role, clearance vigil.Sensitivity, disabled bool, tk *vigil.Token) bool {
	v := vigil.Viewer{Role: role, Clearance: clearance}
	return !disabled && (tk.Scope != vigil.ScopeWrite || v.CanEdit()) && v.CanRead(tk.Clearance)
}

// CreateToken stores a new token and returns its secret, which is not
// stored and cannot be shown again. It needs the admin role, and the
// token's clearance may not exceed the admin's. The token expires at
// ExpiresAt, at most AccountPolicy.TokenMaxTTL ahead (zero: TokenTTL
// ahead). It acts for OwnerID, or else for the admin's own account when
// they have one; the owner must hold the token's scope and clearance. The
// audit entry holds the token without its secret or hash.
func (s *Store) CreateToken(ctx context.Context, tk *vigil.Token) (secret string, err error) {
	v := vigil.ViewerFrom(ctx)
	if err := isAdmin(v, "create API tokens"); err != nil {
		return "", err
	}
	defer restore(tk, &err)()
	p := vigil.Problems{}
	tk.Name = strings.TrimSpace(tk.Name)
	if tk.Name == "" || utf8.RuneCountInString(tk.Name) > 100 {
		p.Add("name", "is required, at most 100 characters")
	}
	if tk.Scope == "" {
		tk.Scope = vigil.ScopeRead
	}
	if tk.Scope != vigil.ScopeRead && tk.Scope != vigil.ScopeWrite {
		p.Add("scope", "%q is not read or write", tk.Scope)
	}
	if tk.Clearance == "" {
		tk.Clearance = vigil.Public
	}
	if !tk.Clearance.Valid() {
		p.Add("clearance", "%q is not one of public, coalition, restricted", tk.Clearance)
	} else if !v.CanRead(tk.Clearance) {
		p.Add("clearance", "%s is above your own clearance (%s)", tk.Clearance, v.Clearance)
	}
	pol := s.acct.policy
	if now := s.clock(); !tk.ExpiresAt.IsZero() {
		tk.ExpiresAt = tk.ExpiresAt.UTC().Truncate(time.Microsecond)
		if !tk.ExpiresAt.After(now) {
			p.Add("expires_at", "must be in the future")
		} else if tk.ExpiresAt.Sub(now) > pol.TokenMaxTTL {
			p.Add("expires_at", "must be at most %d days ahead", int(pol.TokenMaxTTL/(24*time.Hour)))
		}
	}
	if tk.OwnerID == nil && v.UserID != 0 {
		tk.OwnerID = &v.UserID
	}
	if err := p.Err("token"); err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: create token: %w", err)
	}
	secret = tokenPrefix + strings.ToLower(tokenEncoding.EncodeToString(raw))
	tk.Prefix = secret[len(tokenPrefix) : len(tokenPrefix)+8]
	tk.LastUsedAt, tk.RevokedAt = nil, nil
	err = s.write(ctx, func(t *txn) error {
		if tk.OwnerID != nil {
			o, err := t.getUser(ctx, *tk.OwnerID)
			if vigil.ErrorCode(err) == vigil.ENOTFOUND {
				return &vigil.Error{Code: vigil.EINVALID, Message: "invalid token",
					Fields: map[string]string{"owner": fmt.Sprintf("there is no user %d", *tk.OwnerID)}}
			} else if err != nil {
				return err
			}
			if !holdsToken(o.Role, o.Clearance, o.Disabled, tk) {
				return &vigil.Error{Code: vigil.EINVALID, Message: "invalid token",
					Fields: map[string]string{"owner": fmt.Sprintf("%s (%s, %s clearance, disabled %t) cannot hold a %s token with %s clearance",
						o.Email, o.Role, o.Clearance, o.Disabled, tk.Scope, tk.Clearance)}}
			}
		}
		tk.CreatedAt = t.now
		if tk.ExpiresAt.IsZero() {
			tk.ExpiresAt = t.now.Add(pol.TokenTTL)
		}
		err := t.queryRow(ctx, `INSERT INTO api_tokens (name, scope, clearance, prefix, hash, created_by, created_at, expires_at, owner_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tk.Name, string(tk.Scope), string(tk.Clearance), tk.Prefix, hashSecret(secret), v.Actor, fmtTime(t.now),
			fmtTime(tk.ExpiresAt), tk.OwnerID).Scan(&tk.ID)
		if err != nil {
			return mapWriteErr(fmt.Errorf("store: create token: %w", err), "token")
		}
		return t.audit(ctx, vigil.ActionCreate, "api_tokens", tk.ID, 1, tk)
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// errBadToken is the one answer to every failed authentication, so that
// nothing tells a guesser which part was wrong.
func errBadToken() error {
	return vigil.Errorf(vigil.EUNAUTHORIZED, "invalid, revoked or expired API token")
}

// AuthenticateToken returns the token for secret: EUNAUTHORIZED when it is
// malformed, unknown, revoked or expired, or when its owner is disabled or
// no longer holds its scope and clearance. The lookup is by the secret's
// SHA-256, compared again in constant time, so response times say nothing
// about how much of a guess was right. It records last_used_at (at most once a
// minute, and without an audit entry).
func (s *Store) AuthenticateToken(ctx context.Context, secret string) (*vigil.Token, error) {
	if len(secret) != tokenSecretLen || !strings.HasPrefix(secret, tokenPrefix) {
		return nil, errBadToken()
	}
	want := hashSecret(secret)
	tk := new(vigil.Token)
	var stored string
	var ownerRole vigil.Role
	var ownerClearance vigil.Sensitivity
	var ownerDisabled bool
	err := s.read(ctx, func(t *txn) error {
		return scanToken(t.queryRow(ctx, "SELECT "+prefixCols("t.", tokenCols)+`, t.hash,
			COALESCE(o.role, ''), COALESCE(o.clearance, ''), COALESCE(o.disabled, ?)
			FROM api_tokens t LEFT JOIN users o ON o.id = t.owner_id WHERE t.hash = ?`, false, want),
			tk, &stored, &ownerRole, &ownerClearance, boolCol{&ownerDisabled})
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadToken()
	} else if err != nil {
		return nil, fmt.Errorf("store: authenticate token: %w", err)
	}
	now := s.clock()
	if subtle.ConstantTimeCompare([]byte(stored), []byte(want)) != 1 || tk.RevokedAt != nil || !now.Before(tk.ExpiresAt) {
		return nil, errBadToken()
	}
	if tk.OwnerID != nil && !holdsToken(ownerRole, ownerClearance, ownerDisabled, tk) {
		return nil, errBadToken()
	}
	if tk.LastUsedAt == nil || now.Sub(*tk.LastUsedAt) >= lastUsedEvery {
		// One short statement outside any audited transaction.
		if _, err := s.db.ExecContext(ctx, s.rebind("UPDATE api_tokens SET last_used_at = ? WHERE id = ?"), fmtTime(now), tk.ID); err != nil {
			return nil, fmt.Errorf("store: record use of token %d: %w", tk.ID, err)
		}
		tk.LastUsedAt = &now
	}
	return tk, nil
}

// FindTokens lists every token, revoked and expired ones included,
// without secrets. It needs the admin role.
func (s *Store) FindTokens(ctx context.Context) ([]*vigil.Token, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "list API tokens"); err != nil {
		return nil, err
	}
	out := []*vigil.Token{}
	err := s.read(ctx, func(t *txn) error {
		rows, err := t.query(ctx, "SELECT "+tokenCols+" FROM api_tokens ORDER BY id")
		if err != nil {
			return fmt.Errorf("store: list tokens: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			tk := new(vigil.Token)
			if err := scanToken(rows, tk); err != nil {
				return fmt.Errorf("store: list tokens: %w", err)
			}
			out = append(out, tk)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list tokens: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeToken revokes token id (ENOTFOUND when there is none); revoking a
// revoked token changes nothing. It needs the admin role and is audited.
func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	if err := isAdmin(vigil.ViewerFrom(ctx), "revoke API tokens"); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		tk := new(vigil.Token)
		err := scanToken(t.queryRow(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE id = ?", id), tk)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("token", id)
		} else if err != nil {
			return fmt.Errorf("store: revoke token %d: %w", id, err)
		}
		if tk.RevokedAt != nil {
			return nil
		}
		return t.revokeToken(ctx, tk)
	})
}

// revokeToken revokes a live token and audits it.
func (t *txn) revokeToken(ctx context.Context, tk *vigil.Token) error {
	if _, err := t.exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?", fmtTime(t.now), tk.ID); err != nil {
		return fmt.Errorf("store: revoke token %d: %w", tk.ID, err)
	}
	tk.RevokedAt = &t.now
	return t.audit(ctx, vigil.ActionUpdate, "api_tokens", tk.ID, 2, tk)
}
