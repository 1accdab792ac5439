package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"vigil"
)

// table describes how one record type maps to its table, so that the
// create/update/delete/find shape is written once. Every table has the
// common columns id, sensitivity, sensitivity_rank, version, created_at
// and updated_at; cols are the others.
type table[T any] struct {
	name string // SQL table, also the audit entity
	noun string // in messages: "source", "legal provision"
	cols []string
	args func(*T) []any // values of cols, in order
	dest func(*T) []any // scan targets of cols, in order
	meta func(*T) *vigil.Meta
	// refs lists the records a record points at. They must exist and be
	// visible to the writer; otherwise the field is EINVALID.
	refs func(*T) []ref
	// parents lists the references to records the record lives under: it
	// is kept at least as sensitive as each (store/within.go).
	parents []parentCol
	// usedBy lists the columns that point at this table: a record still
	// referenced cannot be deleted (ECONFLICT).
	usedBy []backref
	// visible is an extra condition (on alias t) for a row to be visible,
	// besides its own sensitivity_rank; every ? in it takes the viewer's
	// clearance rank.
	visible string
	// project adapts a record read for the viewer (redaction, notes).
	project func(*T, vigil.Viewer)
	// keep copies into rec, an update, the stored values (cur) of the
	// fields project hides from its writer: they arrive empty because the
	// writer never saw them, and must neither be wiped nor shown.
	keep func(rec, cur *T, v vigil.Viewer)
	// view adapts records read for a reader to what that reader may
	// learn, where that needs the database: an incident's structure and
	// derived values are recomputed from the links and claims the reader
	// sees. It runs on every read that goes to a reader (findByID, list,
	// export) and on the record a write hands back to its writer.
	view func(ctx context.Context, t *txn, recs []*T) error
	// load fills what lives outside the row (incident places) for a page
	// of records, in one query.
	load func(ctx context.Context, t *txn, recs []*T) error
	// before runs inside the writing transaction before the row is
	// written (cur is nil on create); after runs once it is written,
	// before the record's audit entry is appended. propagate runs last,
	// after the audit entry: it updates what depends on the record (rec is
	// nil after a delete, cur nil after a create), and may log entries of
	// its own, which then follow the entry of the change that caused them.
	before    func(ctx context.Context, t *txn, rec, cur *T) error
	after     func(ctx context.Context, t *txn, rec, cur *T) error
	propagate func(ctx context.Context, t *txn, rec, cur *T) error
	// seal names the columns sealed at rest and when (seal.go); nil for a
	// table with none.
	seal *sealing[T]
	// kind and text make the table searchable (store/search.go): text is
	// a record's title and body as projected for one viewer.
	kind vigil.SearchKind
	text func(*T) (title vigil.Names, body string)
}

// ref is a reference from a record to another.
type ref struct {
	field string // "source_id"
	table string // "sources"
	noun  string // "source"
	id    *int64
}

// backref is a column that references a table.
type backref struct{ table, column string }

func refTo(field, table, noun string, id *int64) ref {
	return ref{field: field, table: table, noun: noun, id: id}
}

func refID(field, table, noun string, id int64) ref {
	return ref{field: field, table: table, noun: noun, id: &id}
}

// selectCols is the column list of a SELECT on alias t.
func (tb *table[T]) selectCols() string {
	var b strings.Builder
	b.WriteString("t.id, t.sensitivity, t.version, t.created_at, t.updated_at")
	for _, c := range tb.cols {
		b.WriteString(", t.")
		b.WriteString(c)
	}
	return b.String()
}

type scanner interface{ Scan(dest ...any) error }

// visibility is the condition for a row of alias t to be visible at
// clearance rank clr, with its arguments.
func (tb *table[T]) visibility(clr int) (string, []any) {
	cond, args := "t.sensitivity_rank <= ?", []any{clr}
	if tb.visible != "" {
		cond += " AND " + tb.visible
		args = append(args, repeatArg(clr, strings.Count(tb.visible, "?"))...)
	}
	return cond, args
}

func (tb *table[T]) projectFor(rec *T, v vigil.Viewer) {
	if tb.project != nil {
		tb.project(rec, v)
	}
}

