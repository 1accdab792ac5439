package vigil

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// LetterStatus is where a joint letter stands.
type LetterStatus string

// Letter statuses: drafted (text may change), frozen (text locked and
// hashed, open for signing), delivered (sent; nothing changes any more).
const (
	LetterDraft     LetterStatus = "draft"
	LetterFrozen    LetterStatus = "frozen"
	LetterDelivered LetterStatus = "delivered"
)

// Letter is a joint letter. Its text lives in numbered versions
// (LetterVersion), each holding the Korean and the English variant, so
// the two are always linked version by version. Freezing locks the
// current version and stores its SHA-256 in TextHash; signatures bind to
// that hash. Saving a new version of a frozen letter makes it a draft
// again, and signatures on the old hash no longer count until re-signed.
type Letter struct {
	Meta
	CampaignID *int64 `json:"campaign_id"`
	// Title is the working title, for lists; the text's own title is in
	// the version.
	Title Names `json:"title"`
	// AddressedTo names the recipients as the letter does, e.g. "Minister
	// of Foreign Affairs Cho Tae-yul".
	AddressedTo Names `json:"addressed_to"`

	// Set by the store.

	Status         LetterStatus `json:"status"`
	CurrentVersion int          `json:"current_version"`
	FrozenVersion  int          `json:"frozen_version"`
	// TextHash is the hex SHA-256 of the frozen version (LetterVersion.Hash);
	// empty while drafting.
	TextHash    string     `json:"text_hash"`
	FrozenAt    *time.Time `json:"frozen_at"`
	DeliveredAt *time.Time `json:"delivered_at"`
	// Signatures counts the signatures that are bound to TextHash and not
	// withdrawn.
	Signatures int `json:"signatures"`
	// Text is the first version's text when a letter is created through
	// the API; reads leave it empty (see the letter's versions).
	Text *LetterVersion `json:"text,omitempty"`
}

// Validate normalizes l and reports every problem with its field.
func (l *Letter) Validate() error {
	p := Problems{}
	l.validateMeta(p)
	validateRef(p, "campaign_id", l.CampaignID)
	l.Title.validate(p, "title", true, 500)
	l.AddressedTo.validate(p, "addressed_to", false, 500)
	return p.Err("letter")
}

// LetterFilter selects letters.
type LetterFilter struct {
	Page
	CampaignID *int64
	Status     LetterStatus
}

