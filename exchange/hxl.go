package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"vigil"
)

// hxlColumn is one column of the HXL export: a header for people and a
// hashtag with attributes for machines (HXL 1.1).
type hxlColumn struct {
	header, tag string
	cell        func(f *flatIncident) string
}

// hxlColumns are the columns of the HXL export, in order.
var hxlColumns = []hxlColumn{
	{"Incident", "#event+id", func(f *flatIncident) string { return strconv.FormatInt(f.inc.ID, 10) }},
	{"Title (English)", "#event+name+i_en", func(f *flatIncident) string { return f.inc.Title.En }},
	{"Title (Korean)", "#event+name+i_ko", func(f *flatIncident) string { return f.inc.Title.Ko }},
	{"Event type", "#event+type", func(f *flatIncident) string { return string(f.inc.Event) }},
	{"Date (EDTF)", "#date+edtf", func(f *flatIncident) string { return f.inc.Date }},
	{"First day", "#date+start", func(f *flatIncident) string { return f.inc.DateStart }},
	{"Last day", "#date+end", func(f *flatIncident) string { return f.inc.DateEnd }},
	{"Country", "#country+code+v_iso2", func(f *flatIncident) string { return f.countryCode }},
	{"Province", "#adm1+name", func(f *flatIncident) string { return placeName(f.adm1) }},
	{"Place", "#loc+name", func(f *flatIncident) string {
		if f.place == nil || f.place.Kind == vigil.PlaceCountry {
			return ""
		}
		return placeName(f.place)
	}},
	{"Latitude", "#geo+lat", func(f *flatIncident) string { return coord(f.lat) }},
	{"Longitude", "#geo+lon", func(f *flatIncident) string { return coord(f.lon) }},
	{"People (low)", "#affected+ind+min", func(f *flatIncident) string { l, _, _ := f.figures(); return l }},
	{"People (best)", "#affected+ind", func(f *flatIncident) string { _, b, _ := f.figures(); return b }},
	{"People (high)", "#affected+ind+max", func(f *flatIncident) string { _, _, h := f.figures(); return h }},
	{"Sources", "#meta+source", func(f *flatIncident) string { return f.sourceCell() }},
	{"Sensitivity", "#meta+sensitivity", func(f *flatIncident) string { return string(f.inc.Sensitivity) }},
}

// csvOut writes CSV rows with CRLF and formula escaping, after an
// optional byte order mark.
type csvOut struct {
	bw *bufio.Writer
	cw *csv.Writer
}

