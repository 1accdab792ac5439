package vigil

import "strings"

// PlaceKind is the kind of a gazetteer entry.
type PlaceKind string

// Place kinds, from the smallest to the largest.
const (
	PlaceFacility PlaceKind = "facility" // detention center, prison, camp
	PlaceCrossing PlaceKind = "crossing" // border crossing or bridge
	PlaceCity     PlaceKind = "city"
	PlaceCounty   PlaceKind = "county"   // ADM2
	PlaceProvince PlaceKind = "province" // ADM1
	PlaceCountry  PlaceKind = "country"
)

// PlaceKinds lists every valid place kind.
var PlaceKinds = []PlaceKind{PlaceFacility, PlaceCrossing, PlaceCity, PlaceCounty, PlaceProvince, PlaceCountry}

// Place is a gazetteer entry. Facilities hang under their city, cities
// under their province, provinces under their country.
type Place struct {
	Meta
	Kind  PlaceKind `json:"kind"`
	Names Names     `json:"names"`
	// Variants are other spellings and romanisations used to match text
	// ("Paekam", "白山", "바이산").
	Variants   []string `json:"variants"`
	GeoNamesID *int64   `json:"geonames_id"`
	Lat        *float64 `json:"lat"`
	Lon        *float64 `json:"lon"`
	ParentID   *int64   `json:"parent_id"`
	// CountryCode is the ISO 3166-1 alpha-2 code of the country the place
	// is in ("CN", "KP", "KR").
	CountryCode string `json:"country_code"`
}

// Validate normalizes p and reports every problem with its field.
func (pl *Place) Validate() error {
	p := Problems{}
	pl.validateMeta(p)
	if !oneOf(pl.Kind, PlaceKinds) {
		p.Add("kind", "%q is not a place kind (%s)", pl.Kind, joinOf(PlaceKinds))
	}
	pl.Names.validate(p, "names", true, 300)
	var vs []string
	for _, v := range pl.Variants {
		if v = strings.TrimSpace(v); v != "" && !oneOf(v, vs) {
			vs = append(vs, v)
		}
	}
	pl.Variants = vs
	if len(vs) > 50 {
		p.Add("variants", "has more than 50 entries")
	}
	if pl.GeoNamesID != nil && *pl.GeoNamesID <= 0 {
		p.Add("geonames_id", "must be a positive GeoNames id")
	}
	if (pl.Lat == nil) != (pl.Lon == nil) {
		p.Add("lat", "lat and lon are given together or not at all")
	}
	if pl.Lat != nil && (*pl.Lat < -90 || *pl.Lat > 90) {
		p.Add("lat", "%v is outside -90..90", *pl.Lat)
	}
	if pl.Lon != nil && (*pl.Lon < -180 || *pl.Lon > 180) {
		p.Add("lon", "%v is outside -180..180", *pl.Lon)
	}
	validateRef(p, "parent_id", pl.ParentID)
	if pl.ParentID != nil && *pl.ParentID == pl.ID && pl.ID != 0 {
		p.Add("parent_id", "a place cannot be its own parent")
	}
	pl.CountryCode = strings.ToUpper(strings.TrimSpace(pl.CountryCode))
	if pl.CountryCode != "" && (len(pl.CountryCode) != 2 || strings.Trim(pl.CountryCode, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
		p.Add("country_code", "%q is not an ISO 3166-1 alpha-2 code", pl.CountryCode)
	}
	return p.Err("place")
}

// PlaceFilter selects places.
type PlaceFilter struct {
	Page
	IDs      []int64
	Kind     PlaceKind
	ParentID *int64
	Name     string // substring of any name or variant
}

// PlaceSorts lists the fields places can be sorted by.
var PlaceSorts = []string{"id", "name", "kind", "updated_at"}
