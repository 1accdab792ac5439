package exchange

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"vigil"
)

// geoFeature is one incident as an RFC 7946 feature. Fields are structs,
// not maps, so the bytes come out in one order.
type geoFeature struct {
	Type       string      `json:"type"`
	ID         int64       `json:"id"`
	Geometry   *geoPoint   `json:"geometry"`
	Properties geoIncident `json:"properties"`
}

// geoPoint is a GeoJSON Point: [longitude, latitude] (RFC 7946 §3.1.1).
type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type geoIncident struct {
	TitleEn     string          `json:"title_en"`
	TitleKo     string          `json:"title_ko"`
	Event       vigil.EventType `json:"event"`
	Date        string          `json:"date"`
	DateStart   string          `json:"date_start"`
	DateEnd     string          `json:"date_end"`
	Low         *int            `json:"low"`
	Best        *int            `json:"best"`
	High        *int            `json:"high"`
	Place       string          `json:"place"`
	Adm1        string          `json:"adm1"`
	CountryCode string          `json:"country_code"`
	// WherePrec is the precision of the point, as in UCDP GED: 1 the
	// place itself … 4 a province; a feature known only to a country has
	// no geometry.
	WherePrec   int               `json:"where_prec"`
	Sources     []geoSource       `json:"sources"`
	Sensitivity vigil.Sensitivity `json:"sensitivity"`
	UpdatedAt   string            `json:"updated_at"`
}

type geoSource struct {
	Publisher string `json:"publisher"`
	URL       string `json:"url"`
	Published string `json:"published"`
}

// writeGeoJSON writes a FeatureCollection with one feature per incident:
// a Point at the incident's place (or the nearest enclosing place with
// coordinates below the country), or geometry null when only the country
// or nothing is known (RFC 7946 §3.2).
func writeGeoJSON(w io.Writer, incs []flatIncident, _ WriterOptions) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return err
	}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range incs {
		f := &incs[i]
		feat := geoFeature{Type: "Feature", ID: f.inc.ID, Properties: geoIncident{
			TitleEn: f.inc.Title.En, TitleKo: f.inc.Title.Ko, Event: f.inc.Event, Date: f.inc.Date, DateStart: f.inc.DateStart, DateEnd: f.inc.DateEnd,
			Place: placeName(f.place), Adm1: placeName(f.adm1), CountryCode: f.countryCode, WherePrec: f.wherePrec,
			Sources: []geoSource{}, Sensitivity: f.inc.Sensitivity, UpdatedAt: f.inc.UpdatedAt.UTC().Format(time.RFC3339),
		}}
		if fig := f.inc.Figure; fig != nil {
			best := fig.Best
			feat.Properties.Low, feat.Properties.Best, feat.Properties.High = fig.Low, &best, fig.High
		}
		if f.lat != nil {
			feat.Geometry = &geoPoint{Type: "Point", Coordinates: [2]float64{*f.lon, *f.lat}}
		}
		for _, s := range f.sources {
			feat.Properties.Sources = append(feat.Properties.Sources, geoSource{Publisher: s.Publisher, URL: s.URL, Published: s.Published})
		}
		if i > 0 {
			if err := bw.WriteByte(','); err != nil {
				return err
			}
		}
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
		if err := enc.Encode(feat); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString("]}\n"); err != nil {
		return err
	}
	return bw.Flush()
}
