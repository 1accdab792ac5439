package form

import (
	"net/url"
	"strconv"

	"vigil"
)

// letterFields are a letter's own fields: working title, campaign and
// addressee.
func letterFields() []Field {
	return []Field{
		{Name: "title.ko", Label: "field.working_title.ko", Kind: Text, Lang: "ko", Group: "grp.letter", Help: "help.working_title"},
		{Name: "title.en", Label: "field.working_title.en", Kind: Text, Lang: "en"},
		{Name: "campaign_id", Label: "field.campaign_id", Kind: Select, Dynamic: "campaigns"},
		{Name: "addressed_to.ko", Label: "field.addressed_to.ko", Kind: Text, Lang: "ko", Help: "help.addressed_to"},
		{Name: "addressed_to.en", Label: "field.addressed_to.en", Kind: Text, Lang: "en"},
	}
}

// textFields are the fields of a letter's text, Korean and English side
// by side, under prefix ("" or "text.").
func textFields(prefix string) []Field {
	return []Field{
		{Name: prefix + "title.ko", Label: "field.text_title.ko", Kind: Text, Lang: "ko", Group: "grp.text_title", Columns: true},
		{Name: prefix + "title.en", Label: "field.text_title.en", Kind: Text, Lang: "en"},
		{Name: prefix + "body.ko", Label: "field.body.ko", Kind: TextArea, Lang: "ko", Rows: 18, Group: "grp.text_body", Columns: true, Help: "help.letter_body"},
		{Name: prefix + "body.en", Label: "field.body.en", Kind: TextArea, Lang: "en", Rows: 18},
		{Name: prefix + "note", Label: "field.version_note", Kind: Text, Group: "grp.version", Help: "help.version_note"},
	}
}

func setText(v url.Values, prefix string, t *vigil.LetterVersion) {
	setNames(v, prefix+"title", t.Title, "ko", "en")
	setNames(v, prefix+"body", t.Body, "ko", "en")
	v.Set(prefix+"note", t.Note)
}

func getText(v url.Values, prefix string, t *vigil.LetterVersion) {
	getNames(v, prefix+"title", &t.Title, "ko", "en")
	getNames(v, prefix+"body", &t.Body, "ko", "en")
	t.Note = v.Get(prefix + "note")
}

// Letter edits a letter's working title, campaign, addressee and
// sensitivity; its text is saved as versions (LetterText).
var Letter = Codec[vigil.Letter]{
	Spec: func(url.Values) []Field { return append(letterFields(), sensitivityField()) },
	Values: func(l *vigil.Letter) url.Values {
		v := url.Values{}
		setNames(v, "title", l.Title, "ko", "en")
		v.Set("campaign_id", id64(l.CampaignID))
		setNames(v, "addressed_to", l.AddressedTo, "ko", "en")
		v.Set("sensitivity", string(l.Sensitivity))
		return v
	},
	Apply: func(v url.Values, l *vigil.Letter) vigil.Problems {
		p := vigil.Problems{}
		getNames(v, "title", &l.Title, "ko", "en")
		l.CampaignID = optID(v, "campaign_id", p)
		getNames(v, "addressed_to", &l.AddressedTo, "ko", "en")
		l.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// NewLetter creates a letter with its first text, which goes in
// Letter.Text; the text's fields are named "text.title.ko" and so on, and
// its validator's errors must be renamed the same way.
var NewLetter = Codec[vigil.Letter]{
	Spec: func(url.Values) []Field {
		return append(append(letterFields(), textFields("text.")...), sensitivityField())
	},
	Values: func(l *vigil.Letter) url.Values {
		v := Letter.Values(l)
		t := l.Text
		if t == nil {
			t = &vigil.LetterVersion{}
		}
		setText(v, "text.", t)
		return v
	},
	Apply: func(v url.Values, l *vigil.Letter) vigil.Problems {
		p := Letter.Apply(v, l)
		if l.Text == nil {
			l.Text = &vigil.LetterVersion{}
		}
		getText(v, "text.", l.Text)
		return p
	},
}

// LetterDraft is a letter with the text of its current version: what the
// form of a new version starts from and saves.
type LetterDraft struct {
	Letter vigil.Letter
	Text   vigil.LetterVersion
}

// LetterText saves a new version of a letter's text, Korean and English
// side by side, with a note on what changed. Its fields are named as the
// version validator names them ("title.ko", "body.en", "note").
var LetterText = Codec[LetterDraft]{
	Spec: func(url.Values) []Field { return textFields("") },
	Values: func(d *LetterDraft) url.Values {
		v := url.Values{}
		setText(v, "", &d.Text)
		v.Set("note", "") // a note says what this save changes
		return v
	},
	Apply: func(v url.Values, d *LetterDraft) vigil.Problems {
		getText(v, "", &d.Text)
		return vigil.Problems{}
	},
}

// Comment adds a comment on a version of a letter, in one of its
// variants or on both. The ui fills the version choices.
var Comment = Codec[vigil.LetterComment]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "version", Label: "field.comment_version", Kind: Select, Required: true},
			{Name: "lang", Label: "field.comment_lang", Kind: Select, Options: []Option{{Value: "", Key: "comment.both"}, {Value: "ko", Key: "comment.ko"}, {Value: "en", Key: "comment.en"}}},
			{Name: "body", Label: "field.comment_body", Kind: TextArea, Required: true},
		}
	},
	Values: func(c *vigil.LetterComment) url.Values {
		return url.Values{"version": {strconv.Itoa(c.Version)}, "lang": {c.Lang}, "body": {c.Body}}
	},
	Apply: func(v url.Values, c *vigil.LetterComment) vigil.Problems {
		p := vigil.Problems{}
		if n := optInt(v, "version", p); n != nil {
			c.Version = *n
		}
		c.Lang = v.Get("lang")
		c.Body = v.Get("body")
		return p
	},
}

