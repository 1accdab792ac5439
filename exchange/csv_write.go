package exchange

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vigil"
	"vigil/figure"
)

// CSVWriterOptions configure a CSVWriter.
type CSVWriterOptions struct {
	// NoBOM leaves out the UTF-8 byte order mark. By default the file
	// starts with one, because Excel reads a CSV file without it in the
	// system's code page (CP949 on Korean Windows) and garbles Hangul.
	NoBOM bool
}

// CSVWriter writes the native CSV format: a header, then one row per
// claim with its incident and source written out, then one row for each
// incident without claims. Rows end in CRLF (RFC 4180). A cell that a
// spreadsheet would run as a formula (it starts with = + - @, a tab or a
// carriage return) is prefixed with an apostrophe, and the reader takes
// it off again.
//
// The format holds incidents (without summaries or overrides), their
// links, sources that claims cite, and claims; everything else that is
// exported to it is counted in Skipped. It implements
// vigil.RecordWriter; call Close to finish.
type CSVWriter struct {
	bw         *bufio.Writer
	cw         *csv.Writer
	bom        bool
	started    bool
	placeRecs  []*vigil.Place
	placeText  map[int64]string
	sources    map[int64]*[lastSourceCol - firstSourceCol + 1]string
	cited      map[int64]bool
	incidents  map[int64]*csvIncident
	incOrder   []int64
	withClaims map[int64]bool
	skipped    map[string]int
	row        []string
	err        error
}

// csvIncident is what the writer keeps of an incident until its rows.
type csvIncident struct {
	titleKo, titleEn, event, date, sensitivity string
	placeID                                    *int64
	partOf                                     int64
	sameCohort, followUpOf                     []string
	cells                                      []string
}

// NewCSVWriter returns a writer to w.
func NewCSVWriter(w io.Writer, opts CSVWriterOptions) *CSVWriter {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &CSVWriter{bw: bw, cw: cw, bom: !opts.NoBOM, sources: map[int64]*[lastSourceCol - firstSourceCol + 1]string{},
		cited: map[int64]bool{}, incidents: map[int64]*csvIncident{}, withClaims: map[int64]bool{},
		skipped: map[string]int{}, row: make([]string, numCols)}
}

// WriteRecord takes one exported record.
func (w *CSVWriter) WriteRecord(section string, rec any) error {
	if w.err != nil {
		return w.err
	}
	switch r := rec.(type) {
	case *vigil.Place:
		w.placeRecs = append(w.placeRecs, r)
	case *vigil.Source:
		w.sources[r.ID] = &[lastSourceCol - firstSourceCol + 1]string{strconv.FormatInt(r.ID, 10), r.Publisher, r.URL,
			string(r.Kind), r.Title.Ko, r.Title.En, r.Language, r.Published, r.Reliability, r.RelayedFrom, string(r.Sensitivity)}
	case *vigil.Incident:
		ci := &csvIncident{titleKo: r.Title.Ko, titleEn: r.Title.En, event: string(r.Event), sensitivity: string(r.Sensitivity), placeID: r.PlaceID}
		if r.DateBasis == vigil.BasisEditor {
			ci.date = r.Date // a date derived from claims is not the editor's
		}
		w.incidents[r.ID] = ci
		w.incOrder = append(w.incOrder, r.ID)
	case *vigil.IncidentLink:
		from := w.incidents[r.FromID]
		if from == nil {
			w.skipped[section]++
			return nil
		}
		to := strconv.FormatInt(r.ToID, 10)
		switch r.Kind {
		case vigil.LinkPartOf:
			from.partOf = r.ToID
		case vigil.LinkSameCohort:
			from.sameCohort = append(from.sameCohort, to)
		case vigil.LinkFollowUpOf:
			from.followUpOf = append(from.followUpOf, to)
		}
	case *vigil.Claim:
		return w.claim(r)
	default:
		w.skipped[section]++
	}
	return nil
}

// start writes the byte order mark and the header, once, and works out
// how each place is written.
func (w *CSVWriter) start() {
	if w.started || w.err != nil {
		return
	}
	w.started = true
	if w.bom {
		_, w.err = w.bw.Write(utf8BOM)
	}
	w.placeText = placeTexts(w.placeRecs)
	w.placeRecs = nil
	if w.err == nil {
		w.err = w.cw.Write(Columns[:])
	}
}

