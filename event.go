package vigil

import (
	"context"
	"time"

	"vigil/figure"
)

// EventKind is what kind of public event the coalition held or joined.
type EventKind string

// Event kinds.
const (
	EventDemonstration   EventKind = "demonstration"
	EventMeeting         EventKind = "meeting"
	EventPressConference EventKind = "press_conference"
	EventVigil           EventKind = "vigil"
	EventOtherKind       EventKind = "other"
)

// EventKinds lists every event kind.
var EventKinds = []EventKind{EventDemonstration, EventMeeting, EventPressConference, EventVigil, EventOtherKind}

// Event is a demonstration, meeting or other gathering of a campaign:
// when, where, who organized it, and how many took part, as a figure with
// its interval like any other count of people.
type Event struct {
	Meta
	CampaignID *int64    `json:"campaign_id"`
	Kind       EventKind `json:"kind"`
	Title      Names     `json:"title"`
	Summary    Names     `json:"summary"`
	// Date is an EDTF date; DateStart/End its bounds.
	Date      string `json:"date"`
	DateStart string `json:"date_start"`
	DateEnd   string `json:"date_end"`
	PlaceID   *int64 `json:"place_id"`
	// PlaceText describes the place as reported ("in front of the
	// Ministry of Foreign Affairs").
	PlaceText    string  `json:"place_text"`
	OrganizerIDs []int64 `json:"organizer_ids"`
	// Participants is the count as reported ("nine NGOs and two
	// individuals", "about 30"); its interval is derived by the store's
	// policy. An empty text means not counted.
	Participants         figure.Figure    `json:"participants"`
	ParticipantsInterval *figure.Interval `json:"participants_interval"`
	Notes                string           `json:"notes"`
}

// Validate normalizes e and reports every problem with its field; the
// participants' interval is derived under policy.
func (e *Event) Validate(policy figure.Policy) error {
	p := Problems{}
	e.validateMeta(p)
	validateRef(p, "campaign_id", e.CampaignID)
	if !oneOf(e.Kind, EventKinds) {
		p.Add("kind", "%q is not an event kind (%s)", e.Kind, joinOf(EventKinds))
	}
	e.Title.validate(p, "title", true, 500)
	e.Summary.validate(p, "summary", false, 10000)
	validateDate(p, "date", &e.Date, &e.DateStart, &e.DateEnd, true)
	validateRef(p, "place_id", e.PlaceID)
	validateText(p, "place_text", &e.PlaceText, false, 300)
	for _, id := range e.OrganizerIDs {
		if id <= 0 {
			p.Add("organizer_ids", "must hold positive ids")
		}
	}
	e.ParticipantsInterval = nil
	if e.Participants.Text != "" || e.Participants.Qualifier != "" {
		var iv figure.Interval
		validateFigure(p, "participants", &e.Participants, &iv, policy)
		e.ParticipantsInterval = &iv
	}
	validateText(p, "notes", &e.Notes, false, 10000)
	return p.Err("event")
}

// EventFilter selects events.
type EventFilter struct {
	Page
	CampaignID *int64
	Kind       EventKind
}

// Consent is whether the people recognizable in a photo agreed to its
// use.
type Consent string

// Consent statuses.
const (
	ConsentUnknown   Consent = "unknown"
	ConsentObtained  Consent = "obtained"
	ConsentRefused   Consent = "refused"
	ConsentNotNeeded Consent = "not_needed" // nobody is recognizable
)

// Consents lists every consent status.
var Consents = []Consent{ConsentUnknown, ConsentObtained, ConsentRefused, ConsentNotNeeded}

// RiskCheck is the review of a photo for what it could reveal (faces of
// people at risk, banners naming relatives, places) before it is public.
type RiskCheck string

// Risk check results.
const (
	RiskPending RiskCheck = "pending"
	RiskCleared RiskCheck = "cleared"
	RiskBlocked RiskCheck = "blocked"
)

// RiskChecks lists every risk check result.
var RiskChecks = []RiskCheck{RiskPending, RiskCleared, RiskBlocked}

// Photo is a picture of an event. On upload the image is decoded and
// re-encoded, which drops EXIF, GPS and every other metadata block. A
// photo may be public only once consent is obtained (or not needed) and
// the risk check cleared it.
type Photo struct {
	Meta
	EventID        int64     `json:"event_id"`
	Caption        Names     `json:"caption"`
	PhotographerID *int64    `json:"photographer_id"`
	Credit         string    `json:"credit"`
	Consent        Consent   `json:"consent"`
	RiskCheck      RiskCheck `json:"risk_check"`
	RiskNote       string    `json:"risk_note"`
	// Set by the store.
	CheckedBy   string     `json:"checked_by"`
	CheckedAt   *time.Time `json:"checked_at"`
	ContentType string     `json:"content_type"`
	Width       int        `json:"width"`
	Height      int        `json:"height"`
	Bytes       int        `json:"bytes"`
	SHA256      string     `json:"sha256"`
	// DataKey is the key the stored image is encrypted with (base64). It
	// never leaves the store: the store seals it for a restricted photo.
	DataKey string `json:"-"`
}

