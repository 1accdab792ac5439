package exchange

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"vigil"
	"vigil/edtf"
)

// Writer is a vigil.RecordWriter that finishes its file on Close.
type Writer interface {
	vigil.RecordWriter
	Close() error
}

// WriterOptions configure the writers of ExportFormats.
type WriterOptions struct {
	// ExportedAt is the time written into formats that carry one (native
	// JSON). The public site passes the data's last change, so that the
	// same data gives the same bytes.
	ExportedAt time.Time
	Clearance  vigil.Sensitivity
	// NoBOM leaves the UTF-8 byte order mark out of CSV files.
	NoBOM bool
}

// ExportFormat is a file format vigil writes.
type ExportFormat struct {
	// Name is the --format value: json, csv, hxl, acled, ucdp, geojson,
	// popolo.
	Name      string
	Ext       string // the file name's ending: ".hxl.csv"
	MediaType string
	New       func(w io.Writer, o WriterOptions) Writer
}

// ExportFormats lists every format vigil writes (docs/formats.md).
var ExportFormats = []ExportFormat{
	{"json", ".json", "application/json", func(w io.Writer, o WriterOptions) Writer {
		return NewJSONWriter(w, Header{ExportedAt: o.ExportedAt, Clearance: o.Clearance})
	}},
	{"csv", ".csv", "text/csv; charset=utf-8", func(w io.Writer, o WriterOptions) Writer { return NewCSVWriter(w, CSVWriterOptions{NoBOM: o.NoBOM}) }},
	{"hxl", ".hxl.csv", "text/csv; charset=utf-8", func(w io.Writer, o WriterOptions) Writer { return newFlatWriter(w, o, writeHXL) }},
	{"acled", ".acled.csv", "text/csv; charset=utf-8", func(w io.Writer, o WriterOptions) Writer { return newFlatWriter(w, o, writeACLED) }},
	{"ucdp", ".ged.csv", "text/csv; charset=utf-8", func(w io.Writer, o WriterOptions) Writer { return newFlatWriter(w, o, writeGED) }},
	{"geojson", ".geojson", "application/geo+json", func(w io.Writer, o WriterOptions) Writer { return newFlatWriter(w, o, writeGeoJSON) }},
	{"popolo", ".popolo.json", "application/json", func(w io.Writer, o WriterOptions) Writer { return newDatasetWriter(w, o, writePopolo) }},
}

// FindExportFormat returns the format named name.
func FindExportFormat(name string) (ExportFormat, bool) {
	for _, f := range ExportFormats {
		if f.Name == name {
			return f, true
		}
	}
	return ExportFormat{}, false
}

// ExportFormatNames lists the names of ExportFormats.
func ExportFormatNames() []string {
	out := make([]string, len(ExportFormats))
	for i, f := range ExportFormats {
		out[i] = f.Name
	}
	return out
}

// WriteDataset writes every record of d to w, section by section, and
// closes w.
func WriteDataset(w Writer, d *vigil.Dataset) error {
	if err := d.Each(w.WriteRecord); err != nil {
		return err
	}
	return w.Close()
}

// datasetWriter gathers the exported records, then writes them at Close:
// the formats below need several sections at once (an incident's place,
// sources and perpetrator).
type datasetWriter struct {
	w     io.Writer
	o     WriterOptions
	d     vigil.Dataset
	write func(w io.Writer, d *vigil.Dataset, o WriterOptions) error
}

func newDatasetWriter(w io.Writer, o WriterOptions, write func(io.Writer, *vigil.Dataset, WriterOptions) error) *datasetWriter {
	return &datasetWriter{w: w, o: o, write: write}
}

func (dw *datasetWriter) WriteRecord(_ string, rec any) error {
	dw.d.Add(rec)
	return nil
}

func (dw *datasetWriter) Close() error { return dw.write(dw.w, &dw.d, dw.o) }

func newFlatWriter(w io.Writer, o WriterOptions, write func(io.Writer, []flatIncident, WriterOptions) error) *datasetWriter {
	return newDatasetWriter(w, o, func(w io.Writer, d *vigil.Dataset, o WriterOptions) error { return write(w, flatten(d), o) })
}

// flatIncident is an incident with what the one-row-per-event formats
// (HXL, ACLED, UCDP GED, GeoJSON) say about it, resolved from the other
// sections of the export.
type flatIncident struct {
	inc *vigil.Incident
	// The place hierarchy: the incident's principal place, its province
	// (ADM1) and county or city (ADM2), and its country.
	place, adm1, adm2, country *vigil.Place
	countryCode                string
	// lat/lon are the coordinates of the place, or of the nearest place
	// above it that has some, below the country level; nil when only a
	// country (or nothing) is known.
	lat, lon *float64
	// at is the place whose coordinates lat/lon are.
	at *vigil.Place
	// wherePrec is UCDP GED's where_prec: 1 exact location, 2 within
	// 25 km (a city), 3 ADM2, 4 ADM1, 6 country or unknown.
	wherePrec int
	// datePrec is UCDP GED's date_prec: 1 exact day, 2 a day but
	// approximate or a span of up to 6 days, 4 up to a month, 5 longer.
	datePrec    int
	perpetrator *vigil.Actor
	sources     []*vigil.Source
}

