package vigil

import (
	"strings"

	"vigil/figure"
)

// EventType is what happened to the people an incident or claim counts.
type EventType string

// Event types.
const (
	EventArrest        EventType = "arrest"
	EventDetention     EventType = "detention"
	EventRepatriation  EventType = "repatriation"
	EventTransfer      EventType = "transfer"
	EventRelease       EventType = "release"
	EventPunishment    EventType = "punishment"
	EventDisappearance EventType = "disappearance"
	// EventAtRisk is a group reported to face imminent repatriation
	// without a stated arrest or detention.
	EventAtRisk EventType = "at_risk"
	EventOther  EventType = "other"
)

// EventTypes lists every valid event type.
var EventTypes = []EventType{EventArrest, EventDetention, EventRepatriation, EventTransfer, EventRelease, EventPunishment, EventDisappearance, EventAtRisk, EventOther}

// Valid reports whether e is a known event type.
func (e EventType) Valid() bool { return oneOf(e, EventTypes) }

// Claim is what one source says about one event: the verbatim quote, the
// figure as written with its interval, and the event, date, place and
// perpetrator as that source reported them.
type Claim struct {
	Meta
	SourceID int64 `json:"source_id"`
	// IncidentID is the incident the claim is about; nil while unassigned.
	IncidentID *int64          `json:"incident_id"`
	Quote      string          `json:"quote"`
	Figure     figure.Figure   `json:"figure"`
	Interval   figure.Interval `json:"interval"` // derived from Figure by the store's policy
	Event      EventType       `json:"event"`
	Date       string          `json:"date"` // EDTF, as this source reported it
	DateStart  string          `json:"date_start"`
	DateEnd    string          `json:"date_end"`
	PlaceID    *int64          `json:"place_id"`
	// PlaceText is the place as written, kept even when PlaceID is set.
	PlaceText     string `json:"place_text"`
	PerpetratorID *int64 `json:"perpetrator_id"`
	// Credibility grades the claim: 1 confirmed … 5 improbable, 6 cannot
	// be judged.
	Credibility int    `json:"credibility"`
	Notes       string `json:"notes"`
}

// Validate normalizes c, computes its interval under policy, and reports
// every problem with its field.
func (c *Claim) Validate(policy figure.Policy) error {
	p := Problems{}
	c.validateMeta(p)
	if c.SourceID <= 0 {
		p.Add("source_id", "is required")
	}
	validateRef(p, "incident_id", c.IncidentID)
	validateRef(p, "place_id", c.PlaceID)
	validateRef(p, "perpetrator_id", c.PerpetratorID)
	validateText(p, "quote", &c.Quote, false, 5000)
	validateFigure(p, "figure", &c.Figure, &c.Interval, policy)
	if !c.Event.Valid() {
		p.Add("event", "%q is not an event type (%s)", c.Event, joinOf(EventTypes))
	}
	validateDate(p, "date", &c.Date, &c.DateStart, &c.DateEnd, false)
	validateText(p, "place_text", &c.PlaceText, false, 300)
	if c.Credibility == 0 {
		c.Credibility = 6
	}
	if c.Credibility < 1 || c.Credibility > 6 {
		p.Add("credibility", "%d is not a grade from 1 (confirmed) to 6 (cannot be judged)", c.Credibility)
	}
	validateText(p, "notes", &c.Notes, false, 10000)
	return p.Err("claim")
}

// validateFigure fills a figure from its text when only the text is
// given, checks the numbers against the qualifier, and derives the
// interval.
func validateFigure(p Problems, field string, f *figure.Figure, iv *figure.Interval, policy figure.Policy) {
	f.Text = strings.TrimSpace(f.Text)
	if f.Qualifier == "" {
		if f.Text == "" {
			p.Add(field, "is required: give text such as \"about 200\", or a qualifier and numbers")
			return
		}
		parsed, err := figure.Parse(f.Text)
		if err != nil {
			p.Add(field, "%s", strings.TrimPrefix(err.Error(), "figure: "))
			return
		}
		*f = parsed
	}
	if err := f.Validate(); err != nil {
		p.Add(field, "%s", strings.TrimPrefix(err.Error(), "figure: "))
		return
	}
	v, err := policy.Interval(*f)
	if err != nil {
		p.Add(field, "%s", strings.TrimPrefix(err.Error(), "figure: "))
		return
	}
	*iv = v
}

// ClaimFilter selects claims.
type ClaimFilter struct {
	Page
	IDs        []int64
	SourceID   *int64
	IncidentID *int64
	Unassigned bool // only claims with no incident
	Event      EventType
}

// ClaimSorts lists the fields claims can be sorted by.
var ClaimSorts = []string{"id", "date", "best", "credibility", "updated_at"}
