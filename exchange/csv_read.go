package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"vigil"
	"vigil/figure"
)

// CSVOptions configure ReadCSV.
type CSVOptions struct {
	// Places is the gazetteer that the place columns are looked up in,
	// with database ids: a cell names a place by any of its names or
	// variants (case and spacing do not matter), or by its id.
	Places []*vigil.Place
	// MaxCell is the largest cell, in bytes; 0 means 64 KiB. A larger
	// cell is refused (it is usually an unclosed quote).
	MaxCell int
}

// DefaultMaxCell is the default largest CSV cell, in bytes.
const DefaultMaxCell = 64 << 10

// utf8BOM is the byte order mark Excel writes at the start of "CSV
// UTF-8" files.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ReadCSV reads the native CSV format: one row per claim, with the
// incident and source it belongs to written out on the row. Columns are
// matched by name in any order; an unknown column, a missing required
// column or a repeated one is refused. A leading UTF-8 byte order mark
// and CRLF line ends are accepted. Rows that leave every cell empty are
// skipped.
//
// Incidents are keyed by column incident and sources by column source,
// or else by URL, or else by publisher, titles and publication date.
// The first row that mentions an incident or source introduces it;
// later rows may leave its cells empty, but a different non-empty value
// is an error. Place cells are looked up in opts.Places; a name that is
// not there, or names several places, is an error.
//
// Problems (up to 100) come back as one EINVALID error naming the row
// and column of each: "row 14, column credibility: \"high\" is not a
// grade …". The returned dataset's Locate names rows and columns the
// same way, so the store's checks (figures, dates) read alike: "row 14,
// column figure: \"about two hundred and\" is not a number of people".
// Rows count as a spreadsheet shows them: the header is row 1, and a
// quoted cell with line breaks is still one row.
func ReadCSV(r io.Reader, opts CSVOptions) (*vigil.Dataset, error) {
	if opts.MaxCell <= 0 {
		opts.MaxCell = DefaultMaxCell
	}
	br := bufio.NewReaderSize(r, 1<<16)
	if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	p := newProblems("CSV")
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, vigil.Errorf(vigil.EINVALID, "invalid CSV: the file is empty; its first row must name the columns (%s, …)",
			strings.Join(Columns[:4], ", "))
	}
	if err != nil {
		p.add("row 1", "%s", csvReason(err))
		return nil, p.err()
	}
	rd := &csvReader{p: p, opts: opts, incidents: map[string]*entity{}, sources: map[string]*entity{},
		gaz: newGazetteer(opts.Places), known: map[int64]int64{}}
	rd.readHeader(header)
	if err := p.err(); err != nil {
		return nil, err
	}
	for row := 2; !p.full(); row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A quoting error leaves the reader out of step with the
			// rows: stop here.
			p.add(at(row, -1), "%s", csvReason(err))
			break
		}
		rd.row(row, rec)
	}
	if p.n == 0 && rd.rows == 0 {
		p.add("row 2", "there are no rows after the header: nothing to import")
	}
	if p.full() {
		return nil, p.err()
	}
	d := rd.dataset() // reports the incidents' places and links too
	if err := p.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// csvReader holds the state of one ReadCSV.
type csvReader struct {
	p         *problems
	opts      CSVOptions
	pos       [numCols]int // index of each column in a record, -1 when absent
	unnamed   []int        // positions of columns without a name
	ncols     int
	rows      int // rows with something in them
	incidents map[string]*entity
	incList   []*entity
	incEvent  []string // the first claim event seen for each incident
	sources   map[string]*entity
	srcList   []*entity
	claims    []*vigil.Claim
	claimRows []int
	gaz       *gazetteer
	known     map[int64]int64
}

// readHeader maps the column names to positions.
func (rd *csvReader) readHeader(header []string) {
	rd.ncols = len(header)
	for i := range rd.pos {
		rd.pos[i] = -1
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if name == "" {
			rd.unnamed = append(rd.unnamed, i)
			continue
		}
		col := -1
		for c, n := range Columns {
			if n == name {
				col = c
			}
		}
		switch {
		case col < 0:
			rd.p.add("row 1, column "+name, "unknown column; the columns are %s", strings.Join(Columns[:], ", "))
		case rd.pos[col] >= 0:
			rd.p.add("row 1, column "+name, "appears twice (columns %d and %d)", rd.pos[col]+1, i+1)
		default:
			rd.pos[col] = i
		}
	}
	for _, c := range requiredColumns {
		if rd.pos[c] < 0 {
			rd.p.add("row 1, column "+Columns[c], "is missing: every file needs the columns %s and %s", Columns[colSourcePublisher], Columns[colFigure])
		}
	}
	if rd.pos[colIncident] < 0 {
		for c := firstIncidentCol + 1; c <= lastIncidentCol; c++ {
			if rd.pos[c] >= 0 {
				rd.p.add("row 1, column "+Columns[c], "needs the column incident, whose key says which incident a row describes")
				break
			}
		}
	}
}

