package vigil

import (
	"strings"
	"time"
)

// Campaign is a coalition's advocacy effort: a goal, the incidents it is
// about, the officials it targets, what it asks of them (Ask), what the
// coalition did (CampaignAction) and what changed (Outcome).
type Campaign struct {
	Meta
	Title Names `json:"title"`
	Goal  Names `json:"goal"`
	// IncidentIDs are the related incidents.
	IncidentIDs []int64 `json:"incident_ids"`
	// Targets are the people (with their posts) the campaign addresses,
	// e.g. Cho Tae-yul, Minister of Foreign Affairs.
	Targets []CampaignTarget `json:"targets"`
	// Deadline is the day (YYYY-MM-DD) the campaign works towards; asks
	// carry their own.
	Deadline string `json:"deadline"`
	Notes    string `json:"notes"`
}

// CampaignTarget is an actor the campaign addresses, optionally in a
// post (Popolo: the person holding the office).
type CampaignTarget struct {
	ActorID int64  `json:"actor_id"`
	PostID  *int64 `json:"post_id"`
}

// validateDay checks an optional YYYY-MM-DD day.
func validateDay(p Problems, field string, s *string, required bool) {
	*s = strings.TrimSpace(*s)
	if *s == "" {
		if required {
			p.Add(field, "is required (YYYY-MM-DD)")
		}
		return
	}
	if _, err := time.Parse(time.DateOnly, *s); err != nil {
		p.Add(field, "%q is not a day (YYYY-MM-DD)", *s)
	}
}

// Validate normalizes c and reports every problem with its field.
func (c *Campaign) Validate() error {
	p := Problems{}
	c.validateMeta(p)
	c.Title.validate(p, "title", true, 500)
	c.Goal.validate(p, "goal", false, 5000)
	for _, id := range c.IncidentIDs {
		if id <= 0 {
			p.Add("incident_ids", "must hold positive ids")
		}
	}
	for n, t := range c.Targets {
		if t.ActorID <= 0 {
			p.Add("targets", "entry %d: actor_id must be a positive id", n+1)
		}
		validateRef(p, "targets", t.PostID)
	}
	validateDay(p, "deadline", &c.Deadline, false)
	validateText(p, "notes", &c.Notes, false, 10000)
	return p.Err("campaign")
}

// CampaignFilter selects campaigns.
type CampaignFilter struct {
	Page
	IDs   []int64
	Query string // title contains, in any language
}

// AskState is where an ask stands with its target.
type AskState string

// Ask states. An ask starts awaiting; the target may acknowledge it; it
// ends raised, partially met, declined, without response, or overdue.
const (
	AskAwaiting     AskState = "awaiting"
	AskAcknowledged AskState = "acknowledged"
	AskRaised       AskState = "raised"
	AskPartially    AskState = "partially"
	AskDeclined     AskState = "declined"
	AskNoResponse   AskState = "no_response"
	AskOverdue      AskState = "overdue"
)

// AskStates lists every ask state.
var AskStates = []AskState{AskAwaiting, AskAcknowledged, AskRaised, AskPartially, AskDeclined, AskNoResponse, AskOverdue}

// askNext is the state machine: the states each state may move to.
// raised, partially, declined and no_response are final; an overdue ask
// may still be answered late.
var askNext = map[AskState][]AskState{
	AskAwaiting:     {AskAcknowledged, AskRaised, AskPartially, AskDeclined, AskNoResponse, AskOverdue},
	AskAcknowledged: {AskRaised, AskPartially, AskDeclined, AskNoResponse, AskOverdue},
	AskOverdue:      {AskAcknowledged, AskRaised, AskPartially, AskDeclined, AskNoResponse},
}

// CanMove reports whether an ask in state s may move to next.
func (s AskState) CanMove(next AskState) bool { return oneOf(next, askNext[s]) }

// NextStates lists the states an ask in state s may move to.
func (s AskState) NextStates() []AskState { return askNext[s] }

// NeedsSource reports whether moving to s needs a source as evidence: a
// response (acknowledged, raised, partially, declined) is something a
// source reports; no_response and overdue are the absence of one, dated
// by the deadline passing.
func (s AskState) NeedsSource() bool {
	return s == AskAcknowledged || s == AskRaised || s == AskPartially || s == AskDeclined
}