// Validate normalizes ph and reports every problem with its field.
func (ph *Photo) Validate() error {
	p := Problems{}
	ph.validateMeta(p)
	if ph.EventID <= 0 {
		p.Add("event_id", "is required")
	}
	ph.Caption.validate(p, "caption", false, 2000)
	validateRef(p, "photographer_id", ph.PhotographerID)
	validateText(p, "credit", &ph.Credit, false, 300)
	if ph.PhotographerID == nil && ph.Credit == "" {
		p.Add("credit", "is required: who took the photo (a photographer or a credit line)")
	}
	if ph.Consent == "" {
		ph.Consent = ConsentUnknown
	}
	if !oneOf(ph.Consent, Consents) {
		p.Add("consent", "%q is not a consent status (%s)", ph.Consent, joinOf(Consents))
	}
	if ph.RiskCheck == "" {
		ph.RiskCheck = RiskPending
	}
	if !oneOf(ph.RiskCheck, RiskChecks) {
		p.Add("risk_check", "%q is not a risk check result (%s)", ph.RiskCheck, joinOf(RiskChecks))
	}
	validateText(p, "risk_note", &ph.RiskNote, false, 2000)
	if ph.Sensitivity == Public && !ph.Publishable() {
		p.Add("sensitivity", "a photo can be public only after the risk check cleared it and consent is obtained or not needed")
	}
	return p.Err("photo")
}

// Publishable reports whether the photo may be made public.
func (ph *Photo) Publishable() bool {
	return ph.RiskCheck == RiskCleared && (ph.Consent == ConsentObtained || ph.Consent == ConsentNotNeeded)
}

// PhotoFilter selects photos.
type PhotoFilter struct {
	Page
	EventID *int64
}