func newCSVOut(w io.Writer, bom bool) (*csvOut, error) {
	bw := bufio.NewWriter(w)
	if bom {
		if _, err := bw.Write(utf8BOM); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	return &csvOut{bw: bw, cw: cw}, nil
}

func (c *csvOut) row(cells []string) error {
	esc := make([]string, len(cells))
	for i, s := range cells {
		esc[i] = escapeCell(s)
	}
	return c.cw.Write(esc)
}

func (c *csvOut) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

func writeHXL(w io.Writer, incs []flatIncident, o WriterOptions) error {
	out, err := newCSVOut(w, !o.NoBOM)
	if err != nil {
		return err
	}
	head, tags := make([]string, len(hxlColumns)), make([]string, len(hxlColumns))
	for i, c := range hxlColumns {
		head[i], tags[i] = c.header, c.tag
	}
	if err := out.row(head); err != nil {
		return err
	}
	if err := out.cw.Write(tags); err != nil { // hashtags start with #, never a formula
		return err
	}
	for i := range incs {
		row := make([]string, len(hxlColumns))
		for n, c := range hxlColumns {
			row[n] = c.cell(&incs[i])
		}
		if err := out.row(row); err != nil {
			return err
		}
	}
	return out.close()
}

// ImportOptions configure the readers of incident-centric formats (HXL,
// UCDP GED).
type ImportOptions struct {
	// Places is the gazetteer that place cells are looked up in, as for
	// the native CSV format.
	Places []*vigil.Place
	// SkipInvalid leaves out the rows whose figures break low ≤ best ≤
	// high (UCDP GED), listing them in Skipped, instead of refusing the
	// file.
	SkipInvalid bool
}

// Skipped is a row an import left out, and why.
type Skipped struct {
	Row    int    `json:"row"`
	Reason string `json:"reason"`
}

// hxlTag normalizes a hashtag spec: lower case, attributes sorted, so
// "#affected +max +ind" matches "#affected+ind+max".
func hxlTag(s string) string {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if !strings.HasPrefix(s, "#") {
		return ""
	}
	parts := strings.Split(s[1:], "+")
	attrs := parts[1:]
	slices.Sort(attrs)
	return "#" + strings.Join(append([]string{parts[0]}, attrs...), "+")
}

// ReadHXL reads incidents from an HXL-tagged CSV file: the columns are
// found by their hashtags (in any order, attributes in any order; the
// hashtag row may follow one row of headers), so an HXL file from another
// tool imports when it has the tags vigil knows. Each row is an incident
// with an editor's date and figure (#affected+ind with +min and +max);
// #loc+name, else #adm1+name, names a gazetteer place. #meta+source is
// kept as text in the figure's rationale: HXL does not say what each
// source claimed. Sensitivity (#meta+sensitivity) defaults to restricted.
func ReadHXL(r io.Reader, opts ImportOptions) (*vigil.Dataset, []Skipped, error) {
	rows, err := readAllCSV(r)
	if err != nil {
		return nil, nil, err
	}
	tagRow := -1
	for i := 0; i < len(rows) && i < 2 && tagRow < 0; i++ {
		for _, c := range rows[i] {
			if hxlTag(c) != "" {
				tagRow = i
				break
			}
		}
	}
	p := newProblems("HXL")
	if tagRow < 0 {
		return nil, nil, vigil.Errorf(vigil.EINVALID, "invalid HXL: no hashtag row (#event+name, #affected+ind, …) in the first two rows")
	}
	col := map[string]int{}
	for i, c := range rows[tagRow] {
		t := hxlTag(c)
		if t == "" {
			continue
		}
		if _, dup := col[t]; dup {
			p.add(fmt.Sprintf("row %d, column %d", tagRow+1, i+1), "hashtag %s is repeated", t)
		}
		col[t] = i
	}
	for _, need := range []string{"#event+type", "#affected+ind"} {
		if _, ok := col[need]; !ok {
			p.add(fmt.Sprintf("row %d", tagRow+1), "the hashtag %s is required", need)
		}
	}
	_, en := col[hxlTag("#event+name+i_en")]
	_, ko := col[hxlTag("#event+name+i_ko")]
	_, plain := col["#event+name"]
	if !en && !ko && !plain {
		p.add(fmt.Sprintf("row %d", tagRow+1), "a title is required: #event+name, #event+name+i_en or #event+name+i_ko")
	}
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	rd := newRowReader("HXL", opts, col, rows[tagRow])
	for i := tagRow + 1; i < len(rows) && !rd.p.full(); i++ {
		rd.hxlRow(i+1, rows[i])
	}
	return rd.finish()
}

// readAllCSV reads a whole CSV file, after a byte order mark.
func readAllCSV(r io.Reader) ([][]string, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, vigil.Errorf(vigil.EINVALID, "invalid CSV: row %d: %v", pe.StartLine, pe.Err)
	} else if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, vigil.Errorf(vigil.EINVALID, "invalid CSV: the file is empty")
	}
	return rows, nil
}

// rowReader turns rows of an incident-centric file into incidents.
type rowReader struct {
	what    string
	p       *problems
	opts    ImportOptions
	col     map[string]int
	names   []string
	gaz     *gazetteer
	country map[string]int64
	d       *vigil.Dataset
	rows    []int
	// lenient leaves a place cell that names no gazetteer place
	// unresolved instead of refusing it.
	lenient bool
	skipped []Skipped
}

func newRowReader(what string, opts ImportOptions, col map[string]int, names []string) *rowReader {
	rd := &rowReader{what: what, p: newProblems(what), opts: opts, col: col, names: names, gaz: newGazetteer(opts.Places),
		country: map[string]int64{}, d: &vigil.Dataset{KnownPlaces: map[int64]int64{}}}
	for _, pl := range opts.Places {
		if pl.Kind == vigil.PlaceCountry && pl.CountryCode != "" {
			rd.country[pl.CountryCode] = pl.ID
		}
	}
	return rd
}

// cell is the trimmed cell of column key on a row, "" when absent.
func (rd *rowReader) cell(rec []string, key string) string {
	i, ok := rd.col[key]
	if !ok || i >= len(rec) {
		return ""
	}
	return unescapeCell(strings.TrimSpace(rec[i]))
}

// where names a cell for messages: "row 4, column #affected+ind".
func (rd *rowReader) where(row int, key string) string {
	name := key
	if i, ok := rd.col[key]; ok && i < len(rd.names) && strings.TrimSpace(rd.names[i]) != "" {
		name = strings.TrimSpace(rd.names[i])
	}
	return fmt.Sprintf("row %d, column %s", row, name)
}

// number reads an optional count of people.
func (rd *rowReader) number(rec []string, row int, key string) (*int, bool) {
	s := strings.ReplaceAll(rd.cell(rec, key), ",", "")
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		rd.p.add(rd.where(row, key), "%q is not a number of people", s)
		return nil, false
	}
	return &n, true
}

