package form

import (
	"net/url"
	"strings"

	"vigil"
	"vigil/figure"
)

// Event edits a demonstration, meeting or other gathering. The number of
// participants is typed as reported ("about 50", "at least 11") and read
// by the validator like a claim's figure.
var Event = Codec[vigil.Event]{
	Spec: func(vals url.Values) []Field {
		fs := []Field{
			{Name: "campaign_id", Label: "field.campaign_id", Kind: Select, Dynamic: "campaigns", Group: "grp.event"},
			{Name: "kind", Label: "field.event_kind", Kind: Select, Required: true, Options: options("evkind.", vigil.EventKinds)},
			{Name: "title.ko", Label: "field.title.ko", Kind: Text, Lang: "ko", Help: "help.title"},
			{Name: "title.en", Label: "field.title.en", Kind: Text, Lang: "en"},
			{Name: "summary.ko", Label: "field.summary.ko", Kind: TextArea, Lang: "ko"},
			{Name: "summary.en", Label: "field.summary.en", Kind: TextArea, Lang: "en"},
			{Name: "date", Label: "field.date", Kind: Text, Required: true, Group: "grp.when_where", Help: "help.action_date", Autocomplete: "off"},
			{Name: "place_id", Label: "field.place_id", Kind: Select, Dynamic: "places"},
			{Name: "place_text", Label: "field.event_place_text", Kind: Text, Help: "help.event_place_text"},
		}
		fs = append(fs, idRows(vals, "organizer_ids", "field.organizer", "actors", "grp.organizers", "help.organizers", 2)...)
		return append(fs,
			Field{Name: "participants", Label: "field.participants", Kind: Text, Preview: true, Help: "help.participants", Autocomplete: "off"},
			Field{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes", Group: "grp.access"},
			sensitivityField(),
		)
	},
	Values: func(e *vigil.Event) url.Values {
		v := url.Values{}
		v.Set("campaign_id", id64(e.CampaignID))
		v.Set("kind", string(e.Kind))
		setNames(v, "title", e.Title, "ko", "en")
		setNames(v, "summary", e.Summary, "ko", "en")
		v.Set("date", e.Date)
		v.Set("place_id", id64(e.PlaceID))
		v.Set("place_text", e.PlaceText)
		setIDs(v, "organizer_ids", e.OrganizerIDs)
		v.Set("participants", e.Participants.Text)
		v.Set("notes", e.Notes)
		v.Set("sensitivity", string(e.Sensitivity))
		return v
	},
	Apply: func(v url.Values, e *vigil.Event) vigil.Problems {
		p := vigil.Problems{}
		e.CampaignID = optID(v, "campaign_id", p)
		e.Kind = vigil.EventKind(v.Get("kind"))
		getNames(v, "title", &e.Title, "ko", "en")
		getNames(v, "summary", &e.Summary, "ko", "en")
		e.Date = v.Get("date")
		e.PlaceID = optID(v, "place_id", p)
		e.PlaceText = v.Get("place_text")
		e.OrganizerIDs = getIDs(v, "organizer_ids", p)
		// As for a claim's figure: an unchanged text keeps its reading,
		// a new one is read by the validator (figure.Parse).
		if text := strings.TrimSpace(v.Get("participants")); text != e.Participants.Text || e.Participants.Qualifier == "" {
			e.Participants = figure.Figure{Text: text}
		}
		e.Notes = v.Get("notes")
		e.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// photoFields are the fields of a photo's record. The risk check is an
// editor's decision: the ui drops its fields for other roles, and Apply
// leaves it as it is when they are not posted.
func photoFields() []Field {
	return []Field{
		{Name: "caption.ko", Label: "field.caption.ko", Kind: TextArea, Lang: "ko", Group: "grp.caption"},
		{Name: "caption.en", Label: "field.caption.en", Kind: TextArea, Lang: "en"},
		{Name: "photographer_id", Label: "field.photographer_id", Kind: Select, Dynamic: "actors", Group: "grp.credit", Help: "help.photographer"},
		{Name: "credit", Label: "field.credit", Kind: Text, Help: "help.credit"},
		{Name: "consent", Label: "field.consent", Kind: Select, Required: true, Options: options("consent.", vigil.Consents), Group: "grp.consent", Help: "help.consent"},
		{Name: "risk_check", Label: "field.risk_check", Kind: Select, Required: true, Options: options("risk.", vigil.RiskChecks), Help: "help.risk_check"},
		{Name: "risk_note", Label: "field.risk_note", Kind: TextArea},
		sensitivityField(),
	}
}

// Photo edits a photo's caption, credit, consent, risk check and
// sensitivity; the image itself does not change.
var Photo = Codec[vigil.Photo]{
	Spec: func(url.Values) []Field { return photoFields() },
	Values: func(ph *vigil.Photo) url.Values {
		v := url.Values{}
		setNames(v, "caption", ph.Caption, "ko", "en")
		v.Set("photographer_id", id64(ph.PhotographerID))
		v.Set("credit", ph.Credit)
		v.Set("consent", string(ph.Consent))
		if ph.Consent == "" {
			v.Set("consent", string(vigil.ConsentUnknown))
		}
		v.Set("risk_check", string(ph.RiskCheck))
		if ph.RiskCheck == "" {
			v.Set("risk_check", string(vigil.RiskPending))
		}
		v.Set("risk_note", ph.RiskNote)
		v.Set("sensitivity", string(ph.Sensitivity))
		return v
	},
	Apply: func(v url.Values, ph *vigil.Photo) vigil.Problems {
		p := vigil.Problems{}
		getNames(v, "caption", &ph.Caption, "ko", "en")
		ph.PhotographerID = optID(v, "photographer_id", p)
		ph.Credit = v.Get("credit")
		ph.Consent = vigil.Consent(v.Get("consent"))
		if v.Has("risk_check") {
			ph.RiskCheck = vigil.RiskCheck(v.Get("risk_check"))
			ph.RiskNote = v.Get("risk_note")
		}
		ph.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// PhotoUpload is the upload form of a photo: the image file, then the
// fields of Photo. The image is stripped of its metadata by the store.
var PhotoUpload = Codec[vigil.Photo]{
	Spec: func(url.Values) []Field {
		return append([]Field{{Name: "image", Label: "field.image", Kind: File, Required: true, Accept: "image/jpeg,image/png", Group: "grp.image", Help: "help.image"}}, photoFields()...)
	},
	Values: Photo.Values,
	Apply:  Photo.Apply,
}
