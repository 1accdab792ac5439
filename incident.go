package vigil

import (
	"strings"

	"vigil/figure"
)

// Basis says where an incident's figure or date comes from.
type Basis string

// Bases of derived values.
const (
	BasisClaims Basis = "claims" // derived from the incident's claims
	BasisEditor Basis = "editor" // set by an editor, with a rationale
	BasisNone   Basis = "none"   // no claims and no editor value yet
)

// FigureOverride is an editor's figure for an incident, replacing the one
// derived from claims. Rationale is required.
type FigureOverride struct {
	Low       *int   `json:"low"`
	Best      int    `json:"best"`
	High      *int   `json:"high"`
	Rationale string `json:"rationale"`
}

// Interval returns the override as an interval.
func (o *FigureOverride) Interval() figure.Interval {
	return figure.Interval{Low: o.Low, Best: o.Best, High: o.High}
}

// PlaceRole is the part a place plays in an incident.
type PlaceRole string

// Place roles.
const (
	RoleOrigin      PlaceRole = "origin"      // e.g. the detention facility people were taken from
	RoleCrossing    PlaceRole = "crossing"    // the border crossing used
	RoleDestination PlaceRole = "destination" // where they were sent
	RoleLocation    PlaceRole = "location"    // where it happened
)

// PlaceRoles lists every valid place role.
var PlaceRoles = []PlaceRole{RoleOrigin, RoleCrossing, RoleDestination, RoleLocation}

// IncidentPlace ties a place to an incident in a role.
type IncidentPlace struct {
	PlaceID int64     `json:"place_id"`
	Role    PlaceRole `json:"role"`
}

// Incident is the consolidated event as the organization understands it.
// Its figure and date come from its claims unless an editor overrides
// them; the store keeps the derived fields current.
type Incident struct {
	Meta
	Title   Names     `json:"title"`
	Summary Names     `json:"summary"`
	Event   EventType `json:"event"`
	// Date is the EDTF date. With DateBasis "editor" it is the editor's;
	// with "claims" it is derived from the preferred claim.
	Date          string `json:"date"`
	DateStart     string `json:"date_start"`
	DateEnd       string `json:"date_end"`
	DateBasis     Basis  `json:"date_basis"`
	DateRationale string `json:"date_rationale"`
	// PlaceID is the principal place, used for filters and maps; Places
	// adds places in other roles.
	PlaceID       *int64          `json:"place_id"`
	Places        []IncidentPlace `json:"places"`
	PerpetratorID *int64          `json:"perpetrator_id"`
	// VictimGroup describes the people as a group ("North Korean
	// defectors held at the detention center"); never individuals.
	VictimGroup string `json:"victim_group"`
	// Override, when set, replaces the derived figure.
	Override *FigureOverride `json:"override"`
	// ConflictResolution is an editor's note resolving a conflict between
	// claims. The store clears it when the incident's claims change.
	ConflictResolution string `json:"conflict_resolution"`

	// Derived, read-only fields.

	Figure           *figure.Interval `json:"figure"`
	FigureBasis      Basis            `json:"figure_basis"`
	FigureRationale  string           `json:"figure_rationale"`
	PreferredClaimID *int64           `json:"preferred_claim_id"`
	Conflict         bool             `json:"conflict"`
	Corroboration    int              `json:"corroboration"`
	ClaimCount       int              `json:"claim_count"`
	// ParentID is the incident this one is part_of, from its links.
	ParentID *int64 `json:"parent_id"`
	// CohortID is the smallest incident id of the same_cohort chain this
	// incident belongs to (its own id when it is alone).
	CohortID int64 `json:"cohort_id"`
}