// Delivery records a delivery of a frozen letter: to whom, how, when,
// whether and when it was acknowledged, and the evidence.
var Delivery = Codec[vigil.Delivery]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "letter_id", Label: "field.letter_id", Kind: Select, Required: true, Dynamic: "letters", Group: "grp.delivery"},
			{Name: "recipient_id", Label: "field.recipient_id", Kind: Select, Dynamic: "actors", Help: "help.recipient"},
			{Name: "recipient", Label: "field.recipient", Kind: Text},
			{Name: "channel", Label: "field.channel", Kind: Select, Required: true, Options: options("channel.", vigil.DeliveryChannels)},
			{Name: "date", Label: "field.delivery_date", Kind: Text, Required: true, Help: "help.action_date", Autocomplete: "off"},
			{Name: "acknowledged", Label: "field.acknowledged", Kind: Checkbox, Group: "grp.acknowledgement"},
			{Name: "acknowledged_date", Label: "field.acknowledged_date", Kind: Text, Help: "help.acknowledged_date", Autocomplete: "off"},
			{Name: "evidence_source_id", Label: "field.evidence", Kind: Select, Dynamic: "sources", Help: "help.delivery_evidence"},
			{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes", Group: "grp.access"},
			sensitivityField(),
		}
	},
	Values: func(d *vigil.Delivery) url.Values {
		v := url.Values{}
		v.Set("letter_id", idOrEmpty(d.LetterID))
		v.Set("recipient_id", id64(d.RecipientID))
		v.Set("recipient", d.Recipient)
		v.Set("channel", string(d.Channel))
		v.Set("date", d.Date)
		if d.Acknowledged {
			v.Set("acknowledged", "on")
		}
		v.Set("acknowledged_date", d.AcknowledgedDate)
		v.Set("evidence_source_id", id64(d.EvidenceSourceID))
		v.Set("notes", d.Notes)
		v.Set("sensitivity", string(d.Sensitivity))
		return v
	},
	Apply: func(v url.Values, d *vigil.Delivery) vigil.Problems {
		p := vigil.Problems{}
		d.LetterID = reqID(v, "letter_id", p)
		d.RecipientID = optID(v, "recipient_id", p)
		d.Recipient = v.Get("recipient")
		d.Channel = vigil.DeliveryChannel(v.Get("channel"))
		d.Date = v.Get("date")
		d.Acknowledged = v.Get("acknowledged") != ""
		d.AcknowledgedDate = v.Get("acknowledged_date")
		d.EvidenceSourceID = optID(v, "evidence_source_id", p)
		d.Notes = v.Get("notes")
		d.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}
