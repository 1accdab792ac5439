package vigil

import "context"

// The service interfaces below are implemented by store.Store on SQLite
// and PostgreSQL. Every method reads the Viewer from the context:
//   - reads return only records the viewer's clearance allows, and
//     project protected fields for viewers without restricted clearance;
//     a record the viewer may not see is ENOTFOUND, never EFORBIDDEN, so
//     its existence does not leak;
//   - writes need a writing role (EFORBIDDEN otherwise), are validated
//     (EINVALID with fields), and are audited in the same transaction;
//   - updates and deletes carry the version they read; a stale version is
//     ECONFLICT and changes nothing.
//
// Find* list methods return the page and the total count of matches.
// Errors: EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN, EINTERNAL.

// SourceService manages sources.
type SourceService interface {
	FindSourceByID(ctx context.Context, id int64) (*Source, error)
	FindSources(ctx context.Context, f SourceFilter) ([]*Source, int, error)
	CreateSource(ctx context.Context, s *Source) error
	UpdateSource(ctx context.Context, s *Source) error
	DeleteSource(ctx context.Context, id int64, version int) error
}

// ClaimService manages claims. Creating, changing or deleting a claim
// re-derives its incident's figure, date, conflict and corroboration.
type ClaimService interface {
	FindClaimByID(ctx context.Context, id int64) (*Claim, error)
	FindClaims(ctx context.Context, f ClaimFilter) ([]*Claim, int, error)
	CreateClaim(ctx context.Context, c *Claim) error
	UpdateClaim(ctx context.Context, c *Claim) error
	DeleteClaim(ctx context.Context, id int64, version int) error
}

// IncidentService manages incidents. Setting Override or
// ConflictResolution needs an editing role.
type IncidentService interface {
	FindIncidentByID(ctx context.Context, id int64) (*Incident, error)
	FindIncidents(ctx context.Context, f IncidentFilter) ([]*Incident, int, error)
	CreateIncident(ctx context.Context, i *Incident) error
	UpdateIncident(ctx context.Context, i *Incident) error
	DeleteIncident(ctx context.Context, id int64, version int) error
}

// LinkService manages incident links. A part_of link that would give an
// incident a second parent or make a cycle is EINVALID.
type LinkService interface {
	FindLinkByID(ctx context.Context, id int64) (*IncidentLink, error)
	FindLinks(ctx context.Context, f LinkFilter) ([]*IncidentLink, int, error)
	CreateLink(ctx context.Context, l *IncidentLink) error
	UpdateLink(ctx context.Context, l *IncidentLink) error
	DeleteLink(ctx context.Context, id int64, version int) error
}

// PlaceService manages the gazetteer.
type PlaceService interface {
	FindPlaceByID(ctx context.Context, id int64) (*Place, error)
	FindPlaces(ctx context.Context, f PlaceFilter) ([]*Place, int, error)
	CreatePlace(ctx context.Context, p *Place) error
	UpdatePlace(ctx context.Context, p *Place) error
	DeletePlace(ctx context.Context, id int64, version int) error
}

// ActorService manages persons and organizations, their posts and
// memberships.
type ActorService interface {
	FindActorByID(ctx context.Context, id int64) (*Actor, error)
	FindActors(ctx context.Context, f ActorFilter) ([]*Actor, int, error)
	CreateActor(ctx context.Context, a *Actor) error
	UpdateActor(ctx context.Context, a *Actor) error
	DeleteActor(ctx context.Context, id int64, version int) error

	FindPostByID(ctx context.Context, id int64) (*Post, error)
	FindPosts(ctx context.Context, f PostFilter) ([]*Post, int, error)
	CreatePost(ctx context.Context, p *Post) error
	UpdatePost(ctx context.Context, p *Post) error
	DeletePost(ctx context.Context, id int64, version int) error

	FindMembershipByID(ctx context.Context, id int64) (*Membership, error)
	FindMemberships(ctx context.Context, f MembershipFilter) ([]*Membership, int, error)
	CreateMembership(ctx context.Context, m *Membership) error
	UpdateMembership(ctx context.Context, m *Membership) error
	DeleteMembership(ctx context.Context, id int64, version int) error
}

// LawService manages instruments, provisions, state parties and
// violations.
type LawService interface {
	FindInstrumentByID(ctx context.Context, id int64) (*Instrument, error)
	FindInstruments(ctx context.Context, f Page) ([]*Instrument, int, error)
	CreateInstrument(ctx context.Context, in *Instrument) error
	UpdateInstrument(ctx context.Context, in *Instrument) error
	DeleteInstrument(ctx context.Context, id int64, version int) error

	FindProvisionByID(ctx context.Context, id int64) (*LegalProvision, error)
	FindProvisions(ctx context.Context, f ProvisionFilter) ([]*LegalProvision, int, error)
	CreateProvision(ctx context.Context, lp *LegalProvision) error
	UpdateProvision(ctx context.Context, lp *LegalProvision) error
	DeleteProvision(ctx context.Context, id int64, version int) error

	FindStatePartyByID(ctx context.Context, id int64) (*StateParty, error)
	FindStateParties(ctx context.Context, f StatePartyFilter) ([]*StateParty, int, error)
	CreateStateParty(ctx context.Context, sp *StateParty) error
	UpdateStateParty(ctx context.Context, sp *StateParty) error
	DeleteStateParty(ctx context.Context, id int64, version int) error

	FindViolationByID(ctx context.Context, id int64) (*Violation, error)
	FindViolations(ctx context.Context, f ViolationFilter) ([]*Violation, int, error)
	CreateViolation(ctx context.Context, v *Violation) error
	UpdateViolation(ctx context.Context, v *Violation) error
	DeleteViolation(ctx context.Context, id int64, version int) error
}

// StatsService computes honest totals. Event is required (EINVALID
// otherwise): adding arrests to repatriations is not a total.
type StatsService interface {
	Stats(ctx context.Context, f StatsFilter) (*Stats, error)
}

// AuditService reads and verifies the audit log. Reading needs
// restricted clearance, because entries hold whole records.
type AuditService interface {
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, int, error)
	VerifyAudit(ctx context.Context) (*AuditVerification, error)
	// Generation returns the sequence number of the audit log's last
	// entry. Every committed mutation appends an entry in its own
	// transaction, so the number changes with every change of the
	// records, made by this process or by another on the same database:
	// caches of derived output (the public site) key on it. Any viewer
	// may read it; it tells how many changes there were, not what they
	// were.
	Generation(ctx context.Context) (int64, error)
}

// TokenService manages API tokens. Creating and revoking tokens needs the
// admin role; the CLI acts as admin on its own database.
type TokenService interface {
	// CreateToken stores a new token and returns it with its secret, which
	// is not stored and cannot be shown again.
	CreateToken(ctx context.Context, t *Token) (secret string, err error)
	// AuthenticateToken returns the token for a secret: EUNAUTHORIZED when
	// it is unknown or revoked.
	AuthenticateToken(ctx context.Context, secret string) (*Token, error)
	FindTokens(ctx context.Context) ([]*Token, error)
	RevokeToken(ctx context.Context, id int64) error
}

// Service is everything a store offers; the API and the CLI are written
// against it.
type Service interface {
	SourceService
	ClaimService
	IncidentService
	LinkService
	PlaceService
	ActorService
	LawService
	StatsService
	AuditService
	TokenService
	CohortService
	SearchService
}
