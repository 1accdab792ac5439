package vigil

import "context"

// Sensitivity is how widely a record or field may be shown.
type Sensitivity string

// The three sensitivity levels, from most to least open.
const (
	Public     Sensitivity = "public"     // anyone, including anonymous readers
	Coalition  Sensitivity = "coalition"  // signed-in coalition members
	Restricted Sensitivity = "restricted" // named staff only; identities of people at risk
)

// Rank orders sensitivities: public 0, coalition 1, restricted 2, and -1
// for an unknown value. Stores keep the rank in a column so that clearance
// filters are a single comparison in SQL.
func (s Sensitivity) Rank() int {
	switch s {
	case Public:
		return 0
	case Coalition:
		return 1
	case Restricted:
		return 2
	}
	return -1
}

// Valid reports whether s is one of the three levels.
func (s Sensitivity) Valid() bool { return s.Rank() >= 0 }

// SensitivityOfRank is the inverse of Rank.
func SensitivityOfRank(r int) Sensitivity {
	switch r {
	case 0:
		return Public
	case 1:
		return Coalition
	}
	return Restricted
}

// Role is what a viewer may do beyond reading.
type Role string

// Roles, from most to least powerful. Tokens with write scope act as
// editors; read tokens and anonymous readers are viewers.
const (
	RoleAdmin       Role = "admin"
	RoleEditor      Role = "editor"
	RoleContributor Role = "contributor"
	RoleViewer      Role = "viewer"
)

// Viewer is who is asking. The store reads it from the context and checks
// every read against Clearance and every write against Role: authorization
// lives in the store, not only in handlers or templates.
type Viewer struct {
	// Actor names the viewer in the audit log, e.g. "token:3 (ingest)",
	// "cli:root" or "anonymous".
	Actor     string      `json:"actor"`
	Role      Role        `json:"role"`
	Clearance Sensitivity `json:"clearance"`
	TokenID   int64       `json:"token_id,omitempty"`
	UserID    int64       `json:"user_id,omitempty"`
}

// Anonymous is the viewer of a request without credentials: read-only,
// public records and fields only.
var Anonymous = Viewer{Actor: "anonymous", Role: RoleViewer, Clearance: Public}

// CanRead reports whether the viewer may see something of sensitivity s.
func (v Viewer) CanRead(s Sensitivity) bool {
	r := s.Rank()
	return r >= 0 && r <= v.Clearance.Rank()
}

// CanWrite reports whether the viewer may create or change records.
func (v Viewer) CanWrite() bool {
	return v.Role == RoleAdmin || v.Role == RoleEditor || v.Role == RoleContributor
}

// CanEdit reports whether the viewer may make editorial decisions:
// override a derived figure, resolve a conflict, delete records.
func (v Viewer) CanEdit() bool { return v.Role == RoleAdmin || v.Role == RoleEditor }

// IsAdmin reports whether the viewer is an administrator.
func (v Viewer) IsAdmin() bool { return v.Role == RoleAdmin }

type viewerKey struct{}

// WithViewer returns a context that carries v.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer in ctx, or Anonymous when there is none,
// so a forgotten WithViewer fails closed.
func ViewerFrom(ctx context.Context) Viewer {
	if v, ok := ctx.Value(viewerKey{}).(Viewer); ok {
		return v
	}
	return Anonymous
}
