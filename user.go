package vigil

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person who signs in to the web interface. The password hash
// and the TOTP secret are not fields of User: the store keeps them, and
// they can never reach JSON, templates or the audit log by accident.
type User struct {
	ID    int64  `json:"id"`
	Email string `json:"email"` // lower case; unique
	Name  string `json:"name"`
	Role  Role   `json:"role"`
	// Clearance is set by an admin, at most the role's MaxClearance and
	// the admin's own clearance.
	Clearance   Sensitivity `json:"clearance"`
	TOTPEnabled bool        `json:"totp_enabled"`
	// Disabled users cannot sign in, and their sessions end.
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int       `json:"version"`
}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleEditor, RoleContributor, RoleViewer:
		return true
	}
	return false
}

// MaxClearance is the highest clearance an account with role r may hold.
// Contributors are coalition members from other organizations: they see
// coalition records, never the restricted identities of people at risk.
// Staff in every other role may be cleared for restricted records.
func (r Role) MaxClearance() Sensitivity {
	if r == RoleContributor {
		return Coalition
	}
	return Restricted
}

// DefaultClearance is the clearance an invite or new account gets when
// none is given: restricted for admins and editors (their work needs it),
// coalition for contributors and viewers. A signed-in viewer with public
// clearance would see no more than an anonymous reader.
func (r Role) DefaultClearance() Sensitivity {
	if r == RoleAdmin || r == RoleEditor {
		return Restricted
	}
	return Coalition
}

// RequiresTOTP reports whether an account with role r and clearance c
// must use a second factor: admins and editors, and anyone cleared for
// restricted records.
func RequiresTOTP(r Role, c Sensitivity) bool {
	return r == RoleAdmin || r == RoleEditor || c == Restricted
}

// NeedsTOTP reports whether u must use a second factor.
func (u *User) NeedsTOTP() bool { return RequiresTOTP(u.Role, u.Clearance) }

// Viewer returns the viewer a session of u acts as.
func (u *User) Viewer() Viewer {
	return Viewer{Actor: "user:" + u.Email, Role: u.Role, Clearance: u.Clearance, UserID: u.ID}
}

// NormalizeEmail trims and lower-cases an email address; addresses are
// compared in this form.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// validateEmail normalizes *s and checks it looks like an address.
func validateEmail(p Problems, field string, s *string) {
	*s = NormalizeEmail(*s)
	local, domain, ok := strings.Cut(*s, "@")
	switch {
	case *s == "":
		p.Add(field, "is required")
	case !ok || local == "" || domain == "" || strings.ContainsAny(*s, " \t\r\n<>,;\"") || strings.Count(*s, "@") != 1 || !strings.Contains(domain, "."):
		p.Add(field, "%q is not an email address", *s)
	case len(*s) > 254:
		p.Add(field, "is longer than 254 characters")
	case !utf8.ValidString(*s):
		p.Add(field, "is not valid UTF-8")
	}
}

// validateRoleClearance checks a role and a clearance together, filling
// an empty clearance with the role's default.
func validateRoleClearance(p Problems, role Role, c *Sensitivity) {
	if !role.Valid() {
		p.Add("role", "%q is not one of admin, editor, contributor, viewer", role)
		return
	}
	if *c == "" {
		*c = role.DefaultClearance()
	}
	if !c.Valid() {
		p.Add("clearance", "%q is not one of public, coalition, restricted", *c)
	} else if c.Rank() > role.MaxClearance().Rank() {
		p.Add("clearance", "a %s may be cleared for %s records at most", role, role.MaxClearance())
	}
}

// Validate normalizes u and reports every problem with its field.
func (u *User) Validate() error {
	p := Problems{}
	validateEmail(p, "email", &u.Email)
	validateText(p, "name", &u.Name, false, 200)
	validateRoleClearance(p, u.Role, &u.Clearance)
	return p.Err("user")
}

