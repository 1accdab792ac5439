package vigil

import "strings"

// ActorKind is a Popolo class: person or organization.
type ActorKind string

// Actor kinds.
const (
	ActorPerson       ActorKind = "person"
	ActorOrganization ActorKind = "organization"
)

// OtherName is a Popolo alternate name.
type OtherName struct {
	Name string `json:"name"`
	Lang string `json:"lang,omitempty"`
	Note string `json:"note,omitempty"`
}

// Identifier is a Popolo identifier in a scheme ("wikidata", "url").
type Identifier struct {
	Scheme     string `json:"scheme"`
	Identifier string `json:"identifier"`
}

// Actor is a Popolo-shaped person or organization: an NGO, a ministry, a
// state security agency acting as perpetrator, an official, an affected
// person.
//
// A person whose identity must be protected has Protected set. The store
// then keeps Name, OtherNames, Identifiers and URL restricted: a viewer
// without restricted clearance sees Pseudonym in Name and nothing else of
// the identity. The projection happens in the store.
type Actor struct {
	Meta
	Kind ActorKind `json:"kind"`
	Name Names     `json:"name"`
	// Classification for organizations: ngo, government, ministry,
	// state_agency, media, international; for persons: official, affected,
	// researcher, photographer.
	Classification string       `json:"classification"`
	OtherNames     []OtherName  `json:"other_names"`
	Identifiers    []Identifier `json:"identifiers"`
	URL            string       `json:"url"`
	// CountryCode is the ISO 3166-1 alpha-2 code of the state the actor
	// belongs to or acts for.
	CountryCode string `json:"country_code"`
	ParentID    *int64 `json:"parent_id"` // parent organization
	Protected   bool   `json:"protected"`
	Pseudonym   Names  `json:"pseudonym"`
	Notes       string `json:"notes"`
	// Redacted is set by the store when identity fields were replaced by
	// the pseudonym for this viewer.
	Redacted bool `json:"redacted,omitempty"`
}

// Validate normalizes a and reports every problem with its field.
func (a *Actor) Validate() error {
	p := Problems{}
	a.validateMeta(p)
	if a.Kind != ActorPerson && a.Kind != ActorOrganization {
		p.Add("kind", "%q is not person or organization", a.Kind)
	}
	a.Name.validate(p, "name", true, 300)
	validateText(p, "classification", &a.Classification, false, 50)
	for n := range a.OtherNames {
		validateText(p, "other_names", &a.OtherNames[n].Name, true, 300)
	}
	for n := range a.Identifiers {
		validateText(p, "identifiers", &a.Identifiers[n].Identifier, true, 500)
		validateText(p, "identifiers", &a.Identifiers[n].Scheme, true, 50)
	}
	validateText(p, "url", &a.URL, false, 2000)
	a.CountryCode = strings.ToUpper(strings.TrimSpace(a.CountryCode))
	validateRef(p, "parent_id", a.ParentID)
	a.Pseudonym.validate(p, "pseudonym", a.Protected, 300)
	if a.Protected && a.Kind != ActorPerson {
		p.Add("protected", "only a person's identity can be protected")
	}
	validateText(p, "notes", &a.Notes, false, 10000)
	return p.Err("actor")
}

// Redact replaces the identity of a protected person with the pseudonym.
// Stores call it for viewers without restricted clearance.
func (a *Actor) Redact() {
	if !a.Protected {
		return
	}
	a.Name = a.Pseudonym
	a.OtherNames, a.Identifiers, a.URL, a.Notes = nil, nil, "", ""
	a.Redacted = true
}

// ActorFilter selects actors.
type ActorFilter struct {
	Page
	IDs            []int64
	Kind           ActorKind
	Classification string
	Name           string // substring of the (visible) name
}

// ActorSorts lists the fields actors can be sorted by.
var ActorSorts = []string{"id", "name", "updated_at"}

// Post is a Popolo post: a position in an organization, such as Minister
// of Foreign Affairs of the Republic of Korea.
type Post struct {
	Meta
	OrganizationID int64 `json:"organization_id"`
	Label          Names `json:"label"`
}

// Validate reports every problem with its field.
func (po *Post) Validate() error {
	p := Problems{}
	po.validateMeta(p)
	if po.OrganizationID <= 0 {
		p.Add("organization_id", "is required")
	}
	po.Label.validate(p, "label", true, 300)
	return p.Err("post")
}

// Membership is a Popolo membership: a person in an organization, holding
// a post or a role, between two EDTF dates.
type Membership struct {
	Meta
	PersonID       int64  `json:"person_id"`
	OrganizationID int64  `json:"organization_id"`
	PostID         *int64 `json:"post_id"`
	Role           Names  `json:"role"`
	StartDate      string `json:"start_date"`
	StartEarliest  string `json:"-"`
	StartLatest    string `json:"-"`
	EndDate        string `json:"end_date"`
	EndEarliest    string `json:"-"`
	EndLatest      string `json:"-"`
}

// Validate reports every problem with its field.
func (m *Membership) Validate() error {
	p := Problems{}
	m.validateMeta(p)
	if m.PersonID <= 0 {
		p.Add("person_id", "is required")
	}
	if m.OrganizationID <= 0 {
		p.Add("organization_id", "is required")
	}
	validateRef(p, "post_id", m.PostID)
	m.Role.validate(p, "role", false, 300)
	validateDate(p, "start_date", &m.StartDate, &m.StartEarliest, &m.StartLatest, false)
	validateDate(p, "end_date", &m.EndDate, &m.EndEarliest, &m.EndLatest, false)
	return p.Err("membership")
}

// MembershipFilter selects memberships.
type MembershipFilter struct {
	Page
	PersonID       *int64
	OrganizationID *int64
	PostID         *int64
}

// PostFilter selects posts.
type PostFilter struct {
	Page
	OrganizationID *int64
}
