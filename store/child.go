package store

import (
	"context"
	"fmt"
	"strings"

	"vigil"
	"vigil/seal"
)

// childSeal describes the sealed columns of rows that have no
// sensitivity of their own and belong to a record that has one: the
// state history of an ask, the texts and comments of a letter. They are
// sealed while their parent is restricted; when the parent's sensitivity
// crosses that line, followParent seals or opens them in the same
// transaction, so the condition in SQL always holds.
type childSeal struct {
	sealSpec
	parentCol string // the column naming the parent: "ask_id"
}

var (
	askEventSeal = childSeal{sealSpec: sealSpec{table: "ask_events", cols: []string{"note"},
		cond: "EXISTS (SELECT 1 FROM asks p WHERE p.id = t.ask_id AND p.sensitivity_rank = 2)", desc: "ask is restricted"}, parentCol: "ask_id"}
	letterVersionSeal = childSeal{sealSpec: sealSpec{table: "letter_versions", cols: []string{"title_ko", "title_en", "body_ko", "body_en", "note"},
		cond: "EXISTS (SELECT 1 FROM letters p WHERE p.id = t.letter_id AND p.sensitivity_rank = 2)", desc: "letter is restricted"}, parentCol: "letter_id"}
	letterCommentSeal = childSeal{sealSpec: sealSpec{table: "letter_comments", cols: []string{"body"},
		cond: "EXISTS (SELECT 1 FROM letters p WHERE p.id = t.letter_id AND p.sensitivity_rank = 2)", desc: "letter is restricted"}, parentCol: "letter_id"}
)

// followParent seals or opens the rows of c under parent id when the
// parent becomes restricted (from was to now) or stops being restricted.
// It does nothing on a create (was is nil: a new parent has no rows yet)
// or when the line was not crossed.
func followParent(ctx context.Context, t *txn, c childSeal, id int64, was *vigil.Meta, now vigil.Sensitivity) error {
	if was == nil {
		return nil
	}
	sealed := now == vigil.Restricted
	if sealed == (was.Sensitivity == vigil.Restricted) {
		return nil
	}
	rows, err := t.query(ctx, "SELECT id, "+strings.Join(c.cols, ", ")+" FROM "+c.table+" WHERE "+c.parentCol+" = ? ORDER BY id", id)
	if err != nil {
		return fmt.Errorf("store: re-seal %s of %d: %w", c.table, id, err)
	}
	type row struct {
		id   int64
		vals []string
	}
	var page []row
	for rows.Next() {
		r := row{vals: make([]string, len(c.cols))}
		dest := []any{&r.id}
		for i := range r.vals {
			dest = append(dest, &r.vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("store: re-seal %s of %d: %w", c.table, id, err)
		}
		page = append(page, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: re-seal %s of %d: %w", c.table, id, err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: re-seal %s of %d: %w", c.table, id, err)
	}
	set := make([]string, len(c.cols))
	for i, col := range c.cols {
		set[i] = col + " = ?"
	}
	upd := "UPDATE " + c.table + " SET " + strings.Join(set, ", ") + " WHERE id = ?"
	for _, r := range page {
		args := make([]any, 0, len(c.cols)+1)
		for i, col := range c.cols {
			pt, err := t.openIfSealed(ctx, c.table, col, r.id, r.vals[i])
			if err != nil {
				return err
			}
			v, err := t.sealedOrClear(ctx, sealed, c.table, col, r.id, pt)
			if err != nil {
				return err
			}
			args = append(args, v)
		}
		if _, err := t.exec(ctx, upd, append(args, r.id)...); err != nil {
			return fmt.Errorf("store: re-seal %s %d: %w", c.table, r.id, err)
		}
	}
	return nil
}

// sealedOrClear returns v sealed for table.col:id when sealed is set,
// and v itself otherwise.
func (t *txn) sealedOrClear(ctx context.Context, sealed bool, table, col string, id int64, v string) (string, error) {
	if !sealed {
		return v, nil
	}
	out, err := t.sealValues(ctx, table, id, []string{col}, []*string{&v})
	if err != nil {
		return "", err
	}
	return out[0].(string), nil
}

// openIfSealed opens v when it is a sealed value, for rows whose sealing
// follows a parent: only readers who may see a restricted parent read
// them at all.
func (t *txn) openIfSealed(ctx context.Context, table, col string, id int64, v string) (string, error) {
	if !seal.IsSealed(v) {
		return v, nil
	}
	return t.open(ctx, seal.AAD(table, col, id), v)
}
