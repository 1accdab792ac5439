package form

import (
	"net/url"
	"strings"

	"vigil"
)

// Place edits a gazetteer entry.
var Place = Codec[vigil.Place]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "kind", Label: "field.place_kind", Kind: Select, Required: true, Options: options("pkind.", vigil.PlaceKinds), Group: "grp.names"},
			{Name: "names.ko", Label: "field.names.ko", Kind: Text, Lang: "ko"},
			{Name: "names.en", Label: "field.names.en", Kind: Text, Lang: "en"},
			{Name: "names.zh", Label: "field.names.zh", Kind: Text, Lang: "zh"},
			{Name: "variants", Label: "field.variants", Kind: TextArea, Help: "help.variants"},
			{Name: "parent_id", Label: "field.parent_place", Kind: Select, Dynamic: "places", Group: "grp.location", Help: "help.parent_place"},
			{Name: "country_code", Label: "field.country_code", Kind: Text, Help: "help.country_code", Autocomplete: "off"},
			{Name: "geonames_id", Label: "field.geonames_id", Kind: Number, InputMode: "numeric", Min: "1"},
			{Name: "lat", Label: "field.lat", Kind: Text, InputMode: "decimal", Autocomplete: "off"},
			{Name: "lon", Label: "field.lon", Kind: Text, InputMode: "decimal", Autocomplete: "off"},
			sensitivityField(),
		}
	},
	Values: func(pl *vigil.Place) url.Values {
		v := url.Values{}
		v.Set("kind", string(pl.Kind))
		setNames(v, "names", pl.Names, "ko", "en", "zh")
		v.Set("variants", strings.Join(pl.Variants, "\n"))
		v.Set("parent_id", id64(pl.ParentID))
		v.Set("country_code", pl.CountryCode)
		v.Set("geonames_id", id64(pl.GeoNamesID))
		v.Set("lat", floatp(pl.Lat))
		v.Set("lon", floatp(pl.Lon))
		v.Set("sensitivity", string(pl.Sensitivity))
		return v
	},
	Apply: func(v url.Values, pl *vigil.Place) vigil.Problems {
		p := vigil.Problems{}
		pl.Kind = vigil.PlaceKind(v.Get("kind"))
		getNames(v, "names", &pl.Names, "ko", "en", "zh")
		pl.Variants = lines(v.Get("variants"))
		pl.ParentID = optID(v, "parent_id", p)
		pl.CountryCode = v.Get("country_code")
		pl.GeoNamesID = optID(v, "geonames_id", p)
		pl.Lat = optFloat(v, "lat", p)
		pl.Lon = optFloat(v, "lon", p)
		pl.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}

// Classifications are the actor classes the data model names.
var Classifications = []string{"ngo", "government", "ministry", "state_agency", "media", "international", "official", "affected", "researcher", "photographer"}

// Actor edits a person or organization. Other names and identifiers are
// kept as they are (the API edits them).
var Actor = Codec[vigil.Actor]{
	Spec: func(url.Values) []Field {
		return []Field{
			{Name: "kind", Label: "field.actor_kind", Kind: Select, Required: true, Options: options("actor_kind.", []vigil.ActorKind{vigil.ActorOrganization, vigil.ActorPerson}), Group: "grp.names"},
			{Name: "name.ko", Label: "field.name.ko", Kind: Text, Lang: "ko"},
			{Name: "name.en", Label: "field.name.en", Kind: Text, Lang: "en"},
			{Name: "name.zh", Label: "field.name.zh", Kind: Text, Lang: "zh"},
			{Name: "classification", Label: "field.classification", Kind: Select, Options: append([]Option{{Value: "", Key: "opt.none"}}, options("class.", Classifications)...)},
			{Name: "parent_id", Label: "field.parent_org", Kind: Select, Dynamic: "orgs"},
			{Name: "country_code", Label: "field.country_code", Kind: Text, Help: "help.country_code", Autocomplete: "off"},
			{Name: "url", Label: "field.url", Kind: URL, InputMode: "url"},
			{Name: "protected", Label: "field.protected", Kind: Checkbox, Help: "help.protected", Group: "grp.protection"},
			{Name: "pseudonym.ko", Label: "field.pseudonym.ko", Kind: Text, Lang: "ko"},
			{Name: "pseudonym.en", Label: "field.pseudonym.en", Kind: Text, Lang: "en"},
			{Name: "notes", Label: "field.notes", Kind: TextArea, Help: "help.notes"},
			sensitivityField(),
		}
	},
	Values: func(a *vigil.Actor) url.Values {
		v := url.Values{}
		v.Set("kind", string(a.Kind))
		setNames(v, "name", a.Name, "ko", "en", "zh")
		v.Set("classification", a.Classification)
		v.Set("parent_id", id64(a.ParentID))
		v.Set("country_code", a.CountryCode)
		v.Set("url", a.URL)
		if a.Protected {
			v.Set("protected", "on")
		}
		setNames(v, "pseudonym", a.Pseudonym, "ko", "en")
		v.Set("notes", a.Notes)
		v.Set("sensitivity", string(a.Sensitivity))
		return v
	},
	Apply: func(v url.Values, a *vigil.Actor) vigil.Problems {
		p := vigil.Problems{}
		a.Kind = vigil.ActorKind(v.Get("kind"))
		getNames(v, "name", &a.Name, "ko", "en", "zh")
		a.Classification = v.Get("classification")
		a.ParentID = optID(v, "parent_id", p)
		a.CountryCode = v.Get("country_code")
		a.URL = v.Get("url")
		a.Protected = v.Get("protected") != ""
		getNames(v, "pseudonym", &a.Pseudonym, "ko", "en")
		a.Notes = v.Get("notes")
		a.Sensitivity = vigil.Sensitivity(v.Get("sensitivity"))
		return p
	},
}