// viewFor runs tb.view, if any, on records read for t's viewer.
func (tb *table[T]) viewFor(ctx context.Context, t *txn, recs ...*T) error {
	if tb.view == nil || len(recs) == 0 {
		return nil
	}
	return tb.view(ctx, t, recs)
}

// get reads record id as stored, sealed fields opened, if the
// transaction's viewer may see it; ENOTFOUND otherwise. It is for the
// store's own use (the record a write replaces): what goes to a reader
// is read by findByID or list.
func get[T any](ctx context.Context, t *txn, tb *table[T], id int64) (*T, error) {
	return getAs(ctx, t, tb, id, t.clearance(), true)
}

// getAs reads record id as stored if it is visible at clearance rank clr,
// opening its sealed fields when open is set. The store itself reads at
// rank 2 when it re-derives records that depend on a change, whoever
// made it.
func getAs[T any](ctx context.Context, t *txn, tb *table[T], id int64, clr int, open bool) (*T, error) {
	if err := t.ringFirst(ctx, tb.seal != nil && open); err != nil {
		return nil, err
	}
	cond, args := tb.visibility(clr)
	q := "SELECT " + tb.selectCols() + " FROM " + tb.name + " t WHERE t.id = ? AND " + cond
	rec := new(T)
	p, err := tb.scan(t.queryRow(ctx, q, append([]any{id}, args...)...), rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(tb.noun, id)
	} else if err != nil {
		return nil, fmt.Errorf("store: find %s %d: %w", tb.noun, id, err)
	}
	if err := unseal(ctx, t, tb, rec, p, open); err != nil {
		return nil, err
	}
	if tb.load != nil {
		if err := tb.load(ctx, t, []*T{rec}); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// rankAll is the clearance rank that sees every record.
const rankAll = 2

// findByID reads one record for the viewer in ctx, projected. Sealed
// fields are opened only for a viewer with restricted clearance.
func findByID[T any](ctx context.Context, s *Store, tb *table[T], id int64) (*T, error) {
	var rec *T
	err := s.read(ctx, func(t *txn) error {
		var err error
		if rec, err = getAs(ctx, t, tb, id, t.clearance(), t.clearance() >= rankAll); err != nil {
			return err
		}
		tb.projectFor(rec, t.v)
		return tb.viewFor(ctx, t, rec)
	})
	return rec, err
}

// where collects the conditions of a list query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (…)" for a non-empty id list.
func (w *where) in(col string, ids []int64) {
	if len(ids) == 0 {
		return
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	w.add(col+" IN ("+ph+")", args...)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// orderBy turns a normalized sort key into ORDER BY, with NULLs last in
// both directions on both engines and id as the stable tiebreak.
func orderBy(sortKey string, exprs map[string]string) string {
	desc := strings.HasPrefix(sortKey, "-")
	key := strings.TrimPrefix(sortKey, "-")
	dir := ""
	if desc {
		dir = " DESC"
	}
	expr, ok := exprs[key]
	if key == "" || key == "id" || !ok {
		return " ORDER BY t.id" + dir
	}
	return " ORDER BY (" + expr + ") IS NULL, " + expr + dir + ", t.id" + dir
}

// list reads one page of the visible records matching w, and the count of
// all of them. The page must be normalized.
func list[T any](ctx context.Context, t *txn, tb *table[T], w where, order string, pg vigil.Page) ([]*T, int, error) {
	cond, args := tb.visibility(t.clearance())
	w.add(cond, args...)
	var n int
	if err := t.queryRow(ctx, "SELECT COUNT(*) FROM "+tb.name+" t WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("store: count %s: %w", tb.name, err)
	}
	out := []*T{}
	if n == 0 || pg.Offset >= n {
		return out, n, nil
	}
	q := "SELECT " + tb.selectCols() + " FROM " + tb.name + " t WHERE " + w.sql() + order + " LIMIT ? OFFSET ?"
	out, err := queryRecords(ctx, t, tb, t.clearance() >= rankAll, q, append(w.args, pg.Limit, pg.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list %s: %w", tb.name, err)
	}
	for _, rec := range out {
		tb.projectFor(rec, t.v)
	}
	if tb.load != nil {
		if err := tb.load(ctx, t, out); err != nil {
			return nil, 0, err
		}
	}
	if err := tb.viewFor(ctx, t, out...); err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// queryRecords runs q, which selects tb.selectCols() on alias t, and
// reads every row into a record. Sealed fields are opened once the rows
// are closed (opening may read the keys, and PostgreSQL runs one
// statement at a time on a connection), and only when open is set:
// otherwise they stay empty. The records are not projected.
func queryRecords[T any](ctx context.Context, t *txn, tb *table[T], open bool, q string, args ...any) ([]*T, error) {
	if err := t.ringFirst(ctx, tb.seal != nil && open); err != nil {
		return nil, err
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*T{}
	var pend []*pending
	for rows.Next() {
		rec := new(T)
		p, err := tb.scan(rows, rec)
		if err != nil {
			return nil, err
		}
		out, pend = append(out, rec), append(pend, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for n, rec := range out {
		if err := unseal(ctx, t, tb, rec, pend[n], open); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// findList runs list in a read transaction after normalizing the page.
func findList[T any](ctx context.Context, s *Store, tb *table[T], w where, pg vigil.Page, sorts map[string]string) ([]*T, int, error) {
	allowed := make([]string, 0, len(sorts)+1)
	allowed = append(allowed, "id")
	for k := range sorts {
		allowed = append(allowed, k)
	}
	slices.Sort(allowed)
	if err := pg.Normalize(allowed...); err != nil {
		return nil, 0, err
	}
	var (
		out []*T
		n   int
	)
	err := s.read(ctx, func(t *txn) error {
		var err error
		out, n, err = list(ctx, t, tb, w, orderBy(pg.Sort, sorts), pg)
		return err
	})
	return out, n, err
}

// checkClearance refuses a record more sensitive than the writer may
// read: nobody writes what they could not read back.
func checkClearance(v vigil.Viewer, s vigil.Sensitivity, noun string) error {
	if !v.CanRead(s) {
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid " + noun,
			Fields: map[string]string{"sensitivity": fmt.Sprintf("%s is above your clearance (%s)", s, v.Clearance)}}
	}
	return nil
}

// checkPublish refuses, without an editing role, a write that makes a
// record more widely readable: creating it public, or lowering its
// sensitivity (cur is the stored one, nil on create). Showing a record to
// more people is publishing it, an editorial decision like an override.
// Contributors create records at coalition or above and may raise a
// record's sensitivity, never lower it.
func checkPublish(v vigil.Viewer, s vigil.Sensitivity, cur *vigil.Sensitivity, noun string) error {
	if v.CanEdit() {
		return nil
	}
	var reason string
	switch {
	case cur == nil && s == vigil.Public:
		reason = "creating a public " + noun + " publishes it: an editor or admin role is required (create it as coalition and ask an editor to publish it)"
	case cur != nil && s.Rank() < cur.Rank():
		reason = fmt.Sprintf("lowering it from %s to %s publishes it: an editor or admin role is required", *cur, s)
	default:
		return nil
	}
	return &vigil.Error{Code: vigil.EFORBIDDEN, Message: "you may not publish " + article(noun),
		Fields: map[string]string{"sensitivity": reason}}
}

// checkRefs verifies that every reference of rec names a record the
// writer can see.
func checkRefs(ctx context.Context, t *txn, noun string, refs []ref) error {
	p := vigil.Problems{}
	for _, r := range refs {
		if r.id == nil {
			continue
		}
		var rank int
		err := t.queryRow(ctx, "SELECT sensitivity_rank FROM "+r.table+" WHERE id = ?", *r.id).Scan(&rank)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && rank > t.clearance()) {
			p.Add(r.field, "references %s that does not exist", article(r.noun))
		} else if err != nil {
			return fmt.Errorf("store: check %s %d: %w", r.noun, *r.id, err)
		}
	}
	return p.Err(noun)
}

// changedRefs drops the references an update leaves as they were: the
// writer did not choose them, and may edit a record that points at
// something beyond their clearance without being told it exists.
func changedRefs(refs, old []ref) []ref {
	var out []ref
	for _, r := range refs {
		kept := false
		for _, o := range old {
			if r.id != nil && o.id != nil && r.field == o.field && r.table == o.table && *r.id == *o.id {
				kept = true
				break
			}
		}
		if !kept {
			out = append(out, r)
		}
	}
	return out
}

// insertRow inserts rec and sets its ID. A sealed record's sealed
// columns are sealed for their row, whose id is known only once it is
// inserted: the row is inserted with them empty, then they are written
// sealed, in the same transaction; no plaintext reaches the database.
func insertRow[T any](ctx context.Context, t *txn, tb *table[T], rec *T) error {
	m := tb.meta(rec)
	cols := append([]string{"sensitivity", "sensitivity_rank", "version", "created_at", "updated_at"}, tb.cols...)
	vals := tb.args(rec)
	sealed := tb.seal != nil && tb.seal.when(rec)
	if sealed {
		for _, i := range tb.seal.index(tb.cols) {
			if vals[i] != nil {
				vals[i] = ""
			}
		}
	}
	args := append([]any{string(m.Sensitivity), m.Sensitivity.Rank(), m.Version, fmtTime(m.CreatedAt), fmtTime(m.UpdatedAt)}, vals...)
	q := "INSERT INTO " + tb.name + " (" + strings.Join(cols, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ") RETURNING id"
	if err := t.queryRow(ctx, q, args...).Scan(&m.ID); err != nil {
		if err := mapWriteErr(err, tb.noun); isVigilErr(err) {
			return err
		}
		return fmt.Errorf("store: insert %s: %w", tb.noun, err)
	}
	if !sealed {
		return nil
	}
	vals, err := sealArgs(ctx, t, tb, rec, m.ID)
	if err != nil {
		return err
	}
	var b strings.Builder
	var sargs []any
	for k, i := range tb.seal.index(tb.cols) {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tb.seal.cols[k] + " = ?")
		sargs = append(sargs, vals[i])
	}
	if _, err := t.exec(ctx, "UPDATE "+tb.name+" SET "+b.String()+" WHERE id = ?", append(sargs, m.ID)...); err != nil {
		return fmt.Errorf("store: seal new %s %d: %w", tb.noun, m.ID, err)
	}
	return nil
}

// create validates and inserts rec for the viewer in ctx.
func create[T any](ctx context.Context, s *Store, tb *table[T], rec *T, validate func() error) error {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "create "+article(tb.noun)); err != nil {
		return err
	}
	if err := validate(); err != nil {
		return err
	}
	m := tb.meta(rec)
	if err := checkClearance(v, m.Sensitivity, tb.noun); err != nil {
		return err
	}
	if err := checkPublish(v, m.Sensitivity, nil, tb.noun); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		if tb.refs != nil {
			if err := checkRefs(ctx, t, tb.noun, tb.refs(rec)); err != nil {
				return err
			}
		}
		if err := atLeastParents(ctx, t, tb, rec, nil); err != nil {
			return err
		}
		if tb.before != nil {
			if err := tb.before(ctx, t, rec, nil); err != nil {
				return err
			}
		}
		m.ID, m.Version, m.CreatedAt, m.UpdatedAt = 0, 1, t.now, t.now
		if err := insertRow(ctx, t, tb, rec); err != nil {
			return err
		}
		if tb.after != nil {
			if err := tb.after(ctx, t, rec, nil); err != nil {
				return err
			}
		}
		if err := index(ctx, t, tb, rec); err != nil {
			return err
		}
		if err := auditRecord(ctx, t, tb, vigil.ActionCreate, rec); err != nil {
			return err
		}
		if tb.propagate != nil {
			if err := tb.propagate(ctx, t, rec, nil); err != nil {
				return err
			}
		}
		return tb.viewFor(ctx, t, rec)
	})
}

// change validates rec and writes it over the stored record, if rec
// carries the stored version.
func change[T any](ctx context.Context, s *Store, tb *table[T], rec *T, validate func() error) error {
	v := vigil.ViewerFrom(ctx)
	if err := canWrite(v, "change "+article(tb.noun)); err != nil {
		return err
	}
	if err := validate(); err != nil {
		return err
	}
	m := tb.meta(rec)
	if err := checkClearance(v, m.Sensitivity, tb.noun); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		cur, err := get(ctx, t, tb, m.ID)
		if err != nil {
			return err
		}
		cm := tb.meta(cur)
		if cm.Version != m.Version {
			return stale(tb.noun, m.ID, cm.Version, m.Version)
		}
		if err := checkPublish(v, m.Sensitivity, &cm.Sensitivity, tb.noun); err != nil {
			return err
		}
		if tb.keep != nil {
			tb.keep(rec, cur, v)
		}
		if tb.refs != nil {
			if err := checkRefs(ctx, t, tb.noun, changedRefs(tb.refs(rec), tb.refs(cur))); err != nil {
				return err
			}
		}
		if err := atLeastParents(ctx, t, tb, rec, cur); err != nil {
			return err
		}
		if tb.before != nil {
			if err := tb.before(ctx, t, rec, cur); err != nil {
				return err
			}
		}
		if err := updateRow(ctx, t, tb, rec); err != nil {
			return err
		}
		m.Version, m.CreatedAt, m.UpdatedAt = cm.Version+1, cm.CreatedAt, t.now
		if tb.after != nil {
			if err := tb.after(ctx, t, rec, cur); err != nil {
				return err
			}
		}
		if err := index(ctx, t, tb, rec); err != nil {
			return err
		}
		if err := auditRecord(ctx, t, tb, vigil.ActionUpdate, rec); err != nil {
			return err
		}
		if tb.propagate != nil {
			if err := tb.propagate(ctx, t, rec, cur); err != nil {
				return err
			}
		}
		if m.Sensitivity.Rank() > cm.Sensitivity.Rank() {
			if err := raiseChildren(ctx, t, tb.name, m.ID, m.Sensitivity.Rank()); err != nil {
				return err
			}
		}
		// The record handed back holds the kept values: project it, so the
		// writer gets no more than they could read.
		if tb.keep != nil && !seesNotes(v) {
			tb.projectFor(rec, v)
		}
		return tb.viewFor(ctx, t, rec)
	})
}

// updateRow writes rec's columns if the stored version is still rec's.
func updateRow[T any](ctx context.Context, t *txn, tb *table[T], rec *T) error {
	m := tb.meta(rec)
	var b strings.Builder
	b.WriteString("UPDATE " + tb.name + " SET sensitivity = ?, sensitivity_rank = ?")
	for _, c := range tb.cols {
		b.WriteString(", " + c + " = ?")
	}
	b.WriteString(", version = version + 1, updated_at = ? WHERE id = ? AND version = ?")
	vals, err := sealArgs(ctx, t, tb, rec, m.ID)
	if err != nil {
		return err
	}
	args := append([]any{string(m.Sensitivity), m.Sensitivity.Rank()}, vals...)
	args = append(args, fmtTime(t.now), m.ID, m.Version)
	res, err := t.exec(ctx, b.String(), args...)
	if err != nil {
		if err := mapWriteErr(err, tb.noun); isVigilErr(err) {
			return err
		}
		return fmt.Errorf("store: update %s %d: %w", tb.noun, m.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: update %s %d: %w", tb.noun, m.ID, err)
	} else if n == 0 {
		var have int
		if err := t.queryRow(ctx, "SELECT version FROM "+tb.name+" WHERE id = ?", m.ID).Scan(&have); err != nil {
			return notFound(tb.noun, m.ID)
		}
		return stale(tb.noun, m.ID, have, m.Version)
	}
	return nil
}

// remove deletes record id for the viewer in ctx, if version is the
// stored one and nothing references it.
func remove[T any](ctx context.Context, s *Store, tb *table[T], id int64, version int) error {
	if err := canEdit(vigil.ViewerFrom(ctx), "delete "+article(tb.noun)); err != nil {
		return err
	}
	return s.write(ctx, func(t *txn) error {
		cur, err := get(ctx, t, tb, id)
		if err != nil {
			return err
		}
		if have := tb.meta(cur).Version; have != version {
			return stale(tb.noun, id, have, version)
		}
		if err := checkUnreferenced(ctx, t, tb.noun, id, tb.usedBy); err != nil {
			return err
		}
		res, err := t.exec(ctx, "DELETE FROM "+tb.name+" WHERE id = ? AND version = ?", id, version)
		if err != nil {
			if err := mapDeleteErr(err, tb.noun, id); isVigilErr(err) {
				return err
			}
			return fmt.Errorf("store: delete %s %d: %w", tb.noun, id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: delete %s %d: %w", tb.noun, id, err)
		} else if n == 0 {
			return stale(tb.noun, id, version+1, version)
		}
		if err := unindex(ctx, t, tb.kind, id); err != nil {
			return err
		}
		if err := auditRecord(ctx, t, tb, vigil.ActionDelete, cur); err != nil {
			return err
		}
		if tb.propagate != nil {
			return tb.propagate(ctx, t, nil, cur)
		}
		return nil
	})
}

// checkUnreferenced returns ECONFLICT while anything references the
// record. The message counts and names only the referencing rows the
// deleting viewer may see (checkRefs' rule the other way round: a
// refused delete must not tell them how many hidden records there are,
// nor which); when some are hidden it says only that records they cannot
// see refer to it too. The delete is refused all the same.
func checkUnreferenced(ctx context.Context, t *txn, noun string, id int64, usedBy []backref) error {
	var (
		seen   []string
		hidden bool
	)
	for _, b := range usedBy {
		cond, args := rowVisibility(b.table, t.clearance())
		var all, vis int
		err := t.queryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN "+cond+" THEN 1 ELSE 0 END), 0) FROM "+b.table+" t WHERE t."+b.column+" = ?",
			append(args, id)...).Scan(&all, &vis)
		if err != nil {
			return fmt.Errorf("store: check references to %s %d: %w", noun, id, err)
		}
		if all > vis {
			hidden = true
		}
		if vis > 0 {
			seen = append(seen, fmt.Sprintf("%d %s (%s)", vis, pluralRows(vis), b.table+"."+b.column))
		}
	}
	switch {
	case len(seen) > 0 && hidden:
		return vigil.Errorf(vigil.ECONFLICT, "%s %d is still referenced by %s, and by other records you cannot see; remove the references you can, and ask someone with a higher clearance about the others", noun, id, strings.Join(seen, ", "))
	case len(seen) > 0:
		return vigil.Errorf(vigil.ECONFLICT, "%s %d is still referenced by %s; remove those references first", noun, id, strings.Join(seen, ", "))
	case hidden:
		return vigil.Errorf(vigil.ECONFLICT, "%s %d is still referenced by records you cannot see; ask someone with a higher clearance to remove those references", noun, id)
	}
	return nil
}

// rowVisibility is the condition (on alias t, with its arguments) for a
// row of table to be visible at clearance rank clr, for tables that
// reference records. A table it does not know is never visible: its rows
// are counted as hidden.
func rowVisibility(table string, clr int) (string, []any) {
	type rowTable interface {
		tableName() string
		visibility(int) (string, []any)
	}
	for _, tb := range []rowTable{actors, sources, claims, incidents, links, places, posts, memberships, violations,
		provisions, stateParties, snapshots, campaigns, asks, actions, outcomes, events, photos, letters, deliveries, feedItems} {
		if tb.tableName() == table {
			return tb.visibility(clr)
		}
	}
	switch table {
	case "incident_places": // an incident's places, seen with it
		return "EXISTS (SELECT 1 FROM incidents i WHERE i.id = t.incident_id AND i.sensitivity_rank <= ?)", []any{clr}
	case "signatures":
		return "t.sensitivity_rank <= ? AND EXISTS (SELECT 1 FROM letters l WHERE l.id = t.letter_id AND l.sensitivity_rank <= ?)", []any{clr, clr}
	case "ask_events": // an ask's history, seen with the ask
		return "EXISTS (SELECT 1 FROM asks a JOIN campaigns c ON c.id = a.campaign_id WHERE a.id = t.ask_id AND a.sensitivity_rank <= ? AND c.sensitivity_rank <= ?)", []any{clr, clr}
	case "invitations": // internal: shown from coalition clearance, with their letter
		return "? >= 1 AND EXISTS (SELECT 1 FROM letters l WHERE l.id = t.letter_id AND l.sensitivity_rank <= ?)", []any{clr, clr}
	}
	return "1 = 0", nil
}

func (tb *table[T]) tableName() string { return tb.name }

func pluralRows(n int) string {
	if n == 1 {
		return "row"
	}
	return "rows"
}

// article prefixes noun with "a" or "an".
func article(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
