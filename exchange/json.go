package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"vigil"
)

// Format and Version name the native JSON format.
const (
	Format  = "vigil"
	Version = 1
)

// Header is what a native JSON document says about itself besides its
// records.
type Header struct {
	// ExportedAt is when the export was read from the database (UTC).
	ExportedAt time.Time
	// Clearance is the clearance the export was made at: a public export
	// holds public records only, protected persons under pseudonyms.
	Clearance vigil.Sensitivity
}

// JSONWriter writes the native JSON document, one record per line,
// streaming: it holds one record at a time. It implements
// vigil.RecordWriter; call Close to finish the document.
type JSONWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	cur int // index in vigil.Sections of the open section; -1 before the first
	n   int // records written in the open section
	err error
}

// NewJSONWriter starts a document with its header.
func NewJSONWriter(w io.Writer, h Header) *JSONWriter {
	j := &JSONWriter{w: bufio.NewWriterSize(w, 1<<16), cur: -1}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	head := struct {
		Format     string            `json:"format"`
		Version    int               `json:"version"`
		ExportedAt string            `json:"exported_at"`
		Clearance  vigil.Sensitivity `json:"clearance"`
	}{Format, Version, h.ExportedAt.UTC().Format(time.RFC3339), h.Clearance}
	if j.err = j.enc.Encode(head); j.err == nil {
		b := bytes.TrimRight(j.buf.Bytes(), "}\n")
		_, j.err = j.w.Write(b)
	}
	return j
}

// WriteRecord writes rec into its section. Sections must come in
// vigil.Sections order.
func (j *JSONWriter) WriteRecord(section string, rec any) error {
	if j.err != nil {
		return j.err
	}
	k := slices.Index(vigil.Sections, section)
	if k < 0 || k < j.cur {
		return fmt.Errorf("exchange: section %q out of order", section)
	}
	for j.cur < k {
		j.next()
	}
	j.buf.Reset()
	if j.err = j.enc.Encode(rec); j.err != nil {
		return j.err
	}
	if j.n > 0 {
		j.write(",")
	}
	j.write("\n")
	_, j.err = j.w.Write(bytes.TrimRight(j.buf.Bytes(), "\n"))
	j.n++
	return j.err
}

// next closes the open section and opens the following one.
func (j *JSONWriter) next() {
	if j.cur >= 0 {
		if j.n > 0 {
			j.write("\n")
		}
		j.write("]")
	}
	j.cur++
	j.n = 0
	j.write(",\n\"" + vigil.Sections[j.cur] + "\":[")
}