// placeTexts writes each place by its English (else Korean, else
// Chinese) name, or by its id when that name also names another exported
// place, so that the reader finds the same place again.
func placeTexts(places []*vigil.Place) map[int64]string {
	owners := map[string]map[int64]bool{}
	for _, p := range places {
		for _, n := range placeNames(p) {
			k := fold(n)
			if owners[k] == nil {
				owners[k] = map[int64]bool{}
			}
			owners[k][p.ID] = true
		}
	}
	out := make(map[int64]string, len(places))
	for _, p := range places {
		name := strings.TrimSpace(p.Names.In("en"))
		if name == "" || len(owners[fold(name)]) > 1 {
			name = strconv.FormatInt(p.ID, 10)
		}
		out[p.ID] = name
	}
	return out
}

// place is the place column of a place id, "" for none; a place that was
// not exported is written by id.
func (w *CSVWriter) place(id *int64) string {
	if id == nil {
		return ""
	}
	if s, ok := w.placeText[*id]; ok {
		return s
	}
	return strconv.FormatInt(*id, 10)
}

// incidentCells returns the incident columns of incident id.
func (w *CSVWriter) incidentCells(id int64) []string {
	ci := w.incidents[id]
	if ci == nil {
		return nil
	}
	if ci.cells == nil {
		partOf := ""
		if ci.partOf != 0 {
			partOf = strconv.FormatInt(ci.partOf, 10)
		}
		ci.cells = []string{strconv.FormatInt(id, 10), ci.titleKo, ci.titleEn, ci.event, ci.date, w.place(ci.placeID), ci.sensitivity,
			partOf, strings.Join(ci.sameCohort, ";"), strings.Join(ci.followUpOf, ";")}
	}
	return ci.cells
}

// claim writes the row of a claim.
func (w *CSVWriter) claim(c *vigil.Claim) error {
	w.start()
	src := w.sources[c.SourceID]
	if src == nil {
		w.skipped[vigil.SectionClaims]++
		return w.err
	}
	w.cited[c.SourceID] = true
	row := w.row
	clear(row)
	if c.IncidentID != nil {
		copy(row[firstIncidentCol:], w.incidentCells(*c.IncidentID))
		w.withClaims[*c.IncidentID] = true
	}
	copy(row[firstSourceCol:], src[:])
	cred := ""
	if c.Credibility != 0 {
		cred = strconv.Itoa(c.Credibility)
	}
	copy(row[firstClaimCol:], []string{c.Quote, FigureText(c.Figure), string(c.Event), c.Date, w.place(c.PlaceID), c.PlaceText,
		cred, string(c.Sensitivity), c.Notes})
	return w.writeRow(row)
}

func (w *CSVWriter) writeRow(row []string) error {
	if w.err != nil {
		return w.err
	}
	for i, v := range row {
		row[i] = escapeCell(v)
	}
	w.err = w.cw.Write(row)
	return w.err
}

// Close writes a row for each incident without claims, and flushes.
func (w *CSVWriter) Close() error {
	w.start()
	for _, id := range w.incOrder {
		if w.withClaims[id] {
			continue
		}
		clear(w.row)
		copy(w.row, w.incidentCells(id))
		if w.writeRow(w.row) != nil {
			break
		}
	}
	for id := range w.sources {
		if !w.cited[id] {
			w.skipped[vigil.SectionSources]++
		}
	}
	if w.err != nil {
		return w.err
	}
	w.cw.Flush()
	if w.err = w.cw.Error(); w.err != nil {
		return w.err
	}
	w.err = w.bw.Flush()
	return w.err
}

// Skipped counts, per section, the records the CSV format does not hold:
// actors, law, violations, and sources no claim cites.
func (w *CSVWriter) Skipped() map[string]int { return w.skipped }

// FigureText is the text of a figure for the CSV figure column: the
// words as written, or for a figure given only as numbers, words that
// read back as the same figure ("about 200", "50-60", "dozens").
func FigureText(f figure.Figure) string {
	if f.Text != "" || f.Qualifier == "" {
		return f.Text
	}
	v := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	switch f.Qualifier {
	case figure.Exact:
		return strconv.Itoa(v(f.Value))
	case figure.Approx:
		return fmt.Sprintf("about %d", v(f.Value))
	case figure.ApproxOver:
		return fmt.Sprintf("%d-odd", v(f.Value))
	case figure.MoreThan:
		return fmt.Sprintf("more than %d", v(f.Value))
	case figure.AtLeast:
		return fmt.Sprintf("at least %d", v(f.Value))
	case figure.AtMost:
		return fmt.Sprintf("up to %d", v(f.Value))
	case figure.Range:
		return fmt.Sprintf("%d-%d", v(f.Low), v(f.High))
	case figure.Vague:
		switch v(f.Value) {
		case 10:
			return "dozens"
		case 100:
			return "hundreds"
		case 1000:
			return "thousands"
		}
	}
	return ""
}