// LetterVersion is one saved text of a letter: the Korean and English
// variants of its title and body. Versions are never changed; an edit is
// a new version.
type LetterVersion struct {
	ID       int64 `json:"id"`
	LetterID int64 `json:"letter_id"`
	Number   int   `json:"number"`
	Title    Names `json:"title"`
	Body     Names `json:"body"`
	// Note says what changed, like a commit message.
	Note      string    `json:"note"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
	// Hash is the hex SHA-256 of the text (see Hash).
	Hash string `json:"hash"`
}

// Validate normalizes the text and reports every problem with its field.
// A letter needs a body in at least one language.
func (v *LetterVersion) Validate() error {
	p := Problems{}
	v.Title.Ko, v.Title.En = strings.TrimSpace(v.Title.Ko), strings.TrimSpace(v.Title.En)
	v.Body.Ko, v.Body.En = normalizeText(v.Body.Ko), normalizeText(v.Body.En)
	v.Title.Zh, v.Body.Zh = "", ""
	if v.Title.IsZero() {
		p.Add("title", "is required in at least one language (ko or en)")
	}
	if v.Body.IsZero() {
		p.Add("body", "is required in at least one language (ko or en)")
	}
	for f, s := range map[string]string{"title.ko": v.Title.Ko, "title.en": v.Title.En} {
		if len([]rune(s)) > 500 {
			p.Add(f, "is longer than 500 characters")
		}
	}
	for f, s := range map[string]string{"body.ko": v.Body.Ko, "body.en": v.Body.En} {
		if len([]rune(s)) > 100000 {
			p.Add(f, "is longer than 100000 characters")
		}
	}
	validateText(p, "note", &v.Note, false, 2000)
	return p.Err("letter text")
}

// normalizeText makes line ends \n and drops trailing spaces on each line
// and trailing blank lines, so that the hash does not depend on how a
// browser sent the text.
func normalizeText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// LetterHashDomain tags the version of the letter hash encoding.
const LetterHashDomain = "vigil-letter-v1"

// TextHash returns the hex SHA-256 of the version's text: netstrings
// (<length>:<bytes>,) of LetterHashDomain, the Korean title, the English
// title, the Korean body and the English body. Length prefixes make the
// encoding unambiguous, so no two different texts share an encoding.
func (v *LetterVersion) TextHash() string {
	h := sha256.New()
	for _, s := range []string{LetterHashDomain, v.Title.Ko, v.Title.En, v.Body.Ko, v.Body.En} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{','})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// LetterComment is a drafter's comment on a version of a letter, in one
// of its variants. Comments are internal: coalition clearance reads them.
type LetterComment struct {
	ID        int64     `json:"id"`
	LetterID  int64     `json:"letter_id"`
	Version   int       `json:"version"`
	Lang      string    `json:"lang"`
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// Validate reports every problem with its field.
func (c *LetterComment) Validate() error {
	p := Problems{}
	if c.LetterID <= 0 {
		p.Add("letter_id", "is required")
	}
	if c.Version < 0 {
		p.Add("version", "must not be negative")
	}
	c.Lang = strings.TrimSpace(c.Lang)
	if c.Lang != "" && c.Lang != "ko" && c.Lang != "en" {
		p.Add("lang", "%q is not ko or en", c.Lang)
	}
	validateText(p, "body", &c.Body, true, 5000)
	return p.Err("comment")
}

// SignerKind is who signs: an organization through a representative, or
// an individual.
type SignerKind string

// Signer kinds.
const (
	SignerOrganization SignerKind = "organization"
	SignerIndividual   SignerKind = "individual"
)

// Invitation is a sign-on link for one signer. Its secret is shown once
// when it is made and stored only as a SHA-256; it signs at most once and
// expires. An organization's invitation names the organization, so the
// invitee cannot sign for another.
type Invitation struct {
	ID             int64      `json:"id"`
	LetterID       int64      `json:"letter_id"`
	Kind           SignerKind `json:"kind"`
	OrganizationID *int64     `json:"organization_id"`
	// PersonID links an individual's invitation to a known (usually
	// protected) person, whose signature then carries it in its
	// restricted identity. Setting it needs restricted clearance; it is
	// shown only at restricted clearance.
	PersonID *int64 `json:"person_id,omitempty"`
	// Label says to whom the link was sent, for the coalition's records
	// ("NKHR office"); it is never shown to the invitee.
	Label       string     `json:"label"`
	ExpiresAt   time.Time  `json:"expires_at"`
	UsedAt      *time.Time `json:"used_at"`
	SignatureID *int64     `json:"signature_id"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
}

// Invitation lifetimes.
const (
	DefaultInvitationTTL = 14 * 24 * time.Hour
	MaxInvitationTTL     = 90 * 24 * time.Hour
)

// Validate checks the invitation against now (its expiry must be in the
// future, within MaxInvitationTTL; zero means DefaultInvitationTTL).
func (in *Invitation) Validate(now time.Time) error {
	p := Problems{}
	if in.LetterID <= 0 {
		p.Add("letter_id", "is required")
	}
	switch in.Kind {
	case SignerOrganization:
		if in.OrganizationID == nil || *in.OrganizationID <= 0 {
			p.Add("organization_id", "is required for an organization's invitation")
		}
		if in.PersonID != nil {
			p.Add("person_id", "must be empty for an organization's invitation")
		}
	case SignerIndividual:
		if in.OrganizationID != nil {
			p.Add("organization_id", "must be empty for an individual's invitation")
		}
		validateRef(p, "person_id", in.PersonID)
	default:
		p.Add("kind", "%q is not organization or individual", in.Kind)
	}
	validateText(p, "label", &in.Label, false, 300)
	if in.ExpiresAt.IsZero() {
		in.ExpiresAt = now.Add(DefaultInvitationTTL)
	}
	in.ExpiresAt = in.ExpiresAt.UTC().Truncate(time.Microsecond)
	if !in.ExpiresAt.After(now) {
		p.Add("expires_at", "must be in the future")
	} else if in.ExpiresAt.Sub(now) > MaxInvitationTTL {
		p.Add("expires_at", "must be within %d days", int(MaxInvitationTTL.Hours()/24))
	}
	return p.Err("invitation")
}

