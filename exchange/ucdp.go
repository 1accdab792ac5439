package exchange

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"vigil"
)

// countries are the ISO 3166 alpha-3 and numeric codes and the UN
// region of the countries vigil's records are about; others keep their
// alpha-2 code.
var countries = map[string]struct{ alpha3, numeric, region string }{
	"CN": {"CHN", "156", "Eastern Asia"},
	"KP": {"PRK", "408", "Eastern Asia"},
	"KR": {"KOR", "410", "Eastern Asia"},
	"RU": {"RUS", "643", "Eastern Europe"},
	"MN": {"MNG", "496", "Eastern Asia"},
	"LA": {"LAO", "418", "South-Eastern Asia"},
	"VN": {"VNM", "704", "South-Eastern Asia"},
	"TH": {"THA", "764", "South-Eastern Asia"},
}

// conflictName is the UCDP conflict_name vigil writes: its records are
// one process, not an armed conflict.
const conflictName = "Forced repatriation of North Koreans"

// gedColumns are the UCDP-GED-style columns, in GED's order, then
// vigil's own (prefixed vigil_) that make a round trip exact.
var gedColumns = []string{"id", "relid", "year", "type_of_violence", "conflict_name", "side_a", "side_b", "number_of_sources",
	"source_article", "where_prec", "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
	"country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end", "best", "high", "low",
	"vigil_event", "vigil_title_en", "vigil_title_ko", "vigil_date", "vigil_sensitivity"}

// writeGED writes one row per incident. best/low/high count people (an
// incident's figure), not deaths; type_of_violence is empty because no
// UCDP category applies; high is empty when unbounded and low when
// unknown.
func writeGED(w io.Writer, incs []flatIncident, o WriterOptions) error {
	out, err := newCSVOut(w, !o.NoBOM)
	if err != nil {
		return err
	}
	if err := out.row(gedColumns); err != nil {
		return err
	}
	for i := range incs {
		f := &incs[i]
		low, best, high := f.figures()
		year := ""
		if len(f.inc.DateStart) >= 4 {
			year = f.inc.DateStart[:4]
		}
		sideA := ""
		if f.perpetrator != nil {
			sideA = f.perpetrator.Name.In("en")
		}
		var wkt, coords string
		if f.lat != nil {
			wkt = "POINT (" + coord(f.lon) + " " + coord(f.lat) + ")"
			coords = placeName(f.at)
		}
		c := countries[f.countryCode]
		clarity := "1"
		if f.inc.Conflict {
			clarity = "2"
		}
		row := []string{
			strconv.FormatInt(f.inc.ID, 10), "VIGIL-" + strconv.FormatInt(f.inc.ID, 10), year, "", conflictName, sideA, f.inc.VictimGroup,
			strconv.Itoa(len(f.sources)), f.sourceCell(), strconv.Itoa(f.wherePrec), coords, placeName(f.place),
			placeName(f.adm1), placeName(f.adm2), coord(f.lat), coord(f.lon), wkt,
			placeName(f.country), c.numeric, c.region, clarity, strconv.Itoa(f.datePrec), f.inc.DateStart, f.inc.DateEnd,
			best, high, low, string(f.inc.Event), f.inc.Title.En, f.inc.Title.Ko, f.inc.Date, string(f.inc.Sensitivity),
		}
		if err := out.row(row); err != nil {
			return err
		}
	}
	return out.close()
}

