package vigil

import (
	"encoding/json"
	"time"
)

// Audit actions.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// AuditEntry is one row of the append-only audit log. Each entry's Hash
// covers its own fields and the previous entry's hash, so altering or
// removing a row breaks the chain from that row on.
type AuditEntry struct {
	Seq      int64           `json:"seq"`
	At       time.Time       `json:"at"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"` // table name, e.g. "incidents"
	EntityID int64           `json:"entity_id"`
	Version  int             `json:"version"` // the record's version after the change
	Data     json.RawMessage `json:"data"`    // the record after the change (before, for deletes)
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Page
	Entity   string
	EntityID *int64
}

// AuditVerification is the result of walking the audit chain.
type AuditVerification struct {
	Entries int64 `json:"entries"`
	OK      bool  `json:"ok"`
	// FirstBroken is the sequence number of the first entry whose hash or
	// link does not match, when OK is false.
	FirstBroken int64  `json:"first_broken,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// Scope is what an API token may do.
type Scope string

// Token scopes.
const (
	ScopeRead  Scope = "read"
	ScopeWrite Scope = "write"
)

// Token is an API token. Only a SHA-256 hash of the secret is stored; the
// secret is shown once, at creation.
type Token struct {
	ID         int64       `json:"id"`
	Name       string      `json:"name"`
	Scope      Scope       `json:"scope"`
	Clearance  Sensitivity `json:"clearance"`
	Prefix     string      `json:"prefix"` // the first characters of the secret, to tell tokens apart
	CreatedAt  time.Time   `json:"created_at"`
	LastUsedAt *time.Time  `json:"last_used_at"`
	RevokedAt  *time.Time  `json:"revoked_at"`
	// ExpiresAt is when the token stops working; zero at creation means
	// the default lifetime (docs/security.md).
	ExpiresAt time.Time `json:"expires_at"`
	// OwnerID is the account the token acts for, if any: the token is
	// refused once that account is disabled or no longer holds the
	// token's scope and clearance. A token made on the command line
	// without --owner has none.
	OwnerID *int64 `json:"owner_id,omitempty"`
}

// Viewer returns the viewer a request authenticated by t acts as.
func (t *Token) Viewer() Viewer {
	role := RoleViewer
	if t.Scope == ScopeWrite {
		role = RoleEditor
	}
	return Viewer{Actor: "token:" + t.Name, Role: role, Clearance: t.Clearance, TokenID: t.ID}
}