// AdvocacyService manages coalition advocacy: campaigns with their asks,
// timeline and outcomes; joint letters with versions, comments, sign-on
// and delivery; events and their photos. It is implemented by
// store.Store alongside Service, with the same rules (see Service):
// reads filter by clearance, writes need a writing role and are audited.
// Editorial steps (freezing a letter, verifying a representative's
// authority, deleting) need an editing role. Signing by invitation needs
// no account: the invitation's secret is the authority.
//
// Errors: EINVALID, ENOTFOUND, ECONFLICT, EFORBIDDEN, EUNPROCESSABLE (a
// step the record's state does not allow: signing a draft, editing a
// delivered letter), EINTERNAL.
type AdvocacyService interface {
	FindCampaignByID(ctx context.Context, id int64) (*Campaign, error)
	FindCampaigns(ctx context.Context, f CampaignFilter) ([]*Campaign, int, error)
	CreateCampaign(ctx context.Context, c *Campaign) error
	UpdateCampaign(ctx context.Context, c *Campaign) error
	DeleteCampaign(ctx context.Context, id int64, version int) error

	FindAskByID(ctx context.Context, id int64) (*Ask, error)
	FindAsks(ctx context.Context, f AskFilter) ([]*Ask, int, error)
	CreateAsk(ctx context.Context, a *Ask) error
	// UpdateAsk changes an ask's text, target and deadline; its state
	// fields must be as stored (EINVALID otherwise: use ChangeAskState).
	UpdateAsk(ctx context.Context, a *Ask) error
	DeleteAsk(ctx context.Context, id int64, version int) error
	// ChangeAskState moves ask id (at version) along the state machine and
	// records the change with its date and evidence.
	ChangeAskState(ctx context.Context, id int64, version int, c AskStateChange) (*Ask, error)
	FindAskEvents(ctx context.Context, askID int64) ([]*AskEvent, error)

	FindActionByID(ctx context.Context, id int64) (*CampaignAction, error)
	FindActions(ctx context.Context, f ActionFilter) ([]*CampaignAction, int, error)
	CreateAction(ctx context.Context, a *CampaignAction) error
	UpdateAction(ctx context.Context, a *CampaignAction) error
	DeleteAction(ctx context.Context, id int64, version int) error

	FindOutcomeByID(ctx context.Context, id int64) (*Outcome, error)
	FindOutcomes(ctx context.Context, f OutcomeFilter) ([]*Outcome, int, error)
	CreateOutcome(ctx context.Context, o *Outcome) error
	UpdateOutcome(ctx context.Context, o *Outcome) error
	DeleteOutcome(ctx context.Context, id int64, version int) error

	FindLetterByID(ctx context.Context, id int64) (*Letter, error)
	FindLetters(ctx context.Context, f LetterFilter) ([]*Letter, int, error)
	// CreateLetter stores a letter with its first text.
	CreateLetter(ctx context.Context, l *Letter, text *LetterVersion) error
	// UpdateLetter changes the title, campaign and addressee only.
	UpdateLetter(ctx context.Context, l *Letter) error
	// DeleteLetter deletes a letter nobody has signed (ECONFLICT otherwise).
	DeleteLetter(ctx context.Context, id int64, version int) error
	// SaveLetterText saves a new version of letter id, which must be at
	// version (the letter's record version). A frozen letter becomes a
	// draft again; a delivered one cannot change (EUNPROCESSABLE).
	SaveLetterText(ctx context.Context, id int64, version int, text *LetterVersion) (*Letter, error)
	FindLetterVersions(ctx context.Context, letterID int64) ([]*LetterVersion, error)
	// FreezeLetter locks the current text and stores its hash.
	FreezeLetter(ctx context.Context, id int64, version int) (*Letter, error)
	AddLetterComment(ctx context.Context, c *LetterComment) error
	FindLetterComments(ctx context.Context, letterID int64) ([]*LetterComment, error)
	// LetterDocument is the letter's public projection for output.
	LetterDocument(ctx context.Context, id int64) (*LetterDocument, error)

	// CreateInvitation stores an invitation and returns its secret, which
	// is not stored and cannot be shown again.
	CreateInvitation(ctx context.Context, in *Invitation) (secret string, err error)
	FindInvitations(ctx context.Context, letterID int64) ([]*Invitation, error)
	// OpenInvitation returns what the holder of secret may sign, without
	// using it up. Unknown, expired and used secrets, and letters that are
	// not open for signing, are each a clear error.
	OpenInvitation(ctx context.Context, secret string) (*InvitationView, error)
	// SignLetter signs with the invitation secret and uses it up. It
	// returns the signature and a withdrawal code, shown once.
	SignLetter(ctx context.Context, secret string, r *SignRequest) (*Signature, string, error)
	// OpenWithdrawal returns the signature a withdrawal code names.
	OpenWithdrawal(ctx context.Context, code string) (*Signature, *Letter, error)
	// WithdrawByCode withdraws the signature of a withdrawal code, until
	// the letter is delivered.
	WithdrawByCode(ctx context.Context, code, reason string) (*Signature, error)
	// WithdrawSignature withdraws a signature on the signer's request
	// (editing role), until the letter is delivered.
	WithdrawSignature(ctx context.Context, id int64, version int, reason string) error
	// VerifyAuthority records that an editor verified a representative's
	// authority to sign for their organization.
	VerifyAuthority(ctx context.Context, id int64, version int) error
	FindSignatureByID(ctx context.Context, id int64) (*Signature, error)
	FindSignatures(ctx context.Context, f SignatureFilter) ([]*Signature, int, error)

	// CreateDelivery records a delivery of a frozen letter and marks it
	// delivered.
	CreateDelivery(ctx context.Context, d *Delivery) error
	UpdateDelivery(ctx context.Context, d *Delivery) error
	FindDeliveryByID(ctx context.Context, id int64) (*Delivery, error)
	FindDeliveries(ctx context.Context, f DeliveryFilter) ([]*Delivery, int, error)

	FindEventByID(ctx context.Context, id int64) (*Event, error)
	FindEvents(ctx context.Context, f EventFilter) ([]*Event, int, error)
	CreateEvent(ctx context.Context, e *Event) error
	UpdateEvent(ctx context.Context, e *Event) error
	DeleteEvent(ctx context.Context, id int64, version int) error

	FindPhotoByID(ctx context.Context, id int64) (*Photo, error)
	FindPhotos(ctx context.Context, f PhotoFilter) ([]*Photo, int, error)
	// CreatePhoto strips the image's metadata by re-encoding it (JPEG or
	// PNG), then stores it with ph.
	CreatePhoto(ctx context.Context, ph *Photo, image []byte) error
	// UpdatePhoto changes caption, credit, consent, risk check and
	// sensitivity; changing the risk check needs an editing role.
	UpdatePhoto(ctx context.Context, ph *Photo) error
	DeletePhoto(ctx context.Context, id int64, version int) error
	// PhotoImage returns the stored (stripped) image and its content type.
	PhotoImage(ctx context.Context, id int64) ([]byte, string, error)
}
