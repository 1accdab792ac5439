package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"vigil"
)

// write reserves ids, maps keys to them, derives the incidents and
// writes every record, then appends the import's audit entry. It runs in
// the writing transaction t, after check and checkDB found nothing.
func (im *importer) write(ctx context.Context, t *txn) error {
	im.startStage(vigil.StageWrite)
	im.txn = t
	if t.s.dialect == SQLite {
		restore, err := tuneSQLite(ctx, t)
		if err != nil {
			return err
		}
		defer restore()
	}
	if err := im.reserve(ctx, t); err != nil {
		return err
	}
	im.remap(t)
	anc := im.deriveIncidents()
	d := im.d
	placeParents := make([]int, len(d.Places))
	for i, p := range d.Places {
		placeParents[i] = im.indexOf(vigil.SectionPlaces, p.ParentID)
	}
	actorParents := make([]int, len(d.Actors))
	for i, a := range d.Actors {
		actorParents[i] = im.indexOf(vigil.SectionActors, a.ParentID)
	}
	steps := []func() error{
		func() error { return bulkRecords(ctx, im, places, d.Places, topoOrder(placeParents), nil) },
		func() error { return bulkRecords(ctx, im, actors, d.Actors, topoOrder(actorParents), nil) },
		func() error { return bulkRecords(ctx, im, posts, d.Posts, nil, nil) },
		func() error { return bulkRecords(ctx, im, memberships, d.Memberships, nil, nil) },
		func() error { return bulkRecords(ctx, im, instruments, d.Instruments, nil, nil) },
		func() error { return bulkRecords(ctx, im, provisions, d.Provisions, nil, nil) },
		func() error { return bulkRecords(ctx, im, stateParties, d.StateParties, nil, nil) },
		func() error { return bulkRecords(ctx, im, sources, d.Sources, nil, nil) },
		func() error {
			return bulkRecords(ctx, im, incidents, d.Incidents, nil, &extraCol[vigil.Incident]{"ancestors", func(i int) any { return anc[i] }})
		},
		func() error { return im.writeIncidentPlaces(ctx, t) },
		func() error { return bulkRecords(ctx, im, links, d.Links, nil, nil) },
		func() error { return bulkRecords(ctx, im, claims, d.Claims, nil, nil) },
		func() error { return bulkRecords(ctx, im, violations, d.Violations, nil, nil) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	res := im.result()
	if err := queueIndex(ctx, t, res); err != nil {
		return err
	}
	entry := struct {
		Format      string                       `json:"format"`
		InputSHA256 string                       `json:"input_sha256"`
		InputBytes  int64                        `json:"input_bytes"`
		Records     int                          `json:"records"`
		Sections    map[string]vigil.ImportCount `json:"sections"`
	}{res.Format, res.InputSHA256, res.InputBytes, res.Records, res.Sections}
	if err := t.audit(ctx, vigil.ActionImport, "imports", 0, 1, entry); err != nil {
		return err
	}
	im.seq = t.head.seq
	return nil
}

// importCacheKiB is the page cache of the connection that runs an import.
const importCacheKiB = 64 << 10

// tuneSQLite gives the import's connection a 64 MiB page cache (the
// default is 2 MiB, and a large transaction that outgrows it writes its
// pages to the WAL again and again) and keeps statement journals in
// memory (a multi-row INSERT journals the pages it first touches, in a
// temporary file by default). It returns a function that puts both back,
// as the connection goes back to the pool afterwards.
func tuneSQLite(ctx context.Context, t *txn) (func(), error) {
	var cache, temp int
	if err := t.queryRow(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return nil, fmt.Errorf("store: import: read cache size: %w", err)
	}
	if err := t.queryRow(ctx, "PRAGMA temp_store").Scan(&temp); err != nil {
		return nil, fmt.Errorf("store: import: read temp store: %w", err)
	}
	for _, p := range []string{fmt.Sprintf("PRAGMA cache_size = -%d", importCacheKiB), "PRAGMA temp_store = MEMORY"} {
		if _, err := t.exec(ctx, p); err != nil {
			return nil, fmt.Errorf("store: import: %s: %w", p, err)
		}
	}
	return func() {
		_, _ = t.exec(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", cache))
		_, _ = t.exec(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA temp_store = %d", temp))
	}, nil
}

// reserve takes a block of ids for every non-empty section. Writers are
// serialized (SQLite's write lock, PostgreSQL's audit head lock), so the
// block cannot be taken by anyone else before the commit. SQLite's
// AUTOINCREMENT counter follows the explicit ids by itself; PostgreSQL's
// identity sequence is moved past the block.
func (im *importer) reserve(ctx context.Context, t *txn) error {
	im.base = map[string]int64{}
	for sec, n := range im.count {
		if n == 0 {
			continue
		}
		var next int64
		if t.s.dialect == Postgres {
			var seqNext, maxID int64
			if err := t.queryRow(ctx, "SELECT nextval(pg_get_serial_sequence(?, 'id')), (SELECT COALESCE(MAX(id), 0) FROM "+sec+")", sec).
				Scan(&seqNext, &maxID); err != nil {
				return fmt.Errorf("store: import: reserve ids of %s: %w", sec, err)
			}
			next = max(seqNext, maxID+1)
			if _, err := t.exec(ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", sec, next+int64(n)-1); err != nil {
				return fmt.Errorf("store: import: reserve ids of %s: %w", sec, err)
			}
		} else {
			var maxID int64
			if err := t.queryRow(ctx, `SELECT MAX(x) FROM (SELECT COALESCE(MAX(id), 0) AS x FROM `+sec+`
				UNION ALL SELECT seq FROM sqlite_sequence WHERE name = ?)`, sec).Scan(&maxID); err != nil {
				return fmt.Errorf("store: import: reserve ids of %s: %w", sec, err)
			}
			next = maxID + 1
		}
		im.base[sec] = next
	}
	return nil
}

// id returns the database id of key in section.
func (im *importer) id(section string, key int64) int64 {
	if section == vigil.SectionPlaces {
		if id, ok := im.d.KnownPlaces[key]; ok {
			return id
		}
	}
	return im.base[section] + int64(im.keys[section][key])
}

// indexOf returns the index in its section of the record with database
// id *p, or -1 for nil, a known place, or an id outside the section.
func (im *importer) indexOf(section string, p *int64) int {
	if p == nil {
		return -1
	}
	i := *p - im.base[section]
	if i < 0 || i >= int64(im.count[section]) {
		return -1
	}
	return int(i)
}

// mapRef replaces a reference to a key with the database id, with a new
// pointer: readers may share one pointer between records.
func (im *importer) mapRef(section string, p **int64) {
	if *p != nil {
		id := im.id(section, **p)
		*p = &id
	}
}

// remap gives every record its database id, version 1 and the
// transaction's time, and points every reference at database ids.
func (im *importer) remap(t *txn) {
	d := im.d
	meta := func(section string, i int, m *vigil.Meta) {
		m.ID, m.Version, m.CreatedAt, m.UpdatedAt = im.base[section]+int64(i), 1, t.now, t.now
	}
	for i, p := range d.Places {
		meta(vigil.SectionPlaces, i, &p.Meta)
		im.mapRef(vigil.SectionPlaces, &p.ParentID)
	}
	for i, a := range d.Actors {
		meta(vigil.SectionActors, i, &a.Meta)
		im.mapRef(vigil.SectionActors, &a.ParentID)
	}
	for i, p := range d.Posts {
		meta(vigil.SectionPosts, i, &p.Meta)
		p.OrganizationID = im.id(vigil.SectionActors, p.OrganizationID)
	}
	for i, m := range d.Memberships {
		meta(vigil.SectionMemberships, i, &m.Meta)
		m.PersonID = im.id(vigil.SectionActors, m.PersonID)
		m.OrganizationID = im.id(vigil.SectionActors, m.OrganizationID)
		im.mapRef(vigil.SectionPosts, &m.PostID)
	}
	for i, in := range d.Instruments {
		meta(vigil.SectionInstruments, i, &in.Meta)
	}
	for i, lp := range d.Provisions {
		meta(vigil.SectionProvisions, i, &lp.Meta)
		lp.InstrumentID = im.id(vigil.SectionInstruments, lp.InstrumentID)
	}
	for i, sp := range d.StateParties {
		meta(vigil.SectionStateParties, i, &sp.Meta)
		sp.InstrumentID = im.id(vigil.SectionInstruments, sp.InstrumentID)
	}
	for i, s := range d.Sources {
		meta(vigil.SectionSources, i, &s.Meta)
		im.mapRef(vigil.SectionActors, &s.PublisherID)
	}
	for i, inc := range d.Incidents {
		meta(vigil.SectionIncidents, i, &inc.Meta)
		im.mapRef(vigil.SectionPlaces, &inc.PlaceID)
		im.mapRef(vigil.SectionActors, &inc.PerpetratorID)
		places := make([]vigil.IncidentPlace, len(inc.Places))
		for n, ip := range inc.Places {
			places[n] = vigil.IncidentPlace{PlaceID: im.id(vigil.SectionPlaces, ip.PlaceID), Role: ip.Role}
		}
		inc.Places = places
	}
	for i, l := range d.Links {
		meta(vigil.SectionLinks, i, &l.Meta)
		l.FromID, l.ToID = im.id(vigil.SectionIncidents, l.FromID), im.id(vigil.SectionIncidents, l.ToID)
	}
	for i, c := range d.Claims {
		meta(vigil.SectionClaims, i, &c.Meta)
		c.SourceID = im.id(vigil.SectionSources, c.SourceID)
		im.mapRef(vigil.SectionIncidents, &c.IncidentID)
		im.mapRef(vigil.SectionPlaces, &c.PlaceID)
		im.mapRef(vigil.SectionActors, &c.PerpetratorID)
	}
	for i, v := range d.Violations {
		meta(vigil.SectionViolations, i, &v.Meta)
		v.IncidentID = im.id(vigil.SectionIncidents, v.IncidentID)
		v.ProvisionID = im.id(vigil.SectionProvisions, v.ProvisionID)
	}
}

// deriveIncidents computes, in memory, what the store keeps derived on
// every imported incident: figure, date, conflict and corroboration from
// its claims (all of which are in the dataset), parent and ancestors
// from part_of links, and cohort from same_cohort links. It returns the
// ancestors path of each incident.
func (im *importer) deriveIncidents() []string {
	d := im.d
	srcBase := im.base[vigil.SectionSources]
	origins := make([]string, len(d.Sources))
	for i, s := range d.Sources {
		origins[i] = s.Origin()
	}
	inputs := make([][]claimInput, len(d.Incidents))
	for _, c := range d.Claims {
		i := im.indexOf(vigil.SectionIncidents, c.IncidentID)
		if i < 0 {
			continue
		}
		si := c.SourceID - srcBase
		src := d.Sources[si]
		inputs[i] = append(inputs[i], claimInput{ID: c.ID, Interval: c.Interval, Credibility: c.Credibility,
			Reliability: src.Reliability, Origin: origins[si], Published: src.PublishedStart,
			Date: c.Date, DateStart: c.DateStart, DateEnd: c.DateEnd})
	}
	parent := make([]int, len(d.Incidents))
	cohort := make([]int, len(d.Incidents)) // union-find over same_cohort links
	for i := range parent {
		parent[i], cohort[i] = -1, i
	}
	var find func(int) int
	find = func(i int) int {
		for cohort[i] != i {
			cohort[i] = cohort[cohort[i]]
			i = cohort[i]
		}
		return i
	}
	for _, l := range d.Links {
		from, to := im.indexOf(vigil.SectionIncidents, &l.FromID), im.indexOf(vigil.SectionIncidents, &l.ToID)
		switch l.Kind {
		case vigil.LinkPartOf:
			parent[from] = to
		case vigil.LinkSameCohort:
			a, b := find(from), find(to)
			if a > b {
				a, b = b, a
			}
			cohort[b] = a // the root is the smallest index, hence the smallest id
		}
	}
	anc := make([]string, len(d.Incidents))
	var ancestors func(int) string
	ancestors = func(i int) string {
		if anc[i] == "" {
			anc[i] = "/"
			if p := parent[i]; p >= 0 {
				anc[i] = ancestors(p) + strconv.FormatInt(d.Incidents[p].ID, 10) + "/"
			}
		}
		return anc[i]
	}
	for i, inc := range d.Incidents {
		inc.ParentID = nil
		if p := parent[i]; p >= 0 {
			id := d.Incidents[p].ID
			inc.ParentID = &id
		}
		ancestors(i)
		inc.CohortID = d.Incidents[find(i)].ID
		applyDerived(inc, inputs[i])
	}
	return anc
}

// writeIncidentPlaces writes the places of the imported incidents.
func (im *importer) writeIncidentPlaces(ctx context.Context, t *txn) error {
	b := newBulk(t, "incident_places", []string{"incident_id", "position", "place_id", "role"})
	defer b.close()
	for _, inc := range im.d.Incidents {
		for n, ip := range inc.Places {
			if err := b.add(ctx, inc.ID, n+1, ip.PlaceID, string(ip.Role)); err != nil {
				return mapWriteErr(fmt.Errorf("store: import incident places: %w", err), "incident")
			}
		}
	}
	if err := b.flush(ctx); err != nil {
		return mapWriteErr(fmt.Errorf("store: import incident places: %w", err), "incident")
	}
	return nil
}

// extraCol is one more column written after a table's own, such as an
// incident's ancestors path.
type extraCol[T any] struct {
	name  string
	value func(i int) any
}

// commonCols are the columns every record table starts with.
var commonCols = []string{"id", "sensitivity", "sensitivity_rank", "version", "created_at", "updated_at"}

// bulkRecords inserts recs (in the given order of indexes, or in order)
// with their ids.
func bulkRecords[T any](ctx context.Context, im *importer, tb *table[T], recs []*T, order []int, extra *extraCol[T]) error {
	if len(recs) == 0 {
		return nil
	}
	cols := append(append([]string{}, commonCols...), tb.cols...)
	if extra != nil {
		cols = append(cols, extra.name)
	}
	t := im.txn
	b := newBulk(t, tb.name, cols)
	defer b.close()
	now := fmtTime(t.now)
	vals := make([]any, 0, len(cols))
	for n := range recs {
		i := n
		if order != nil {
			i = order[n]
		}
		rec := recs[i]
		m := tb.meta(rec)
		// The same sealing as a single write: the ids are known up front,
		// so the sealed columns are sealed for their rows before the
		// INSERT, and no plaintext of a sealed field reaches the database.
		args, err := sealArgs(ctx, t, tb, rec, m.ID)
		if err != nil {
			return fmt.Errorf("store: import %s: %w", tb.name, err)
		}
		vals = append(vals[:0], m.ID, string(m.Sensitivity), m.Sensitivity.Rank(), 1, now, now)
		vals = append(vals, args...)
		if extra != nil {
			vals = append(vals, extra.value(i))
		}
		if err := b.add(ctx, vals...); err != nil {
			if err := mapWriteErr(err, tb.noun); isVigilErr(err) {
				return err
			}
			return fmt.Errorf("store: import %s: %w", tb.name, err)
		}
		im.progress()
	}
	if err := b.flush(ctx); err != nil {
		if err := mapWriteErr(err, tb.noun); isVigilErr(err) {
			return err
		}
		return fmt.Errorf("store: import %s: %w", tb.name, err)
	}
	return nil
}

// bulk inserts rows with multi-row INSERT statements: a prepared one for
// full batches, and one more for the rest.
type bulk struct {
	t     *txn
	head  string // INSERT INTO table (cols) VALUES
	tuple string // (?, ?, …)
	ncol  int
	per   int
	stmt  *sql.Stmt
	args  []any
	rows  int
}

// maxBulkArgs keeps a statement's placeholders well under both engines'
// limits (SQLite 32766, PostgreSQL 65535); batches of a few hundred rows
// are where the per-statement overhead stops mattering.
const maxBulkArgs = 8000

func newBulk(t *txn, table string, cols []string) *bulk {
	per := max(1, min(400, maxBulkArgs/len(cols)))
	return &bulk{t: t, head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		tuple: "(" + placeholders(len(cols)) + ")", ncol: len(cols), per: per, args: make([]any, 0, per*len(cols))}
}

func (b *bulk) query(rows int) string {
	var s strings.Builder
	s.Grow(len(b.head) + rows*(len(b.tuple)+2))
	s.WriteString(b.head)
	for i := 0; i < rows; i++ {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(b.tuple)
	}
	return b.t.s.rebind(s.String())
}

// add queues one row and writes a batch when it is full.
func (b *bulk) add(ctx context.Context, vals ...any) error {
	if len(vals) != b.ncol {
		return fmt.Errorf("bulk insert: %d values for %d columns", len(vals), b.ncol)
	}
	b.args = append(b.args, vals...)
	b.rows++
	if b.rows < b.per {
		return nil
	}
	if b.stmt == nil {
		st, err := b.t.tx.PrepareContext(ctx, b.query(b.per))
		if err != nil {
			return err
		}
		b.stmt = st
	}
	if _, err := b.stmt.ExecContext(ctx, b.args...); err != nil {
		return err
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// flush writes the queued rows.
func (b *bulk) flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	if _, err := b.t.tx.ExecContext(ctx, b.query(b.rows), b.args...); err != nil {
		return err
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

func (b *bulk) close() {
	if b.stmt != nil {
		_ = b.stmt.Close()
	}
}