// Validate normalizes the editable fields of i and reports every problem
// with its field. Derived fields are left to the store.
func (i *Incident) Validate() error {
	p := Problems{}
	i.validateMeta(p)
	i.Title.validate(p, "title", true, 500)
	i.Summary.validate(p, "summary", false, 20000)
	if !i.Event.Valid() {
		p.Add("event", "%q is not an event type (%s)", i.Event, joinOf(EventTypes))
	}
	switch i.DateBasis {
	case "":
		i.DateBasis = BasisClaims
		if strings.TrimSpace(i.Date) != "" {
			i.DateBasis = BasisEditor
		}
	case BasisClaims, BasisEditor:
	default:
		p.Add("date_basis", "%q is not one of claims, editor", i.DateBasis)
	}
	if i.DateBasis == BasisEditor {
		validateDate(p, "date", &i.Date, &i.DateStart, &i.DateEnd, true)
	}
	validateText(p, "date_rationale", &i.DateRationale, false, 2000)
	validateRef(p, "place_id", i.PlaceID)
	validateRef(p, "perpetrator_id", i.PerpetratorID)
	for n, ip := range i.Places {
		if ip.PlaceID <= 0 {
			p.Add("places", "entry %d: place_id must be a positive id", n+1)
		}
		if !oneOf(ip.Role, PlaceRoles) {
			p.Add("places", "entry %d: %q is not a role (%s)", n+1, ip.Role, joinOf(PlaceRoles))
		}
	}
	validateText(p, "victim_group", &i.VictimGroup, false, 500)
	if o := i.Override; o != nil {
		o.Rationale = strings.TrimSpace(o.Rationale)
		if o.Rationale == "" {
			p.Add("override.rationale", "is required when overriding the derived figure")
		}
		if o.Best < 0 || (o.Low != nil && (*o.Low < 0 || *o.Low > o.Best)) || (o.High != nil && *o.High < o.Best) {
			p.Add("override", "must satisfy 0 ≤ low ≤ best ≤ high")
		}
	}
	validateText(p, "conflict_resolution", &i.ConflictResolution, false, 5000)
	return p.Err("incident")
}

// IncidentFilter selects incidents.
type IncidentFilter struct {
	Page
	IDs   []int64
	Event EventType
	// From and To bound the incident's earliest day (date_start),
	// inclusive, as YYYY-MM-DD.
	From, To string
	// PlaceID matches the place and every place under it.
	PlaceID       *int64
	PerpetratorID *int64
	Sensitivity   Sensitivity
	Conflict      *bool
	Query         string // substring of the title in any language
}

// IncidentSorts lists the fields incidents can be sorted by.
var IncidentSorts = []string{"id", "date", "best", "updated_at"}

// LinkKind is the relation an IncidentLink states.
type LinkKind string

// Link kinds. For part_of and follow_up_of the link reads "From is part of
// To" and "From is a follow-up of To"; same_cohort is symmetric.
const (
	LinkPartOf     LinkKind = "part_of"
	LinkSameCohort LinkKind = "same_cohort"
	LinkFollowUpOf LinkKind = "follow_up_of"
)

// LinkKinds lists every valid link kind.
var LinkKinds = []LinkKind{LinkPartOf, LinkSameCohort, LinkFollowUpOf}

// IncidentLink relates two incidents. Links are what keep totals free of
// double counts: a part_of child is not added on top of its parent, and a
// same_cohort chain counts once per event type.
type IncidentLink struct {
	Meta
	FromID int64    `json:"from_id"`
	ToID   int64    `json:"to_id"`
	Kind   LinkKind `json:"kind"`
	Note   string   `json:"note"`
}

// Validate reports every problem with its field.
func (l *IncidentLink) Validate() error {
	p := Problems{}
	l.validateMeta(p)
	if l.FromID <= 0 {
		p.Add("from_id", "is required")
	}
	if l.ToID <= 0 {
		p.Add("to_id", "is required")
	}
	if l.FromID > 0 && l.FromID == l.ToID {
		p.Add("to_id", "an incident cannot be linked to itself")
	}
	if !oneOf(l.Kind, LinkKinds) {
		p.Add("kind", "%q is not a link kind (%s)", l.Kind, joinOf(LinkKinds))
	}
	validateText(p, "note", &l.Note, false, 2000)
	return p.Err("incident link")
}

// LinkFilter selects incident links.
type LinkFilter struct {
	Page
	IncidentID *int64 // either end
	Kind       LinkKind
}