func (j *JSONWriter) write(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// Close writes the remaining (empty) sections and the end of the
// document, and flushes.
func (j *JSONWriter) Close() error {
	for j.cur < len(vigil.Sections)-1 {
		j.next()
	}
	if j.n > 0 {
		j.write("\n")
	}
	j.write("]\n}\n")
	if j.err == nil {
		j.err = j.w.Flush()
	}
	return j.err
}

// ReadJSON reads a native JSON document. Every record is decoded on its
// own, so one bad field does not hide the next: problems (up to 100) come
// back as one EINVALID error naming each by its JSON path,
// "claims[12].credibility: want int, got string". Unknown keys are
// refused, so a misspelt field is not silently dropped. Semantic checks
// (figures, dates, references) are the import's: the store reports them
// with the same paths.
func ReadJSON(r io.Reader) (*vigil.Dataset, error) {
	lr := &lineReader{r: r}
	dec := json.NewDecoder(lr)
	dec.DisallowUnknownFields()
	p := newProblems("JSON")
	d := &vigil.Dataset{}
	fatal := func(err error) (*vigil.Dataset, error) {
		var re *recordError
		if errors.As(err, &re) {
			p.add(re.path, "%s (near %s)", jsonReason(re.err), lr.where(dec.InputOffset()+1))
		} else {
			p.add(lr.where(dec.InputOffset()), "%s", jsonReason(err))
		}
		return nil, p.err()
	}
	if err := expectDelim(dec, '{'); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, vigil.Errorf(vigil.EINVALID, "invalid JSON: the file is empty; expected a vigil export {\"format\":\"vigil\",\"version\":1,…}")
		}
		return fatal(err)
	}
	seen := map[string]bool{}
	for dec.More() && !p.full() {
		tok, err := dec.Token()
		if err != nil {
			return fatal(err)
		}
		key, _ := tok.(string)
		if seen[key] {
			p.add(key, "appears twice")
		}
		seen[key] = true
		switch {
		case key == "format":
			var f string
			if err := dec.Decode(&f); err != nil || f != Format {
				p.add("format", "must be %q: this is not a vigil export", Format)
			}
		case key == "version":
			var v int
			if err := dec.Decode(&v); err != nil || v != Version {
				p.add("version", "must be %d, the only version this vigil reads", Version)
			}
		case key == "exported_at":
			var at time.Time
			if err := dec.Decode(&at); err != nil {
				p.add("exported_at", "must be a time such as 2024-05-20T09:30:00Z")
			}
		case key == "clearance":
			var c vigil.Sensitivity
			if err := dec.Decode(&c); err != nil || !c.Valid() {
				p.add("clearance", "must be public, coalition or restricted")
			}
		case slices.Contains(vigil.Sections, key):
			if err := readSection(dec, key, d, p); err != nil {
				return fatal(err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fatal(err)
			}
			p.add(key, "unknown key; a vigil export has format, version, exported_at, clearance and the sections %v", vigil.Sections)
		}
	}
	if p.full() {
		return nil, p.err()
	}
	if err := expectDelim(dec, '}'); err != nil {
		return fatal(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		p.add(lr.where(dec.InputOffset()), "unexpected data after the end of the document")
	}
	for _, k := range []string{"format", "version"} {
		if !seen[k] {
			p.add(k, "is missing: this is not a vigil export")
		}
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return d, nil
}

// readSection decodes the records of one section, each on its own.
// Decoding errors inside a record are problems; a syntax error is
// returned, as nothing after it can be trusted.
func readSection(dec *json.Decoder, section string, d *vigil.Dataset, p *problems) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for i := 0; dec.More(); i++ {
		rec := newRecord(section)
		err := dec.Decode(rec)
		var (
			se *json.SyntaxError
			te *json.UnmarshalTypeError
		)
		switch {
		case err == nil:
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return &recordError{vigil.JSONPath(section, i, ""), err}
		case errors.As(err, &te):
			p.add(vigil.JSONPath(section, i, te.Field), "want %s, got %s", jsonType(te.Type.String()), te.Value)
		default:
			p.add(vigil.JSONPath(section, i, ""), "%s", jsonReason(err))
		}
		d.Add(rec)
		if p.full() {
			return nil
		}
	}
	return expectDelim(dec, ']')
}

// newRecord returns a new, empty record of a section.
func newRecord(section string) any {
	switch section {
	case vigil.SectionPlaces:
		return &vigil.Place{}
	case vigil.SectionActors:
		return &vigil.Actor{}
	case vigil.SectionPosts:
		return &vigil.Post{}
	case vigil.SectionMemberships:
		return &vigil.Membership{}
	case vigil.SectionInstruments:
		return &vigil.Instrument{}
	case vigil.SectionProvisions:
		return &vigil.LegalProvision{}
	case vigil.SectionStateParties:
		return &vigil.StateParty{}
	case vigil.SectionSources:
		return &vigil.Source{}
	case vigil.SectionIncidents:
		return &vigil.Incident{}
	case vigil.SectionLinks:
		return &vigil.IncidentLink{}
	case vigil.SectionClaims:
		return &vigil.Claim{}
	}
	return &vigil.Violation{}
}

// expectDelim reads the next token and requires it to be delim.
func expectDelim(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != delim {
		return fmt.Errorf("expected %q, found %v", string(delim), tok)
	}
	return nil
}

// jsonType names a Go type the way a JSON writer thinks of it.
func jsonType(goType string) string {
	switch goType {
	case "int", "int64", "*int", "*int64", "float64", "*float64":
		return "a number"
	case "string", "vigil.Sensitivity", "vigil.EventType", "figure.Qualifier":
		return "a string"
	case "bool":
		return "true or false"
	}
	return goType
}

// jsonReason turns a decoding error into a reason without Go's prefixes.
func jsonReason(err error) string {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "the file ends in the middle of the document"
	}
	s := err.Error()
	for _, prefix := range []string{"json: ", "parsing time "} {
		if len(s) > len(prefix) && s[:len(prefix)] == prefix {
			s = s[len(prefix):]
		}
	}
	return s
}

// recordError is a syntax error inside a record, with the record's path:
// the decoder's own offsets of such errors are not reliable.
type recordError struct {
	path string
	err  error
}

func (e *recordError) Error() string { return e.path + ": " + e.err.Error() }
func (e *recordError) Unwrap() error { return e.err }

// lineReader passes bytes through and remembers where lines start, so
// that a byte offset can be named as a line and column.
type lineReader struct {
	r     io.Reader
	off   int64
	lines []int64 // offsets of the bytes after each '\n'
}

func (l *lineReader) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	for i := 0; i < n; {
		k := bytes.IndexByte(b[i:n], '\n')
		if k < 0 {
			break
		}
		l.lines = append(l.lines, l.off+int64(i+k+1))
		i += k + 1
	}
	l.off += int64(n)
	return n, err
}

// where names the byte offset off as a line and column.
func (l *lineReader) where(off int64) string {
	line, _ := slices.BinarySearch(l.lines, off+1)
	start := int64(0)
	if line > 0 {
		start = l.lines[line-1]
	}
	return fmt.Sprintf("line %d, column %d", line+1, off-start+1)
}
