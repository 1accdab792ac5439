package store

import (
	"context"
	"errors"
	"fmt"

	"vigil"
)

var _ vigil.ExchangeService = (*Store)(nil)

// maxProblems is how many problems an import lists before it gives up
// listing (it still counts them).
const maxProblems = 100

// Import checks every record of d and, when all of them are valid,
// creates them in one transaction, or creates nothing.
//
// The records' ids are keys local to d, and references name those keys
// (or d.KnownPlaces). Import first checks each record without the
// database: its Validate method, the writer's clearance, its references,
// and the uniqueness rules the schema would enforce. Then, in the
// writing transaction, it checks what needs the database (known places,
// instrument codes, GeoNames ids), reserves a block of ids per table,
// derives every imported incident's figure, date, conflict,
// corroboration, parent, ancestors and cohort in memory, writes the rows
// with multi-row INSERTs, and appends ONE audit entry for the whole
// import (entity "imports", action "import") that records the input's
// SHA-256, the counts and the id ranges created. docs/formats.md says
// why one entry and not one per record.
//
// Problems come back as one EINVALID error listing up to 100 of them,
// each named by d.Where ("claims[12].figure", "row 14, column figure").
// Import needs a writing role (EFORBIDDEN); setting an override or a
// conflict resolution needs an editing role and writing a protected
// person restricted clearance, as with single writes. With
// opts.DryRun the same checks run in a read transaction and nothing is
// written.
func (s *Store) Import(ctx context.Context, d *vigil.Dataset, opts vigil.ImportOptions) (*vigil.ImportResult, error) {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "import records"); err != nil {
		return nil, err
	}
	im := &importer{s: s, d: d, v: v, opts: opts, total: d.Len(), count: d.Counts()}
	im.prob = &importProblems{d: d, fields: map[string]string{}}
	im.check()
	if err := im.prob.err(); err != nil {
		return nil, err
	}
	if opts.DryRun {
		err := s.read(ctx, func(t *txn) error { return im.checkDB(ctx, t) })
		if err != nil {
			return nil, err
		}
		return im.result(), nil
	}
	err := s.write(ctx, func(t *txn) error {
		if err := im.checkDB(ctx, t); err != nil {
			return err
		}
		return im.write(ctx, t)
	})
	if err != nil {
		return nil, err
	}
	return im.result(), nil
}

// importer holds one import: the dataset, the key of every record, and
// the first database id of each section once reserved (the record at
// index i of a section gets base + i).
type importer struct {
	s     *Store
	d     *vigil.Dataset
	v     vigil.Viewer
	opts  vigil.ImportOptions
	prob  *importProblems
	keys  map[string]map[int64]int
	base  map[string]int64
	total int
	done  int
	stage string
	seq   int64
	txn   *txn
	count map[string]int
}

// importProblems collects problems named by where they are in the input.
type importProblems struct {
	d      *vigil.Dataset
	fields map[string]string
	n      int
}

// add records a problem with a field of a record.
func (p *importProblems) add(section string, index int, field, format string, args ...any) {
	p.addAt(p.d.Where(section, index, field), fmt.Sprintf(format, args...))
}

func (p *importProblems) addAt(where, reason string) {
	if _, dup := p.fields[where]; dup {
		return
	}
	p.n++
	if len(p.fields) < maxProblems {
		p.fields[where] = reason
	}
}

// addErr records the problems of a Validate error, each under its field.
func (p *importProblems) addErr(section string, index int, err error) {
	var ve *vigil.Error
	if !errors.As(err, &ve) || len(ve.Fields) == 0 {
		p.add(section, index, "", "%v", err)
		return
	}
	for f, reason := range ve.Fields {
		p.add(section, index, f, "%s", reason)
	}
}

// full reports whether enough problems were found to stop looking.
func (p *importProblems) full() bool { return p.n >= maxProblems }

func (p *importProblems) err() error {
	if p.n == 0 {
		return nil
	}
	msg := fmt.Sprintf("invalid import: %d problems; nothing was written", p.n)
	switch {
	case p.n == 1:
		msg = "invalid import: 1 problem; nothing was written"
	case p.n > len(p.fields):
		msg = fmt.Sprintf("invalid import: %d problems (the first %d are listed); nothing was written", p.n, len(p.fields))
	}
	return &vigil.Error{Code: vigil.EINVALID, Message: msg, Fields: p.fields}
}