// ReadUCDP reads a UCDP GED CSV file (or vigil's GED-style export) into
// incidents, matching columns by header name. side_b becomes the victim
// group (side_a, the perpetrator, is not matched to actors). best, low and high become
// the editor's figure and date_start/date_end the date; where_description,
// adm_2, adm_1 name a gazetteer place when they can, and a place that is
// not in the gazetteer is kept as text in the summary (GED names
// thousands of villages). The vigil_* columns, when present, give the
// event type, titles, EDTF date and sensitivity; without them the event
// is "other", the title is made from the GED id and place, and the
// sensitivity is restricted.
//
// GED files contain rows where low ≤ best ≤ high does not hold; each is
// reported by row and column, and nothing is imported, unless
// opts.SkipInvalid leaves them out (they come back in the skipped list).
func ReadUCDP(r io.Reader, opts ImportOptions) (*vigil.Dataset, []Skipped, error) {
	rows, err := readAllCSV(r)
	if err != nil {
		return nil, nil, err
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	p := newProblems("UCDP GED CSV")
	for _, need := range []string{"best", "date_start"} {
		if _, ok := col[need]; !ok {
			p.add("row 1", "the column %s is required", need)
		}
	}
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	rd := newRowReader("UCDP GED CSV", opts, col, rows[0])
	rd.lenient = true
	for i := 1; i < len(rows) && !rd.p.full(); i++ {
		rd.gedRow(i+1, rows[i])
	}
	return rd.finish()
}

func (rd *rowReader) gedRow(row int, rec []string) {
	if blank(rec) {
		return
	}
	day := func(key string) string {
		s := rd.cell(rec, key)
		if len(s) >= 10 {
			s = s[:10] // GED writes "2017-01-03 00:00:00.000" in some releases
		}
		return s
	}
	inc := &vigil.Incident{Meta: vigil.Meta{ID: int64(len(rd.d.Incidents) + 1), Sensitivity: vigil.Restricted}, DateBasis: vigil.BasisEditor}
	if s := rd.cell(rec, "vigil_sensitivity"); s != "" {
		inc.Sensitivity = vigil.Sensitivity(strings.ToLower(s))
	}
	inc.Event = vigil.EventOther
	if s := rd.cell(rec, "vigil_event"); s != "" {
		inc.Event = vigil.EventType(strings.ToLower(s))
	}
	where := rd.cell(rec, "where_description")
	inc.VictimGroup = rd.cell(rec, "side_b")
	inc.Title = vigil.Names{En: rd.cell(rec, "vigil_title_en"), Ko: rd.cell(rec, "vigil_title_ko")}
	if inc.Title.IsZero() {
		inc.Title.En = strings.TrimSpace("UCDP GED event " + rd.cell(rec, "id") + ": " + strings.TrimSpace(where+" "+rd.cell(rec, "conflict_name")))
	}
	inc.Date = rd.cell(rec, "vigil_date")
	if inc.Date == "" {
		inc.Date = edtfDate(day("date_start"), day("date_end"))
	}
	if !validEDTF(inc.Date) {
		rd.p.add(rd.where(row, "date_start"), "%q to %q is not a date (YYYY-MM-DD)", day("date_start"), day("date_end"))
	}
	inc.PlaceID = rd.place(rec, row, "", "where_description", "adm_2", "adm_1", "country")
	if inc.PlaceID == nil && where != "" {
		inc.Summary.En = "UCDP GED location: " + where
		if lat, lon := rd.cell(rec, "latitude"), rd.cell(rec, "longitude"); lat != "" && lon != "" {
			inc.Summary.En += fmt.Sprintf(" (%s, %s)", lat, lon)
		}
	}
	low, ok1 := rd.number(rec, row, "low")
	best, ok2 := rd.number(rec, row, "best")
	high, ok3 := rd.number(rec, row, "high")
	note := "Imported from a UCDP GED file."
	if id := rd.cell(rec, "id"); id != "" && rd.cell(rec, "vigil_event") == "" {
		note = "Imported from UCDP GED event " + id + ": its best/low/high count deaths."
	}
	if src := rd.cell(rec, "source_article"); src != "" {
		note += " Sources: " + src
	}
	if ok1 && ok2 && ok3 {
		o, skip := rd.figure(row, low, best, high, "best", "low", "high", note)
		if skip {
			return
		}
		inc.Override = o
	}
	rd.add(row, inc)
}

// acledColumns are the ACLED-style columns, in ACLED's order.
var acledColumns = []string{"event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
	"actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
	"country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
	"fatalities", "tags", "timestamp"}

// writeACLED writes one row per incident in ACLED's columns. Every
// incident is a "Strategic developments" event: arrests have the
// sub-event type "Arrests", the rest "Other". ACLED has no column for a
// number of people other than fatalities (always 0 here: vigil does not
// count deaths), so the figure goes into tags: "people_best=600;
// people_low=540; people_high=660".
func writeACLED(w io.Writer, incs []flatIncident, o WriterOptions) error {
	out, err := newCSVOut(w, !o.NoBOM)
	if err != nil {
		return err
	}
	if err := out.row(acledColumns); err != nil {
		return err
	}
	for i := range incs {
		f := &incs[i]
		c := countries[f.countryCode]
		code := c.alpha3
		if code == "" {
			code = f.countryCode
		}
		sub := "Other"
		if f.inc.Event == vigil.EventArrest {
			sub = "Arrests"
		}
		actor1, inter1 := "", "0"
		if f.perpetrator != nil {
			actor1 = f.perpetrator.Name.In("en")
			switch f.perpetrator.Classification {
			case "state_agency", "ministry", "government":
				inter1 = "1"
			}
		}
		actor2, inter2 := f.inc.VictimGroup, "0"
		if actor2 != "" {
			inter2 = "7" // civilians
		}
		interaction := ""
		if inter1 != "0" || inter2 != "0" {
			interaction = inter1 + inter2
		}
		timePrec := map[int]string{1: "1", 2: "2"}[f.datePrec]
		if timePrec == "" {
			timePrec = "3"
		}
		geoPrec := map[int]string{1: "1", 2: "1", 3: "2"}[f.wherePrec]
		if geoPrec == "" && f.lat != nil {
			geoPrec = "3"
		}
		low, best, high := f.figures()
		tags := []string{"vigil_event=" + string(f.inc.Event)}
		for _, kv := range [][2]string{{"people_best", best}, {"people_low", low}, {"people_high", high}} {
			if kv[1] != "" {
				tags = append(tags, kv[0]+"="+kv[1])
			}
		}
		if f.inc.Figure != nil && f.inc.Figure.High == nil {
			tags = append(tags, "people_high=unbounded")
		}
		year := ""
		if len(f.inc.DateStart) >= 4 {
			year = f.inc.DateStart[:4]
		}
		var publishers []string
		for _, s := range f.sources {
			publishers = append(publishers, s.Publisher)
		}
		row := []string{
			code + strconv.FormatInt(f.inc.ID, 10), f.inc.DateStart, year, timePrec, "Strategic developments", "Strategic developments", sub,
			actor1, "", inter1, actor2, "", inter2, interaction, "", c.numeric, c.region,
			placeName(f.country), placeName(f.adm1), placeName(f.adm2), "", placeName(f.place), coord(f.lat), coord(f.lon), geoPrec,
			strings.Join(publishers, "; "), "Other", f.inc.Title.In("en"), "0", strings.Join(tags, "; "),
			strconv.FormatInt(f.inc.UpdatedAt.Unix(), 10),
		}
		if err := out.row(row); err != nil {
			return err
		}
	}
	return out.close()
}