// Open reports whether the target still owes an answer.
func (s AskState) Open() bool { return s == AskAwaiting || s == AskAcknowledged }

// Ask is one thing a campaign asks of a target, by a deadline. Its state
// changes only through AdvocacyService.ChangeAskState, which records the
// change with its date and evidence.
type Ask struct {
	Meta
	CampaignID int64  `json:"campaign_id"`
	TargetID   *int64 `json:"target_id"`
	Text       Names  `json:"text"`
	// Deadline is the day (YYYY-MM-DD) by which an answer is due.
	Deadline string   `json:"deadline"`
	State    AskState `json:"state"`
	// StateDate is the EDTF date of the last state change;
	// StateSourceID its evidence.
	StateDate     string `json:"state_date"`
	StateSourceID *int64 `json:"state_source_id"`
	StateNote     string `json:"state_note"`
}

// Validate normalizes a and reports every problem with its field.
func (a *Ask) Validate() error {
	p := Problems{}
	a.validateMeta(p)
	if a.CampaignID <= 0 {
		p.Add("campaign_id", "is required")
	}
	validateRef(p, "target_id", a.TargetID)
	a.Text.validate(p, "text", true, 5000)
	validateDay(p, "deadline", &a.Deadline, false)
	if a.State == "" {
		a.State = AskAwaiting
	}
	if !oneOf(a.State, AskStates) {
		p.Add("state", "%q is not an ask state (%s)", a.State, joinOf(AskStates))
	}
	var s, e string
	validateDate(p, "state_date", &a.StateDate, &s, &e, false)
	validateRef(p, "state_source_id", a.StateSourceID)
	validateText(p, "state_note", &a.StateNote, false, 5000)
	return p.Err("ask")
}

// Overdue reports whether the ask is still open after its deadline, as of
// day (YYYY-MM-DD), or was marked overdue.
func (a *Ask) Overdue(day string) bool {
	return a.State == AskOverdue || (a.State.Open() && a.Deadline != "" && a.Deadline < day)
}

// AskStateChange moves an ask to a new state: when (an EDTF date), on
// what evidence (a source), with an optional note.
type AskStateChange struct {
	State    AskState `json:"state"`
	Date     string   `json:"date"`
	SourceID *int64   `json:"source_id"`
	Note     string   `json:"note"`
}

// Validate checks the change against the ask's current state.
func (c *AskStateChange) Validate(from AskState) error {
	p := Problems{}
	if !oneOf(c.State, AskStates) {
		p.Add("state", "%q is not an ask state (%s)", c.State, joinOf(AskStates))
	} else if !from.CanMove(c.State) {
		if len(from.NextStates()) == 0 {
			p.Add("state", "the ask is %s, which is final", from)
		} else {
			p.Add("state", "an ask that is %s can move to %s, not %s", from, joinOf(from.NextStates()), c.State)
		}
	}
	var s, e string
	validateDate(p, "date", &c.Date, &s, &e, true)
	validateRef(p, "source_id", c.SourceID)
	if c.SourceID == nil && c.State.NeedsSource() {
		p.Add("source_id", "is required: a %s state needs a source as evidence", c.State)
	}
	validateText(p, "note", &c.Note, false, 5000)
	return p.Err("ask state change")
}

// AskEvent is one recorded state change of an ask, kept as its history.
type AskEvent struct {
	ID       int64     `json:"id"`
	AskID    int64     `json:"ask_id"`
	From     AskState  `json:"from"`
	To       AskState  `json:"to"`
	Date     string    `json:"date"`
	SourceID *int64    `json:"source_id"`
	Note     string    `json:"note"`
	Actor    string    `json:"actor"`
	At       time.Time `json:"at"`
}

// AskFilter selects asks.
type AskFilter struct {
	Page
	CampaignID *int64
	State      AskState
	// OverdueOn lists only asks overdue on that day (YYYY-MM-DD): open
	// past their deadline, or marked overdue.
	OverdueOn string
}

// ActionKind is what the coalition did.
type ActionKind string