// flatten resolves every incident of d.
func flatten(d *vigil.Dataset) []flatIncident {
	places := map[int64]*vigil.Place{}
	for _, p := range d.Places {
		places[p.ID] = p
	}
	actors := map[int64]*vigil.Actor{}
	for _, a := range d.Actors {
		actors[a.ID] = a
	}
	sources := map[int64]*vigil.Source{}
	for _, s := range d.Sources {
		sources[s.ID] = s
	}
	cited := map[int64][]*vigil.Source{}
	for _, c := range d.Claims {
		if c.IncidentID == nil || sources[c.SourceID] == nil || slices.Contains(cited[*c.IncidentID], sources[c.SourceID]) {
			continue
		}
		cited[*c.IncidentID] = append(cited[*c.IncidentID], sources[c.SourceID])
	}
	var out []flatIncident
	for _, inc := range d.Incidents {
		f := flatIncident{inc: inc, wherePrec: 6, datePrec: datePrec(inc.Date, inc.DateStart, inc.DateEnd), sources: cited[inc.ID]}
		slices.SortFunc(f.sources, func(a, b *vigil.Source) int { return int(a.ID - b.ID) })
		if inc.PerpetratorID != nil {
			f.perpetrator = actors[*inc.PerpetratorID]
		}
		if inc.PlaceID != nil {
			f.place = places[*inc.PlaceID]
		}
		for p, depth := f.place, 0; p != nil && depth < 8; depth++ {
			switch p.Kind {
			case vigil.PlaceCountry:
				f.country = p
			case vigil.PlaceProvince:
				f.adm1 = p
			case vigil.PlaceCounty, vigil.PlaceCity:
				if f.adm2 == nil {
					f.adm2 = p
				}
			}
			if f.countryCode == "" {
				f.countryCode = p.CountryCode
			}
			if f.lat == nil && p.Kind != vigil.PlaceCountry && p.Lat != nil && p.Lon != nil {
				f.lat, f.lon, f.at, f.wherePrec = p.Lat, p.Lon, p, wherePrec(p.Kind)
			}
			if p.ParentID == nil {
				break
			}
			p = places[*p.ParentID]
		}
		out = append(out, f)
	}
	return out
}

func wherePrec(k vigil.PlaceKind) int {
	switch k {
	case vigil.PlaceFacility, vigil.PlaceCrossing:
		return 1
	case vigil.PlaceCity:
		return 2
	case vigil.PlaceCounty:
		return 3
	case vigil.PlaceProvince:
		return 4
	}
	return 6
}

func datePrec(s, start, end string) int {
	if start == "" || end == "" {
		return 5
	}
	a, err1 := time.Parse(time.DateOnly, start)
	b, err2 := time.Parse(time.DateOnly, end)
	if err1 != nil || err2 != nil {
		return 5
	}
	days := int(b.Sub(a).Hours() / 24)
	switch {
	case days == 0 && !strings.ContainsAny(s, "~?%"):
		return 1
	case days <= 6:
		return 2
	case days <= 31:
		return 4
	}
	return 5
}

// figures returns the incident's low, best and high as cells: "" for an
// unknown low or an unbounded high, and all three "" without a figure.
func (f *flatIncident) figures() (low, best, high string) {
	fig := f.inc.Figure
	if fig == nil {
		return "", "", ""
	}
	best = strconv.Itoa(fig.Best)
	if fig.Low != nil {
		low = strconv.Itoa(*fig.Low)
	}
	if fig.High != nil {
		high = strconv.Itoa(*fig.High)
	}
	return low, best, high
}

func placeName(p *vigil.Place) string {
	if p == nil {
		return ""
	}
	return p.Names.In("en")
}

func coord(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

// sourceCell lists the sources as "Publisher <URL>", separated by "; ".
func (f *flatIncident) sourceCell() string {
	parts := make([]string, len(f.sources))
	for i, s := range f.sources {
		parts[i] = s.Publisher
		if s.URL != "" {
			parts[i] += " <" + s.URL + ">"
		}
	}
	return strings.Join(parts, "; ")
}

// edtfDate builds the EDTF date of an imported row from its first and
// last day: the day itself, or the interval between them.
func edtfDate(start, end string) string {
	switch {
	case start == "" && end == "":
		return ""
	case end == "" || end == start:
		return start
	case start == "":
		return "../" + end
	}
	return start + "/" + end
}

// validEDTF reports whether s parses.
func validEDTF(s string) bool {
	_, err := edtf.Parse(s)
	return err == nil
}