// row reads one data row.
func (rd *csvReader) row(row int, rec []string) {
	if len(rec) != rd.ncols {
		rd.p.add(at(row, -1), "has %d cells, but the header has %d", len(rec), rd.ncols)
		return
	}
	var c [numCols]string
	blank := true
	for col, i := range rd.pos {
		if i < 0 {
			continue
		}
		v := rec[i]
		if len(v) > rd.opts.MaxCell {
			rd.p.add(at(row, col), "is %d bytes long; the limit is %d (is a quote left open?)", len(v), rd.opts.MaxCell)
			return
		}
		if !utf8.ValidString(v) {
			rd.p.add(at(row, col), "is not UTF-8 text: save the file as \"CSV UTF-8\"")
			return
		}
		c[col] = unescapeCell(strings.TrimSpace(v))
		blank = blank && c[col] == ""
	}
	for _, i := range rd.unnamed {
		if strings.TrimSpace(rec[i]) != "" {
			rd.p.add(fmt.Sprintf("row %d, column %d", row, i+1), "has a value, but its column has no name in row 1")
			return
		}
	}
	if blank {
		return
	}
	rd.rows++
	var inc *entity
	if key := c[colIncident]; key != "" {
		inc = rd.entity(rd.incidents, &rd.incList, "incident", key, row, c[:], firstIncidentCol, lastIncidentCol)
		if inc.index == len(rd.incEvent) {
			rd.incEvent = append(rd.incEvent, "")
		}
	} else if col := firstFilled(c[:], firstIncidentCol+1, lastIncidentCol); col >= 0 {
		rd.p.add(at(row, col), "describes an incident, but column incident gives no key for it")
	}
	if firstFilled(c[:], firstSourceCol, lastClaimCol) < 0 {
		return // the row only describes an incident
	}
	src := rd.source(row, c[:])
	if src == nil {
		return
	}
	cl := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Sensitivity(strings.ToLower(c[colSensitivity]))},
		SourceID: int64(src.index + 1), Quote: c[colQuote], Figure: figure.Figure{Text: c[colFigure]},
		Event: vigil.EventType(strings.ToLower(c[colEvent])), Date: c[colDate], PlaceText: c[colPlaceText], Notes: c[colNotes]}
	if inc != nil {
		id := int64(inc.index + 1)
		cl.IncidentID = &id
		if rd.incEvent[inc.index] == "" {
			rd.incEvent[inc.index] = string(cl.Event)
		}
	}
	if s := c[colCredibility]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			rd.p.add(at(row, colCredibility), "%q is not a grade from 1 (confirmed) to 6 (cannot be judged)", s)
		}
		cl.Credibility = n
	}
	if s := c[colPlace]; s != "" {
		cl.PlaceID = rd.place(s, row, colPlace)
	}
	rd.claims = append(rd.claims, cl)
	rd.claimRows = append(rd.claimRows, row)
}

// firstFilled returns the first column from..to with a value, or -1.
func firstFilled(c []string, from, to int) int {
	for col := from; col <= to; col++ {
		if c[col] != "" {
			return col
		}
	}
	return -1
}

// source finds or introduces the source of a claim row: by its key
// column, else its URL, else its publisher, titles and publication date.
func (rd *csvReader) source(row int, c []string) *entity {
	var key string
	switch {
	case c[colSource] != "":
		key = "key\x00" + c[colSource]
	case c[colSourceURL] != "":
		key = "url\x00" + c[colSourceURL]
	case c[colSourcePublisher] != "":
		key = strings.Join([]string{"pub", c[colSourcePublisher], c[colSourceTitleKo], c[colSourceTitleEn], c[colSourcePublished]}, "\x00")
	default:
		rd.p.add(at(row, colSourcePublisher), "is required: every claim cites a source")
		return nil
	}
	return rd.entity(rd.sources, &rd.srcList, "source", key, row, c, firstSourceCol, lastSourceCol)
}

