package form

import (
	"net/url"
	"strconv"
	"strings"

	"vigil"
	"vigil/figure"
)

// credibilities are the claim grades, 1 confirmed … 6 cannot be judged.
func credibilities() []Option {
	out := make([]Option, 6)
	for n := range out {
		g := strconv.Itoa(n + 1)
		out[n] = Option{Value: g, Key: "cred." + g}
	}
	return out
}

// Claim edits what one source says about one event. The figure is typed
// as written ("about 200", "50~60명") and read by the validator.
var Claim = Codec[vigil.Claim]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "source_id", Label: "field.source_id", Kind: Select, Required: true, Dynamic: "sources", Group: "grp.source", Help: "help.source_id"},
			{Name: "incident_id", Label: "field.incident_id", Kind: Select, Dynamic: "incidents", Help: "help.incident_id"},
			{Name: "quote", Label: "field.quote", Kind: TextArea, Group: "grp.says", Help: "help.quote"},
			{Name: "figure", Label: "field.figure", Kind: Text, Required: true, Preview: true, Help: "help.figure", Autocomplete: "off"},
			{Name: "event", Label: "field.event", Kind: Select, Required: true, Options: options("ev.", vigil.EventTypes)},
			{Name: "date", Label: "field.date", Kind: Text, Help: "help.claim_date", Autocomplete: "off"},
			{Name: "place_id", Label: "field.place_id", Kind: Select, Dynamic: "places"},
			{Name: "place_text", Label: "field.place_text", Kind: Text, Help: "help.place_text"},
			{Name: "perpetrator_id", Label: "field.perpetrator_id", Kind: Select, Dynamic: "orgs"},
			{Name: "credibility", Label: "field.credibility", Kind: Select, Required: true, Options: credibilities(), Group: "grp.grading", Help: "help.credibility"},
			{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes"},
			sensitivityField(),
		}
	},
	Values: func(c *vigil.Claim) url.Values {
		v := url.Values{}
		v.Set("source_id", strconv.FormatInt(c.SourceID, 10))
		if c.SourceID == 0 {
			v.Set("source_id", "")
		}
		v.Set("incident_id", id64(c.IncidentID))
		v.Set("quote", c.Quote)
		v.Set("figure", c.Figure.Text)
		v.Set("event", string(c.Event))
		v.Set("date", c.Date)
		v.Set("place_id", id64(c.PlaceID))
		v.Set("place_text", c.PlaceText)
		v.Set("perpetrator_id", id64(c.PerpetratorID))
		v.Set("credibility", strconv.Itoa(c.Credibility))
		if c.Credibility == 0 {
			v.Set("credibility", "6")
		}
		v.Set("notes", c.Notes)
		v.Set("sensitivity", string(c.Sensitivity))
		return v
	},
	Apply: func(v url.Values, c *vigil.Claim) vigil.Problems {
		p := vigil.Problems{}
		if id := optID(v, "source_id", p); id != nil {
			c.SourceID = *id
		} else {
			c.SourceID = 0
		}
		c.IncidentID = optID(v, "incident_id", p)
		c.Quote = v.Get("quote")
		// The figure's text is what was written; when it is unchanged the
		// figure keeps its qualifier and numbers as stored, else the
		// validator reads the new text.
		if text := strings.TrimSpace(v.Get("figure")); text != c.Figure.Text || c.Figure.Qualifier == "" {
			c.Figure = figure.Figure{Text: text}
		}
		c.Event = vigil.EventType(v.Get("event"))
		c.Date = v.Get("date")
		c.PlaceID = optID(v, "place_id", p)
		c.PlaceText = v.Get("place_text")
		c.PerpetratorID = optID(v, "perpetrator_id", p)
		if g := optInt(v, "credibility", p); g != nil {
			c.Credibility = *g
		}
		c.Notes = v.Get("notes")
		c.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// Source edits a published item.
var Source = Codec[vigil.Source]{
	Spec: func(url.Values) []Field {
		rel := make([]Option, 0, 6)
		for _, g := range "ABCDEF" {
			rel = append(rel, Option{Value: string(g), Key: "rel." + string(g)})
		}
		return []Field{
			{Name: "kind", Label: "field.source_kind", Kind: Select, Required: true, Options: options("skind.", vigil.SourceKinds), Group: "grp.item"},
			{Name: "publisher", Label: "field.publisher", Kind: Text, Required: true},
			{Name: "publisher_id", Label: "field.publisher_id", Kind: Select, Dynamic: "orgs", Help: "help.publisher_id"},
			{Name: "title.ko", Label: "field.title.ko", Kind: Text, Lang: "ko"},
			{Name: "title.en", Label: "field.title.en", Kind: Text, Lang: "en"},
			{Name: "url", Label: "field.url", Kind: URL, Autocomplete: "url", InputMode: "url"},
			{Name: "language", Label: "field.language", Kind: Text, Help: "help.language", Autocomplete: "off"},
			{Name: "published", Label: "field.published", Kind: Text, Help: "help.published", Autocomplete: "off"},
			{Name: "reliability", Label: "field.reliability", Kind: Select, Required: true, Options: rel, Group: "grp.grading", Help: "help.reliability"},
			{Name: "relayed_from", Label: "field.relayed_from", Kind: Text, Help: "help.relayed_from"},
			{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes"},
			sensitivityField(),
		}
	},
	Values: func(s *vigil.Source) url.Values {
		v := url.Values{}
		v.Set("kind", string(s.Kind))
		v.Set("publisher", s.Publisher)
		v.Set("publisher_id", id64(s.PublisherID))
		setNames(v, "title", s.Title, "ko", "en")
		v.Set("url", s.URL)
		v.Set("language", s.Language)
		v.Set("published", s.Published)
		v.Set("reliability", s.Reliability)
		if s.Reliability == "" {
			v.Set("reliability", "F")
		}
		v.Set("relayed_from", s.RelayedFrom)
		v.Set("notes", s.Notes)
		v.Set("sensitivity", string(s.Sensitivity))
		return v
	},
	Apply: func(v url.Values, s *vigil.Source) vigil.Problems {
		p := vigil.Problems{}
		s.Kind = vigil.SourceKind(v.Get("kind"))
		s.Publisher = v.Get("publisher")
		s.PublisherID = optID(v, "publisher_id", p)
		getNames(v, "title", &s.Title, "ko", "en")
		s.URL = v.Get("url")
		s.Language = v.Get("language")
		s.Published = v.Get("published")
		s.Reliability = v.Get("reliability")
		s.RelayedFrom = v.Get("relayed_from")
		s.Notes = v.Get("notes")
		s.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}
