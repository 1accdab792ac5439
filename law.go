package vigil

import "strings"

// Instrument is a treaty or other legal instrument, such as the 1951
// Convention relating to the Status of Refugees.
type Instrument struct {
	Meta
	// Code is a short stable key, e.g. "refugee-convention-1951", "cat".
	Code    string `json:"code"`
	Name    Names  `json:"name"`
	Adopted string `json:"adopted"` // EDTF
	URL     string `json:"url"`
}

// Validate reports every problem with its field.
func (in *Instrument) Validate() error {
	p := Problems{}
	in.validateMeta(p)
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	if in.Code == "" || strings.Trim(in.Code, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
		p.Add("code", "is required: lowercase letters, digits and dashes")
	}
	in.Name.validate(p, "name", true, 500)
	var start, end string
	validateDate(p, "adopted", &in.Adopted, &start, &end, false)
	validateText(p, "url", &in.URL, false, 2000)
	return p.Err("instrument")
}

// LegalProvision is one article of an instrument, e.g. Refugee Convention
// article 33 (non-refoulement) or CAT article 3.
type LegalProvision struct {
	Meta
	InstrumentID int64  `json:"instrument_id"`
	Article      string `json:"article"`
	Title        Names  `json:"title"`
	Summary      Names  `json:"summary"`
}

// Validate reports every problem with its field.
func (lp *LegalProvision) Validate() error {
	p := Problems{}
	lp.validateMeta(p)
	if lp.InstrumentID <= 0 {
		p.Add("instrument_id", "is required")
	}
	validateText(p, "article", &lp.Article, true, 50)
	lp.Title.validate(p, "title", true, 500)
	lp.Summary.validate(p, "summary", false, 10000)
	return p.Err("legal provision")
}

// PartyAction is how a state became bound by an instrument.
type PartyAction string

// Party actions.
const (
	ActionSignature    PartyAction = "signature"
	ActionRatification PartyAction = "ratification"
	ActionAccession    PartyAction = "accession"
	ActionSuccession   PartyAction = "succession"
)

// PartyActions lists every valid party action.
var PartyActions = []PartyAction{ActionSignature, ActionRatification, ActionAccession, ActionSuccession}

// StateParty records that a state signed, ratified or acceded to an
// instrument on a date, with its reservations and the source of the fact.
type StateParty struct {
	Meta
	InstrumentID int64       `json:"instrument_id"`
	CountryCode  string      `json:"country_code"` // ISO 3166-1 alpha-2
	Action       PartyAction `json:"action"`
	Date         string      `json:"date"` // EDTF; "1982-09" when only the month is known
	DateStart    string      `json:"date_start"`
	DateEnd      string      `json:"date_end"`
	Reservations string      `json:"reservations"`
	SourceURL    string      `json:"source_url"`
}

// Validate reports every problem with its field.
func (sp *StateParty) Validate() error {
	p := Problems{}
	sp.validateMeta(p)
	if sp.InstrumentID <= 0 {
		p.Add("instrument_id", "is required")
	}
	sp.CountryCode = strings.ToUpper(strings.TrimSpace(sp.CountryCode))
	if len(sp.CountryCode) != 2 || strings.Trim(sp.CountryCode, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		p.Add("country_code", "%q is not an ISO 3166-1 alpha-2 code", sp.CountryCode)
	}
	if !oneOf(sp.Action, PartyActions) {
		p.Add("action", "%q is not one of %s", sp.Action, joinOf(PartyActions))
	}
	validateDate(p, "date", &sp.Date, &sp.DateStart, &sp.DateEnd, true)
	validateText(p, "reservations", &sp.Reservations, false, 5000)
	validateText(p, "source_url", &sp.SourceURL, false, 2000)
	return p.Err("state party")
}

// StatePartyFilter selects state parties.
type StatePartyFilter struct {
	Page
	InstrumentID *int64
	CountryCode  string
}

// Violation states that an incident breaches a legal provision by a state.
type Violation struct {
	Meta
	IncidentID  int64  `json:"incident_id"`
	ProvisionID int64  `json:"provision_id"`
	CountryCode string `json:"country_code"` // the state in breach
	Analysis    Names  `json:"analysis"`
}

// Validate reports every problem with its field.
func (v *Violation) Validate() error {
	p := Problems{}
	v.validateMeta(p)
	if v.IncidentID <= 0 {
		p.Add("incident_id", "is required")
	}
	if v.ProvisionID <= 0 {
		p.Add("provision_id", "is required")
	}
	v.CountryCode = strings.ToUpper(strings.TrimSpace(v.CountryCode))
	if len(v.CountryCode) != 2 {
		p.Add("country_code", "%q is not an ISO 3166-1 alpha-2 code", v.CountryCode)
	}
	v.Analysis.validate(p, "analysis", false, 20000)
	return p.Err("violation")
}

// ViolationFilter selects violations.
type ViolationFilter struct {
	Page
	IncidentID  *int64
	ProvisionID *int64
}

// ProvisionFilter selects legal provisions.
type ProvisionFilter struct {
	Page
	InstrumentID *int64
}