// Password rules: long enough to resist guessing, short enough to hash.
const (
	MinPasswordLength = 12   // characters
	MaxPasswordBytes  = 1024 // bytes, the hashing limit
)

// ValidatePassword checks a new password: at least MinPasswordLength
// characters, at most MaxPasswordBytes bytes, not the email address.
// Problems are reported under field.
func ValidatePassword(field, password, email string) error {
	p := Problems{}
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		p.Add(field, "must be at least %d characters long", MinPasswordLength)
	case len(password) > MaxPasswordBytes:
		p.Add(field, "must be at most %d bytes long", MaxPasswordBytes)
	case !utf8.ValidString(password):
		p.Add(field, "is not valid UTF-8")
	case email != "" && strings.EqualFold(strings.TrimSpace(password), strings.TrimSpace(email)):
		p.Add(field, "must not be the email address")
	}
	return p.Err("password")
}

// UserFilter selects users.
type UserFilter struct {
	Page
	Role  Role
	Email string // substring
}

// UserSorts lists the fields users can be sorted by.
var UserSorts = []string{"id", "email", "name", "created_at"}

// SessionStage is how far a session has come through sign-in.
type SessionStage string

// Session stages. Only a full session acts as its user; the others may do
// nothing but finish signing in.
const (
	// StageTOTP: the password was right; the second factor is awaited.
	StageTOTP SessionStage = "totp"
	// StageEnrol: the password was right, but the account must set up a
	// second factor before doing anything else.
	StageEnrol SessionStage = "enrol"
	// StageFull: signed in.
	StageFull SessionStage = "full"
)

// Session is a signed-in browser. Only the SHA-256 of its secret, which
// lives in the cookie, is stored.
type Session struct {
	ID         int64        `json:"id"`
	UserID     int64        `json:"user_id"`
	Stage      SessionStage `json:"stage"`
	CreatedAt  time.Time    `json:"created_at"`
	LastSeenAt time.Time    `json:"last_seen_at"`
	// ExpiresAt is the absolute end of the session; an idle session ends
	// sooner (see the store's AccountPolicy).
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	IP        string     `json:"ip"`
	UserAgent string     `json:"user_agent"`
}

// Client describes where a sign-in comes from, for rate limits and the
// list of one's sessions.
type Client struct {
	IP        string
	UserAgent string
}