// InvitationView is what the holder of an invitation link sees: the
// frozen text they are asked to sign, its hash and for whom they sign.
type InvitationView struct {
	InvitationID int64          `json:"invitation_id"`
	Kind         SignerKind     `json:"kind"`
	Organization Names          `json:"organization"`
	ExpiresAt    time.Time      `json:"expires_at"`
	Letter       *Letter        `json:"letter"`
	Text         *LetterVersion `json:"text"`
}

// Signature is one signatory of a letter, bound to the hash of the text
// they signed.
//
// An organization signs through a representative who gives name, title
// and a declaration of authority; an editor verifies that authority. An
// individual signs in their own name or under a pseudonym. DisplayName is
// what output shows. RealName, Contact and PersonID are the restricted
// identity: the store returns them only to viewers with restricted
// clearance, and never writes them to public output.
type Signature struct {
	Meta
	LetterID       int64      `json:"letter_id"`
	InvitationID   *int64     `json:"invitation_id"`
	Kind           SignerKind `json:"kind"`
	OrganizationID *int64     `json:"organization_id"`
	// Organization is the organization's name (filled by the store).
	Organization Names `json:"organization"`

	RepresentativeName  string     `json:"representative_name"`
	RepresentativeTitle string     `json:"representative_title"`
	Authority           string     `json:"authority"`
	AuthorityVerified   bool       `json:"authority_verified"`
	VerifiedBy          string     `json:"verified_by"`
	VerifiedAt          *time.Time `json:"verified_at"`

	DisplayName  Names `json:"display_name"`
	Pseudonymous bool  `json:"pseudonymous"`

	// Restricted identity.
	RealName string `json:"real_name,omitempty"`
	Contact  string `json:"contact,omitempty"`
	PersonID *int64 `json:"person_id,omitempty"`
	// Redacted is set when the viewer may not see the restricted identity
	// or the representative.
	Redacted bool `json:"redacted,omitempty"`

	TextHash string `json:"text_hash"`
	// TextVersion is the number of the letter version signed.
	TextVersion    int        `json:"text_version"`
	SignedAt       time.Time  `json:"signed_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at"`
	WithdrawReason string     `json:"withdraw_reason"`
	// Current is set by the store: the signature is bound to the letter's
	// frozen hash and not withdrawn, so it counts.
	Current bool `json:"current"`
}

// Names returns the name output shows for the signatory: the
// organization's, or the individual's display name (the pseudonym when
// they asked for one).
func (s *Signature) Names() Names {
	if s.Kind == SignerOrganization {
		return s.Organization
	}
	return s.DisplayName
}

// SignatureFilter selects signatures.
type SignatureFilter struct {
	Page
	LetterID *int64
	// CurrentOnly keeps the signatures that count: bound to the frozen
	// hash and not withdrawn.
	CurrentOnly bool
}

// SignRequest is what an invitee submits on the confirmation page.
type SignRequest struct {
	// For an organization.
	RepresentativeName  string `json:"representative_name"`
	RepresentativeTitle string `json:"representative_title"`
	Authority           string `json:"authority"`
	// For an individual: their name, and whether to sign under a
	// pseudonym (shown instead of the name).
	Name         string `json:"name"`
	Pseudonymous bool   `json:"pseudonymous"`
	Pseudonym    Names  `json:"pseudonym"`
	// Contact is how the coalition reaches the signer (restricted).
	Contact string `json:"contact"`
	// TextHash is the hash the invitee saw on the page: signing fails if
	// the letter changed since.
	TextHash string `json:"text_hash"`
	// Confirm is the declaration that the signer has read the text.
	Confirm bool `json:"confirm"`
}

// Validate checks the request for an invitation of kind k.
func (r *SignRequest) Validate(k SignerKind) error {
	p := Problems{}
	switch k {
	case SignerOrganization:
		validateText(p, "representative_name", &r.RepresentativeName, true, 200)
		validateText(p, "representative_title", &r.RepresentativeTitle, true, 200)
		validateText(p, "authority", &r.Authority, true, 1000)
	case SignerIndividual:
		validateText(p, "name", &r.Name, true, 200)
		if r.Pseudonymous {
			r.Pseudonym.validate(p, "pseudonym", true, 200)
		}
	}
	validateText(p, "contact", &r.Contact, false, 300)
	r.TextHash = strings.TrimSpace(r.TextHash)
	if r.TextHash == "" {
		p.Add("text_hash", "is required: the hash of the text you read")
	}
	if !r.Confirm {
		p.Add("confirm", "confirm that you have read the text and sign it")
	}
	return p.Err("signature")
}