// entity finds the incident or source under key, introducing it on its
// first row, and merges this row's cells into it: an empty cell keeps
// the value given before; a different non-empty one is a problem.
func (rd *csvReader) entity(m map[string]*entity, list *[]*entity, noun, key string, row int, c []string, first, last int) *entity {
	e := m[key]
	if e == nil {
		e = &entity{key: key, index: len(*list), row: row, vals: make([]cell, last-first+1)}
		m[key] = e
		*list = append(*list, e)
	}
	for col := first; col <= last; col++ {
		v := c[col]
		if v == "" {
			continue
		}
		have := &e.vals[col-first]
		switch {
		case have.v == "":
			*have = cell{v, row}
		case have.v != v:
			rd.p.add(at(row, col), "%s %s is given as %q here, but as %q in row %d", noun, e.name(), v, have.v, have.row)
		}
	}
	return e
}

// name shows an entity's key for messages.
func (e *entity) name() string {
	switch parts := strings.Split(e.key, "\x00"); len(parts) {
	case 1:
		return strconv.Quote(parts[0])
	case 2:
		return strconv.Quote(parts[1])
	}
	return fmt.Sprintf("from row %d", e.row)
}

// val returns the value of column col of an entity whose group starts at
// column first.
func (e *entity) val(col, first int) cell { return e.vals[col-first] }

// place looks up a place cell in the gazetteer; a problem names the cell.
func (rd *csvReader) place(text string, row, col int) *int64 {
	id, problem := rd.gaz.resolve(text)
	if problem != "" {
		rd.p.add(at(row, col), "%s", problem)
		return nil
	}
	rd.known[id] = id
	return &id
}

// dataset builds the records once every row is read: incidents, the
// links their columns name, sources, and the claims' fallbacks.
func (rd *csvReader) dataset() *vigil.Dataset {
	d := &vigil.Dataset{KnownPlaces: rd.known}
	loc := &csvLocator{claimRows: rd.claimRows, incidents: rd.incList, sources: rd.srcList}
	d.Locate = loc.locate
	for _, e := range rd.incList {
		v := func(col int) string { return e.val(col, firstIncidentCol).v }
		i := &vigil.Incident{Meta: vigil.Meta{ID: int64(e.index + 1), Sensitivity: vigil.Sensitivity(strings.ToLower(v(colIncidentSensitivity)))},
			Title: vigil.Names{Ko: v(colIncidentTitleKo), En: v(colIncidentTitleEn)},
			Event: vigil.EventType(strings.ToLower(v(colIncidentEvent))), Date: v(colIncidentDate), DateBasis: vigil.BasisClaims}
		if i.Event == "" {
			i.Event = vigil.EventType(rd.incEvent[e.index])
		}
		if i.Date != "" {
			i.DateBasis = vigil.BasisEditor
		}
		if pc := e.val(colIncidentPlace, firstIncidentCol); pc.v != "" {
			i.PlaceID = rd.place(pc.v, pc.row, colIncidentPlace)
		}
		d.Incidents = append(d.Incidents, i)
	}
	rd.links(d, loc)
	for _, e := range rd.srcList {
		v := func(col int) string { return e.val(col, firstSourceCol).v }
		d.Sources = append(d.Sources, &vigil.Source{
			Meta:      vigil.Meta{ID: int64(e.index + 1), Sensitivity: vigil.Sensitivity(strings.ToLower(v(colSourceSensitivity)))},
			Kind:      vigil.SourceKind(strings.ToLower(v(colSourceKind))),
			Publisher: v(colSourcePublisher), URL: v(colSourceURL), Language: v(colSourceLanguage),
			Title:     vigil.Names{Ko: v(colSourceTitleKo), En: v(colSourceTitleEn)},
			Published: v(colSourcePublished), Reliability: v(colSourceReliability), RelayedFrom: v(colSourceRelayedFrom),
		})
	}
	for _, c := range rd.claims {
		if c.Event == "" && c.IncidentID != nil {
			c.Event = d.Incidents[*c.IncidentID-1].Event
		}
	}
	d.Claims = rd.claims
	return d
}