// Invite lets one person create an account with a preset role and
// clearance. The secret of its link is stored only as a SHA-256, is
// shown once, works once, and expires.
type Invite struct {
	ID        int64       `json:"id"`
	Email     string      `json:"email"`
	Role      Role        `json:"role"`
	Clearance Sensitivity `json:"clearance"`
	CreatedBy string      `json:"created_by"`
	// CreatorID is the admin account that made the invite, if any (none
	// for the command line): the invite stops working once that account
	// may no longer grant it.
	CreatorID *int64     `json:"creator_id,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	UsedAt    *time.Time `json:"used_at,omitempty"`
	UserID    *int64     `json:"user_id,omitempty"` // the account created with it
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

// Pending reports whether the invite can still be used at now.
func (i *Invite) Pending(now time.Time) bool {
	return i.UsedAt == nil && i.RevokedAt == nil && now.Before(i.ExpiresAt)
}

// Validate normalizes i and reports every problem with its field.
func (i *Invite) Validate() error {
	p := Problems{}
	validateEmail(p, "email", &i.Email)
	validateRoleClearance(p, i.Role, &i.Clearance)
	return p.Err("invite")
}

// TOTPEnrolment is a second factor being set up: the secret to type into
// an authenticator app and the otpauth:// URI that carries it.
type TOTPEnrolment struct {
	Secret string `json:"secret"`
	URI    string `json:"uri"`
}

// UserService manages accounts, invites, sign-in and sessions. It is
// implemented by store.Store beside Service.
//
// Authorization is in the implementation: only admins create users and
// invites, list users, and change roles, clearances or the disabled flag;
// anyone may change their own name; nobody raises their own role or
// clearance. Methods that act on "the session" take the session secret
// from the cookie, because a session that has not finished signing in
// acts as no user. Every change is audited, without hashes or secrets.
//
// Errors: EINVALID (with fields), ENOTFOUND, ECONFLICT, EFORBIDDEN,
// EUNAUTHORIZED (wrong credentials, unknown or ended session),
// ERATELIMIT (lockout; Fields["retry_after"] holds the RFC 3339 time).
type UserService interface {
	// CreateUser adds an account with a password; admins only (the CLI
	// bootstraps the first admin this way).
	CreateUser(ctx context.Context, u *User, password string) error
	// FindUserByID returns a user to an admin or to the user themself.
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// UpdateUser saves u at its version. Admins change role, clearance,
	// name and the disabled flag; users change their own name. A change
	// of role, clearance or disabled ends the user's sessions.
	UpdateUser(ctx context.Context, u *User) error
	// ResetTOTP removes a user's second factor and ends their sessions;
	// admins only. Their next sign-in sets one up again if required.
	ResetTOTP(ctx context.Context, id int64) error

	// CreateInvite stores an invite and returns the secret of its link,
	// which is not stored and cannot be shown again. Admins only.
	CreateInvite(ctx context.Context, inv *Invite) (secret string, err error)
	// FindInvites lists invites, newest first; admins only.
	FindInvites(ctx context.Context) ([]*Invite, error)
	RevokeInvite(ctx context.Context, id int64) error
	// FindInvite returns the pending invite for a link's secret;
	// ENOTFOUND when it is unknown, used, revoked or expired.
	FindInvite(ctx context.Context, secret string) (*Invite, error)
	// AcceptInvite creates the invited account with the name and password
	// and uses the invite up.
	AcceptInvite(ctx context.Context, secret, name, password string) (*User, error)

	// Login checks an email and password and starts a session, returning
	// it with its secret: a full session, or one in StageTOTP or
	// StageEnrol. Failures count towards the account's lockout and the
	// client address's limit.
	Login(ctx context.Context, email, password string, c Client) (*Session, string, error)
	// VerifyTOTP finishes a StageTOTP session with a code: the session is
	// replaced by a new full one (a new secret). A code works once.
	VerifyTOTP(ctx context.Context, secret, code string, c Client) (*Session, string, error)
	// LookupSession returns the live session for a cookie's secret and its
	// user, noting the time it was seen; EUNAUTHORIZED when unknown,
	// revoked, expired, idle too long, or the user is disabled.
	LookupSession(ctx context.Context, secret string) (*Session, *User, error)
	// Logout ends the session with this secret; ending an ended session
	// is not an error.
	Logout(ctx context.Context, secret string) error
	// FindSessions lists a user's live sessions, newest first; the user
	// or an admin.
	FindSessions(ctx context.Context, userID int64) ([]*Session, error)
	// RevokeSession ends one session; its user or an admin.
	RevokeSession(ctx context.Context, id int64) error
	// RevokeAllSessions ends every session of a user ("log out
	// everywhere"); the user or an admin.
	RevokeAllSessions(ctx context.Context, userID int64) error

	// BeginTOTP makes a new pending second-factor secret for the session's
	// user, replacing any earlier pending one.
	BeginTOTP(ctx context.Context, secret string) (*TOTPEnrolment, error)
	// PendingTOTP returns the pending enrolment; ENOTFOUND when none.
	PendingTOTP(ctx context.Context, secret string) (*TOTPEnrolment, error)
	// ConfirmTOTP enables the pending secret when code matches it, and
	// replaces the session with a new full one.
	ConfirmTOTP(ctx context.Context, secret, code string, c Client) (*Session, string, error)
	// ChangePassword replaces the password of the session's user when
	// current is right, ends all their other sessions, and replaces this
	// one with a new session.
	ChangePassword(ctx context.Context, secret, current, next string, c Client) (*Session, string, error)
}