// place resolves the first non-empty place cell among keys in the
// gazetteer; a country code cell resolves to the country.
func (rd *rowReader) place(rec []string, row int, countryKey string, keys ...string) *int64 {
	for _, k := range keys {
		if v := rd.cell(rec, k); v != "" {
			id, problem := rd.gaz.resolve(v)
			if problem != "" && rd.lenient {
				continue
			}
			if problem != "" {
				rd.p.add(rd.where(row, k), "%s", problem)
				return nil
			}
			rd.d.KnownPlaces[id] = id
			return &id
		}
	}
	if cc := strings.ToUpper(rd.cell(rec, countryKey)); cc != "" {
		if id, ok := rd.country[cc]; ok {
			rd.d.KnownPlaces[id] = id
			return &id
		}
	}
	return nil
}

// figure checks low ≤ best ≤ high and returns the editor's figure. A
// row that breaks it is a problem, or with SkipInvalid is skipped: skip
// is then true.
func (rd *rowReader) figure(row int, low, best, high *int, bestKey, lowKey, highKey, note string) (o *vigil.FigureOverride, skip bool) {
	if best == nil {
		rd.p.add(rd.where(row, bestKey), "the best estimate of the number of people is required")
		return nil, false
	}
	var where, reason string
	switch {
	case low != nil && *low > *best:
		where, reason = rd.where(row, lowKey), fmt.Sprintf("low %d is above best %d: low ≤ best ≤ high must hold", *low, *best)
	case high != nil && *high < *best:
		where, reason = rd.where(row, highKey), fmt.Sprintf("high %d is below best %d: low ≤ best ≤ high must hold", *high, *best)
	}
	if reason != "" {
		if rd.opts.SkipInvalid {
			rd.skipped = append(rd.skipped, Skipped{Row: row, Reason: where + ": " + reason})
			return nil, true
		}
		rd.p.add(where, "%s", reason)
		return nil, false
	}
	return &vigil.FigureOverride{Low: low, Best: *best, High: high, Rationale: note}, false
}

func (rd *rowReader) hxlRow(row int, rec []string) {
	if blank(rec) {
		return
	}
	inc := &vigil.Incident{Meta: vigil.Meta{ID: int64(len(rd.d.Incidents) + 1), Sensitivity: vigil.Restricted}}
	inc.Title = vigil.Names{En: rd.cell(rec, hxlTag("#event+name+i_en")), Ko: rd.cell(rec, hxlTag("#event+name+i_ko"))}
	if inc.Title.IsZero() {
		inc.Title.En = rd.cell(rec, "#event+name")
	}
	inc.Event = vigil.EventType(strings.ToLower(rd.cell(rec, "#event+type")))
	if s := rd.cell(rec, hxlTag("#meta+sensitivity")); s != "" {
		inc.Sensitivity = vigil.Sensitivity(strings.ToLower(s))
	}
	inc.Date = rd.cell(rec, hxlTag("#date+edtf"))
	if inc.Date == "" {
		inc.Date = edtfDate(rd.cell(rec, hxlTag("#date+start")), rd.cell(rec, hxlTag("#date+end")))
	}
	if inc.Date != "" {
		inc.DateBasis = vigil.BasisEditor
	}
	inc.PlaceID = rd.place(rec, row, hxlTag("#country+code+v_iso2"), hxlTag("#loc+name"), hxlTag("#adm1+name"))
	low, ok1 := rd.number(rec, row, hxlTag("#affected+ind+min"))
	best, ok2 := rd.number(rec, row, "#affected+ind")
	high, ok3 := rd.number(rec, row, hxlTag("#affected+ind+max"))
	note := "Imported from an HXL file."
	if src := rd.cell(rec, hxlTag("#meta+source")); src != "" {
		note += " Sources: " + src
	}
	if ok1 && ok2 && ok3 {
		o, skip := rd.figure(row, low, best, high, "#affected+ind", hxlTag("#affected+ind+min"), hxlTag("#affected+ind+max"), note)
		if skip {
			return
		}
		inc.Override = o
	}
	rd.add(row, inc)
}

func (rd *rowReader) add(row int, inc *vigil.Incident) {
	rd.d.Incidents = append(rd.d.Incidents, inc)
	rd.rows = append(rd.rows, row)
}

// finish returns the dataset, with Locate naming rows, and the skipped
// rows; or the problems.
func (rd *rowReader) finish() (*vigil.Dataset, []Skipped, error) {
	if err := rd.p.err(); err != nil {
		return nil, nil, err
	}
	if len(rd.d.Incidents) == 0 && len(rd.skipped) == 0 {
		return nil, nil, vigil.Errorf(vigil.EINVALID, "invalid %s: there are no rows to import", rd.what)
	}
	rows := rd.rows
	rd.d.Locate = func(section string, index int, field string) string {
		if section != vigil.SectionIncidents || index >= len(rows) {
			return vigil.JSONPath(section, index, field)
		}
		if field == "" {
			return fmt.Sprintf("row %d", rows[index])
		}
		return fmt.Sprintf("row %d, field %s", rows[index], field)
	}
	return rd.d, rd.skipped, nil
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