// progress counts one record of the current stage and reports every few
// thousand.
func (im *importer) progress() {
	im.done++
	if im.opts.Progress != nil && (im.done%4096 == 0 || im.done == im.total) {
		im.opts.Progress(vigil.ImportProgress{Stage: im.stage, Done: im.done, Total: im.total})
	}
}

func (im *importer) startStage(stage string) {
	im.stage, im.done = stage, 0
	if im.opts.Progress != nil {
		im.opts.Progress(vigil.ImportProgress{Stage: stage, Total: im.total})
	}
}

// result reports the import.
func (im *importer) result() *vigil.ImportResult {
	r := &vigil.ImportResult{DryRun: im.opts.DryRun, Format: im.opts.Format, InputSHA256: im.opts.InputSHA256,
		InputBytes: im.opts.InputBytes, Records: im.total, Sections: map[string]vigil.ImportCount{}, AuditSeq: im.seq}
	for sec, n := range im.d.Counts() {
		c := vigil.ImportCount{Count: n}
		if base, ok := im.base[sec]; ok && n > 0 {
			c.FirstID, c.LastID = base, base+int64(n)-1
		}
		r.Sections[sec] = c
	}
	return r
}

// checkDB checks what needs the database: that known places exist and
// are visible to the writer, and that no instrument code or GeoNames id
// is taken.
func (im *importer) checkDB(ctx context.Context, t *txn) error {
	var known []int64
	for _, id := range im.d.KnownPlaces {
		known = append(known, id)
	}
	found, err := existing(ctx, t, "SELECT id, sensitivity_rank FROM places WHERE ", "id", known)
	if err != nil {
		return err
	}
	for key, id := range im.d.KnownPlaces {
		if rank, ok := found[fmt.Sprint(id)]; !ok || rank > t.clearance() {
			im.prob.addAt(fmt.Sprintf("known place %d", key), fmt.Sprintf("place %d does not exist in the database", id))
		}
	}
	var codes []string
	for _, in := range im.d.Instruments {
		codes = append(codes, in.Code)
	}
	taken, err := existing(ctx, t, "SELECT code, 0 FROM instruments WHERE ", "code", codes)
	if err != nil {
		return err
	}
	for i, in := range im.d.Instruments {
		if _, ok := taken[in.Code]; ok {
			im.prob.add(vigil.SectionInstruments, i, "code", "an instrument with code %q already exists in the database", in.Code)
		}
	}
	var geo []int64
	for _, p := range im.d.Places {
		if p.GeoNamesID != nil {
			geo = append(geo, *p.GeoNamesID)
		}
	}
	gtaken, err := existing(ctx, t, "SELECT geonames_id, 0 FROM places WHERE ", "geonames_id", geo)
	if err != nil {
		return err
	}
	for i, p := range im.d.Places {
		if p.GeoNamesID != nil {
			if _, ok := gtaken[fmt.Sprint(*p.GeoNamesID)]; ok {
				im.prob.add(vigil.SectionPlaces, i, "geonames_id", "a place with GeoNames id %d already exists in the database", *p.GeoNamesID)
			}
		}
	}
	return im.prob.err()
}

// existing runs query (which selects a key and a rank) for the values in
// chunks of "col IN (…)" and returns the rank of every key found, keyed
// by its text.
func existing[T any](ctx context.Context, t *txn, query, col string, vals []T) (map[string]int, error) {
	out := map[string]int{}
	for len(vals) > 0 {
		n := min(len(vals), 500)
		var w where
		args := make([]any, n)
		for i, v := range vals[:n] {
			args[i] = v
		}
		w.add(col+" IN ("+placeholders(n)+")", args...)
		rows, err := t.query(ctx, query+w.sql(), w.args...)
		if err != nil {
			return nil, fmt.Errorf("store: import: look up %s: %w", col, err)
		}
		for rows.Next() {
			var (
				key  any
				rank int
			)
			if err := rows.Scan(&key, &rank); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: import: look up %s: %w", col, err)
			}
			if b, ok := key.([]byte); ok {
				key = string(b)
			}
			out[fmt.Sprint(key)] = rank
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: import: look up %s: %w", col, err)
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("store: import: look up %s: %w", col, err)
		}
		vals = vals[n:]
	}
	return out, nil
}

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	b := make([]byte, 0, 3*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}