// DeliveryChannel is how a letter reached its recipient.
type DeliveryChannel string

// Delivery channels.
const (
	ChannelEmail   DeliveryChannel = "email"
	ChannelPost    DeliveryChannel = "post"
	ChannelHand    DeliveryChannel = "hand"
	ChannelFax     DeliveryChannel = "fax"
	ChannelOnline  DeliveryChannel = "online"
	ChannelMeeting DeliveryChannel = "meeting"
)

// DeliveryChannels lists every channel.
var DeliveryChannels = []DeliveryChannel{ChannelEmail, ChannelPost, ChannelHand, ChannelFax, ChannelOnline, ChannelMeeting}

// Delivery records that a frozen letter was delivered: to whom, how, when,
// whether it was acknowledged, and the evidence. The first delivery makes
// the letter delivered: its text and signatures no longer change.
type Delivery struct {
	Meta
	LetterID    int64           `json:"letter_id"`
	RecipientID *int64          `json:"recipient_id"`
	Recipient   string          `json:"recipient"`
	Channel     DeliveryChannel `json:"channel"`
	// Date is the EDTF date of delivery.
	Date string `json:"date"`
	// Acknowledged, with its date, records a receipt.
	Acknowledged     bool   `json:"acknowledged"`
	AcknowledgedDate string `json:"acknowledged_date"`
	EvidenceSourceID *int64 `json:"evidence_source_id"`
	Notes            string `json:"notes"`
	// Set by the store: the hash and number of signatures delivered.
	TextHash    string `json:"text_hash"`
	Signatories int    `json:"signatories"`
}

// Validate normalizes d and reports every problem with its field.
func (d *Delivery) Validate() error {
	p := Problems{}
	d.validateMeta(p)
	if d.LetterID <= 0 {
		p.Add("letter_id", "is required")
	}
	validateRef(p, "recipient_id", d.RecipientID)
	validateText(p, "recipient", &d.Recipient, false, 300)
	if d.RecipientID == nil && d.Recipient == "" {
		p.Add("recipient", "is required: to whom (an actor id or a name)")
	}
	if !oneOf(d.Channel, DeliveryChannels) {
		p.Add("channel", "%q is not a channel (%s)", d.Channel, joinOf(DeliveryChannels))
	}
	var s, e string
	validateDate(p, "date", &d.Date, &s, &e, true)
	validateDate(p, "acknowledged_date", &d.AcknowledgedDate, &s, &e, false)
	if d.AcknowledgedDate != "" {
		d.Acknowledged = true
	}
	validateRef(p, "evidence_source_id", d.EvidenceSourceID)
	validateText(p, "notes", &d.Notes, false, 5000)
	return p.Err("delivery")
}

// DeliveryFilter selects deliveries.
type DeliveryFilter struct {
	Page
	LetterID *int64
}

// LetterDocument is the public projection of a letter for output (PDF,
// Markdown, HTML): the frozen text, its hash and the current signatories
// under the names output may show. It never holds a restricted identity.
type LetterDocument struct {
	LetterID    int64         `json:"letter_id"`
	Version     int           `json:"version"`
	Title       Names         `json:"title"`
	Body        Names         `json:"body"`
	AddressedTo Names         `json:"addressed_to"`
	TextHash    string        `json:"text_hash"`
	Status      LetterStatus  `json:"status"`
	Date        string        `json:"date"` // delivery day, or frozen day
	Signatories []Signatory   `json:"signatories"`
	Deliveries  []DeliveryRef `json:"deliveries"`
}

// Signatory is a name on a letter as output shows it.
type Signatory struct {
	Kind         SignerKind `json:"kind"`
	Name         Names      `json:"name"`
	Pseudonymous bool       `json:"pseudonymous"`
}

// DeliveryRef is a delivery as output shows it.
type DeliveryRef struct {
	Recipient string          `json:"recipient"`
	Channel   DeliveryChannel `json:"channel"`
	Date      string          `json:"date"`
}