// Action kinds of a campaign's timeline.
const (
	ActionLetter        ActionKind = "letter"
	ActionDemonstration ActionKind = "demonstration"
	ActionMeeting       ActionKind = "meeting"
	ActionPressRelease  ActionKind = "press_release"
	ActionStatement     ActionKind = "statement"
)

// ActionKinds lists every action kind.
var ActionKinds = []ActionKind{ActionLetter, ActionDemonstration, ActionMeeting, ActionPressRelease, ActionStatement}

// CampaignAction is one entry of a campaign's timeline: a letter sent, a
// demonstration held, a meeting, a press release, a statement.
type CampaignAction struct {
	Meta
	CampaignID int64      `json:"campaign_id"`
	Kind       ActionKind `json:"kind"`
	Title      Names      `json:"title"`
	Summary    Names      `json:"summary"`
	// Date is an EDTF date; DateStart/End its bounds.
	Date      string `json:"date"`
	DateStart string `json:"date_start"`
	DateEnd   string `json:"date_end"`
	LetterID  *int64 `json:"letter_id"`
	EventID   *int64 `json:"event_id"`
	SourceID  *int64 `json:"source_id"`
}

// Validate normalizes a and reports every problem with its field.
func (a *CampaignAction) Validate() error {
	p := Problems{}
	a.validateMeta(p)
	if a.CampaignID <= 0 {
		p.Add("campaign_id", "is required")
	}
	if !oneOf(a.Kind, ActionKinds) {
		p.Add("kind", "%q is not an action kind (%s)", a.Kind, joinOf(ActionKinds))
	}
	a.Title.validate(p, "title", true, 500)
	a.Summary.validate(p, "summary", false, 10000)
	validateDate(p, "date", &a.Date, &a.DateStart, &a.DateEnd, true)
	validateRef(p, "letter_id", a.LetterID)
	validateRef(p, "event_id", a.EventID)
	validateRef(p, "source_id", a.SourceID)
	return p.Err("campaign action")
}

// ActionFilter selects campaign actions.
type ActionFilter struct {
	Page
	CampaignID *int64
	Kind       ActionKind
}

// Outcome is a change the campaign observed, in Outcome Harvesting form:
// what changed, who changed it, when, why it matters, how the coalition
// contributed, and the sources that show it (at least one).
type Outcome struct {
	Meta
	CampaignID int64  `json:"campaign_id"`
	AskID      *int64 `json:"ask_id"`
	// Change is what changed: a behaviour, action, policy or practice.
	Change Names `json:"change"`
	// ChangedByID is the social actor who changed (an actor); ChangedBy
	// names them when there is no actor record.
	ChangedByID *int64 `json:"changed_by_id"`
	ChangedBy   string `json:"changed_by"`
	// Date is when the change happened (EDTF).
	Date         string  `json:"date"`
	DateStart    string  `json:"date_start"`
	DateEnd      string  `json:"date_end"`
	Significance Names   `json:"significance"`
	Contribution Names   `json:"contribution"`
	SourceIDs    []int64 `json:"source_ids"`
}

// Validate normalizes o and reports every problem with its field.
func (o *Outcome) Validate() error {
	p := Problems{}
	o.validateMeta(p)
	if o.CampaignID <= 0 {
		p.Add("campaign_id", "is required")
	}
	validateRef(p, "ask_id", o.AskID)
	o.Change.validate(p, "change", true, 5000)
	validateRef(p, "changed_by_id", o.ChangedByID)
	validateText(p, "changed_by", &o.ChangedBy, false, 300)
	if o.ChangedByID == nil && o.ChangedBy == "" {
		p.Add("changed_by", "is required: who changed (an actor id or a name)")
	}
	validateDate(p, "date", &o.Date, &o.DateStart, &o.DateEnd, true)
	o.Significance.validate(p, "significance", true, 5000)
	o.Contribution.validate(p, "contribution", true, 5000)
	if len(o.SourceIDs) == 0 {
		p.Add("source_ids", "at least one source is required as evidence of the outcome")
	}
	for _, id := range o.SourceIDs {
		if id <= 0 {
			p.Add("source_ids", "must hold positive ids")
		}
	}
	return p.Err("outcome")
}

// OutcomeFilter selects outcomes.
type OutcomeFilter struct {
	Page
	CampaignID *int64
}
