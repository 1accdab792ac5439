package form

import (
	"net/url"
	"strconv"
	"strings"

	"vigil"
)

// placeRows is how many place rows an incident form shows: its places
// and blank rows to add more, at least minPlaceRows.
func placeRows(vals url.Values) int {
	n := 0
	for k := range vals {
		if rest, ok := strings.CutPrefix(k, "places."); ok {
			if i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil && i+1 > n && vals.Get(k) != "" {
				n = i + 1
			}
		}
	}
	return max(n+1, minPlaceRows)
}

const minPlaceRows = 2

// Incident edits an incident's own fields. The figure override and the
// conflict resolution have their own forms (Override, Resolve), and the
// derived fields are the store's.
var Incident = Codec[vigil.Incident]{
	Spec: func(vals url.Values) []Field {
		fs := []Field{
			{Name: "title.ko", Label: "field.title.ko", Kind: Text, Lang: "ko", Group: "grp.what", Help: "help.title"},
			{Name: "title.en", Label: "field.title.en", Kind: Text, Lang: "en"},
			{Name: "event", Label: "field.event", Kind: Select, Required: true, Options: options("ev.", vigil.EventTypes)},
			{Name: "summary.ko", Label: "field.summary.ko", Kind: TextArea, Lang: "ko"},
			{Name: "summary.en", Label: "field.summary.en", Kind: TextArea, Lang: "en"},
			{Name: "date", Label: "field.date", Kind: Text, Help: "help.incident_date", Group: "grp.when_where", Autocomplete: "off"},
			{Name: "date_rationale", Label: "field.date_rationale", Kind: Text},
			{Name: "place_id", Label: "field.place_id", Kind: Select, Dynamic: "places", Help: "help.place_id"},
		}
		for n := range placeRows(vals) {
			p := "places." + strconv.Itoa(n)
			fs = append(fs,
				Field{Name: p + ".place_id", Label: "field.places.place_id", Kind: Select, Dynamic: "places"},
				Field{Name: p + ".role", Label: "field.places.role", Kind: Select, Options: append([]Option{{Value: "", Key: "opt.none"}}, options("role.", vigil.PlaceRoles)...)})
		}
		return append(fs,
			Field{Name: "perpetrator_id", Label: "field.perpetrator_id", Kind: Select, Dynamic: "orgs", Group: "grp.who"},
			Field{Name: "victim_group", Label: "field.victim_group", Kind: Text, Help: "help.victim_group"},
			sensitivityField(),
		)
	},
	Values: func(i *vigil.Incident) url.Values {
		v := url.Values{}
		setNames(v, "title", i.Title, "ko", "en")
		setNames(v, "summary", i.Summary, "ko", "en")
		v.Set("event", string(i.Event))
		if i.DateBasis == vigil.BasisEditor {
			v.Set("date", i.Date)
		} else {
			v.Set("date", "")
		}
		v.Set("date_rationale", i.DateRationale)
		v.Set("place_id", id64(i.PlaceID))
		for n, ip := range i.Places {
			p := "places." + strconv.Itoa(n)
			v.Set(p+".place_id", strconv.FormatInt(ip.PlaceID, 10))
			v.Set(p+".role", string(ip.Role))
		}
		v.Set("perpetrator_id", id64(i.PerpetratorID))
		v.Set("victim_group", i.VictimGroup)
		v.Set("sensitivity", string(i.Sensitivity))
		return v
	},
	Apply: func(v url.Values, i *vigil.Incident) vigil.Problems {
		p := vigil.Problems{}
		getNames(v, "title", &i.Title, "ko", "en")
		getNames(v, "summary", &i.Summary, "ko", "en")
		i.Event = vigil.EventType(v.Get("event"))
		i.Date = strings.TrimSpace(v.Get("date"))
		i.DateBasis = vigil.BasisEditor
		if i.Date == "" {
			i.DateBasis = vigil.BasisClaims
		}
		i.DateRationale = v.Get("date_rationale")
		i.PlaceID = optID(v, "place_id", p)
		i.Places = []vigil.IncidentPlace{}
		for n := range placeRows(v) {
			pre := "places." + strconv.Itoa(n)
			id := optID(v, pre+".place_id", p)
			role := vigil.PlaceRole(v.Get(pre + ".role"))
			switch {
			case id == nil && role == "":
			case id == nil:
				p.Add(pre+".place_id", "is required")
			case role == "":
				p.Add(pre+".role", "is required")
			default:
				i.Places = append(i.Places, vigil.IncidentPlace{PlaceID: *id, Role: role})
			}
		}
		i.PerpetratorID = optID(v, "perpetrator_id", p)
		i.VictimGroup = v.Get("victim_group")
		i.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// Resolve records an editor's resolution of a conflict between claims.
var Resolve = Codec[vigil.Incident]{
	Spec: func(url.Values) []Field {
		return []Field{{Name: "conflict_resolution", Label: "field.conflict_resolution", Help: "help.conflict_resolution", Kind: TextArea, Required: true}}
	},
	Values: func(i *vigil.Incident) url.Values {
		return url.Values{"conflict_resolution": {i.ConflictResolution}}
	},
	Apply: func(v url.Values, i *vigil.Incident) vigil.Problems {
		p := vigil.Problems{}
		i.ConflictResolution = strings.TrimSpace(v.Get("conflict_resolution"))
		if i.ConflictResolution == "" {
			p.Add("conflict_resolution", "is required")
		}
		return p
	},
}

// Override sets or removes an editor's figure for an incident. Leaving
// every field empty removes the override.
var Override = Codec[vigil.Incident]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "override.low", Label: "field.override.low", Kind: Number, InputMode: "numeric", Min: "0", Help: "help.override_low"},
			{Name: "override.best", Label: "field.override.best", Kind: Number, InputMode: "numeric", Min: "0"},
			{Name: "override.high", Label: "field.override.high", Kind: Number, InputMode: "numeric", Min: "0", Help: "help.override_high"},
			{Name: "override.rationale", Label: "field.override.rationale", Kind: TextArea, Help: "help.override_rationale"},
		}
	},
	Values: func(i *vigil.Incident) url.Values {
		v := url.Values{"override.low": {""}, "override.best": {""}, "override.high": {""}, "override.rationale": {""}}
		if o := i.Override; o != nil {
			v.Set("override.low", intp(o.Low))
			v.Set("override.best", strconv.Itoa(o.Best))
			v.Set("override.high", intp(o.High))
			v.Set("override.rationale", o.Rationale)
		}
		return v
	},
	Apply: func(v url.Values, i *vigil.Incident) vigil.Problems {
		p := vigil.Problems{}
		empty := true
		for _, k := range []string{"override.low", "override.best", "override.high", "override.rationale"} {
			if strings.TrimSpace(v.Get(k)) != "" {
				empty = false
			}
		}
		if empty {
			i.Override = nil
			return p
		}
		o := &vigil.FigureOverride{Low: optInt(v, "override.low", p), High: optInt(v, "override.high", p), Rationale: v.Get("override.rationale")}
		if b := optInt(v, "override.best", p); b != nil {
			o.Best = *b
		} else if _, bad := p["override.best"]; !bad {
			p.Add("override.best", "is required")
		}
		i.Override = o
		return p
	},
}

// Link adds a link from an incident to another.
var Link = Codec[vigil.IncidentLink]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "kind", Label: "field.link_kind", Kind: Select, Required: true, Options: options("link.", vigil.LinkKinds), Help: "help.link_kind"},
			{Name: "to_id", Label: "field.to_id", Kind: Select, Required: true, Dynamic: "incidents"},
			{Name: "note", Label: "field.note", Kind: Text},
			sensitivityField(),
		}
	},
	Values: func(l *vigil.IncidentLink) url.Values {
		return url.Values{"kind": {string(l.Kind)}, "to_id": {strconv.FormatInt(l.ToID, 10)}, "note": {l.Note}, "sensitivity": {string(l.Sensitivity)}}
	},
	Apply: func(v url.Values, l *vigil.IncidentLink) vigil.Problems {
		p := vigil.Problems{}
		l.Kind = vigil.LinkKind(v.Get("kind"))
		if id := optID(v, "to_id", p); id != nil {
			l.ToID = *id
		} else {
			l.ToID = 0
		}
		l.Note = v.Get("note")
		l.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}
