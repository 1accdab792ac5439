package store

import (
	"context"
	"fmt"

	"vigil"
)

// A child record (a violation of an incident, a membership of a person, a
// photo of an event …) is shown only with its parent, but it has a
// sensitivity of its own, and sealing follows that. A coalition violation
// of a restricted incident would keep its analysis in the clear at rest,
// and a coalition membership of a restricted person would show that
// person's role to coalition readers. So a child is kept at least as
// sensitive as each of its parents: a write takes the parent's
// sensitivity when it is higher, and raising a parent raises its children
// (and theirs) in the same transaction, re-sealed and audited. Lowering a
// parent leaves its children as they are: publishing them is an editor's
// decision, one record at a time.

// parentCol is a column of a child table naming its parent.
type parentCol struct {
	column string // "incident_id", also the field of the child's ref
	table  string // "incidents"
}

// childTable is a table whose records live under parents.
type childTable interface {
	raiseUnder(ctx context.Context, t *txn, parent string, id int64, rank int) error
}

// childTables lists the tables with parents (a function, not a
// variable, so that no table's initializer depends on another's).
func childTables() []childTable {
	return []childTable{violations, links, posts, memberships, photos, asks, actions, outcomes, deliveries, snapshots}
}

// atLeastParents raises rec's sensitivity to that of its most sensitive
// parent, read as stored whatever the writer's clearance. An update that
// lowers a child below its parent (cur is the stored child, nil on a
// create) is refused instead, naming the field: the writer asked for
// something the store will not do.
func atLeastParents[T any](ctx context.Context, t *txn, tb *table[T], rec, cur *T) error {
	if len(tb.parents) == 0 || tb.refs == nil {
		return nil
	}
	m := tb.meta(rec)
	lowering := cur != nil && m.Sensitivity.Rank() < tb.meta(cur).Sensitivity.Rank()
	for _, r := range tb.refs(rec) {
		if r.id == nil || !tb.isParent(r.field, r.table) {
			continue
		}
		var rank int
		err := t.queryRow(ctx, "SELECT sensitivity_rank FROM "+r.table+" WHERE id = ?", *r.id).Scan(&rank)
		if err != nil {
			continue // checkRefs reports a missing parent
		}
		if rank <= m.Sensitivity.Rank() {
			continue
		}
		if lowering {
			// The parent's level is named only to a writer cleared for it.
			msg := fmt.Sprintf("cannot be lower than its %s's: lower the %s first", r.noun, r.noun)
			if ps := vigil.SensitivityOfRank(rank); vigil.ViewerFrom(ctx).CanRead(ps) {
				msg = fmt.Sprintf("cannot be lower than its %s's (%s): lower the %s first", r.noun, ps, r.noun)
			}
			return &vigil.Error{Code: vigil.EINVALID, Message: "invalid " + tb.noun, Fields: map[string]string{"sensitivity": msg}}
		}
		m.Sensitivity = vigil.SensitivityOfRank(rank)
	}
	return nil
}

func (tb *table[T]) isParent(column, table string) bool {
	for _, p := range tb.parents {
		if p.column == column && p.table == table {
			return true
		}
	}
	return false
}

// raiseChildren raises every child of record id of table parent that is
// less sensitive than rank, in every child table.
func raiseChildren(ctx context.Context, t *txn, parent string, id int64, rank int) error {
	for _, c := range childTables() {
		if err := c.raiseUnder(ctx, t, parent, id, rank); err != nil {
			return err
		}
	}
	return nil
}

// raiseUnder raises the records of tb under record id of table parent to
// rank: each is re-sealed, re-indexed and audited as an update by the
// transaction's viewer, and its own children follow.
func (tb *table[T]) raiseUnder(ctx context.Context, t *txn, parent string, id int64, rank int) error {
	for _, p := range tb.parents {
		if p.table != parent {
			continue
		}
		ids, err := t.ids(ctx, "SELECT id FROM "+tb.name+" WHERE "+p.column+" = ? AND sensitivity_rank < ? ORDER BY id", id, rank)
		if err != nil {
			return fmt.Errorf("store: %s under %s %d: %w", tb.name, parent, id, err)
		}
		for _, cid := range ids {
			cur, err := getAs(ctx, t, tb, cid, rankAll, true)
			if err != nil {
				return err
			}
			rec := new(T)
			*rec = *cur
			m := tb.meta(rec)
			m.Sensitivity = vigil.SensitivityOfRank(rank)
			if err := updateRow(ctx, t, tb, rec); err != nil {
				return err
			}
			m.Version, m.UpdatedAt = m.Version+1, t.now
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
			if err := raiseChildren(ctx, t, tb.name, cid, rank); err != nil {
				return err
			}
		}
	}
	return nil
}

// ids runs q and reads one id per row.
func (t *txn) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}