// links turns the incident_part_of, incident_same_cohort and
// incident_follow_up_of cells into links. Lists are separated by
// semicolons. A link is as sensitive as the more sensitive of its two
// incidents; a same_cohort pair named from both ends is one link.
func (rd *csvReader) links(d *vigil.Dataset, loc *csvLocator) {
	type pair struct {
		a, b int
		kind vigil.LinkKind
	}
	seen := map[pair]bool{}
	kinds := []struct {
		col  int
		kind vigil.LinkKind
	}{{colIncidentPartOf, vigil.LinkPartOf}, {colIncidentSameCohort, vigil.LinkSameCohort}, {colIncidentFollowUpOf, vigil.LinkFollowUpOf}}
	for _, e := range rd.incList {
		for _, k := range kinds {
			c := e.val(k.col, firstIncidentCol)
			if c.v == "" {
				continue
			}
			keys := strings.Split(c.v, ";")
			if k.kind == vigil.LinkPartOf && len(keys) > 1 {
				rd.p.add(at(c.row, k.col), "names %d incidents; an incident is part of at most one", len(keys))
				continue
			}
			for _, key := range keys {
				key = strings.TrimSpace(key)
				to := rd.incidents[key]
				if to == nil {
					rd.p.add(at(c.row, k.col), "refers to incident %q, which is not in the file", key)
					continue
				}
				pr := pair{e.index, to.index, k.kind}
				if k.kind == vigil.LinkSameCohort && pr.a > pr.b {
					pr.a, pr.b = pr.b, pr.a
				}
				if seen[pr] {
					continue
				}
				seen[pr] = true
				from, dest := d.Incidents[e.index], d.Incidents[to.index]
				d.Links = append(d.Links, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: moreSensitive(from.Sensitivity, dest.Sensitivity)},
					FromID: from.ID, ToID: dest.ID, Kind: k.kind})
				loc.links = append(loc.links, cellAt{c.row, k.col})
			}
		}
	}
}

// moreSensitive returns the more sensitive of two levels; an empty or
// unknown level counts as restricted.
func moreSensitive(a, b vigil.Sensitivity) vigil.Sensitivity {
	ra, rb := a.Rank(), b.Rank()
	if ra < 0 || rb < 0 {
		return vigil.Restricted
	}
	return vigil.SensitivityOfRank(max(ra, rb))
}

// csvReason is the reason of a CSV syntax error, with the file line.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%v (line %d of the file)", pe.Err, pe.Line)
	}
	return err.Error()
}

// gazetteer finds places by name, variant or id.
type gazetteer struct {
	byName map[string][]int64
	byID   map[int64]bool
	cache  map[string]resolved
}

type resolved struct {
	id      int64
	problem string
}

func newGazetteer(places []*vigil.Place) *gazetteer {
	g := &gazetteer{byName: map[string][]int64{}, byID: map[int64]bool{}, cache: map[string]resolved{}}
	for _, p := range places {
		g.byID[p.ID] = true
		for _, n := range placeNames(p) {
			k := fold(n)
			if ids := g.byName[k]; len(ids) == 0 || ids[len(ids)-1] != p.ID {
				g.byName[k] = append(ids, p.ID)
			}
		}
	}
	return g
}

// placeNames lists every name and variant of a place.
func placeNames(p *vigil.Place) []string {
	var out []string
	for _, n := range append([]string{p.Names.Ko, p.Names.En, p.Names.Zh}, p.Variants...) {
		if strings.TrimSpace(n) != "" {
			out = append(out, n)
		}
	}
	return out
}

// fold is the form place names are compared in: lower case, single
// spaces.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// resolve finds the place a cell names.
func (g *gazetteer) resolve(text string) (int64, string) {
	if r, ok := g.cache[text]; ok {
		return r.id, r.problem
	}
	var r resolved
	if id, err := strconv.ParseInt(text, 10, 64); err == nil {
		if r.id = id; !g.byID[id] {
			r.problem = fmt.Sprintf("there is no place %d in the gazetteer", id)
		}
	} else {
		switch ids := g.byName[fold(text)]; len(ids) {
		case 0:
			r.problem = fmt.Sprintf("there is no place named %q in the gazetteer: add it first, or keep the words in place_text", text)
		case 1:
			r.id = ids[0]
		default:
			r.problem = fmt.Sprintf("%q names %d places in the gazetteer (ids %v): write the place id instead", text, len(ids), ids)
		}
	}
	g.cache[text] = r
	return r.id, r.problem
}
