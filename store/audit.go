package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"vigil"
	"vigil/audit"
)

// auditHead is the last seq and hash of the chain, held by a writing
// transaction from its first statement to its commit.
type auditHead struct {
	seq  int64
	hash string
}

// lockHead reads the audit head; on PostgreSQL it also locks the row,
// which serializes every writer behind it.
func (t *txn) lockHead(ctx context.Context) error {
	err := t.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1"+t.s.forUpdate()).Scan(&t.head.seq, &t.head.hash)
	if err != nil {
		return mapErr(fmt.Errorf("store: lock audit head: %w", err))
	}
	return nil
}

// audit appends one entry for a mutation of entity id to the chain, in
// the transaction of the mutation. rec is the record after the change
// (before it, for deletes), stored whole as JSON.
func (t *txn) audit(ctx context.Context, action, entity string, id int64, version int, rec any) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("store: audit %s %s %d: %w", action, entity, id, err)
	}
	return t.auditData(ctx, action, entity, id, version, data)
}

// auditData appends one entry whose data is already encoded.
func (t *txn) auditData(ctx context.Context, action, entity string, id int64, version int, data []byte) error {
	actor := t.v.Actor
	if actor == "" {
		actor = "unnamed " + string(t.v.Role)
	}
	e := vigil.AuditEntry{
		Seq: t.head.seq + 1, At: t.now, Actor: actor, Action: action,
		Entity: entity, EntityID: id, Version: version, Data: data, PrevHash: t.head.hash,
	}
	e.Hash = audit.Hash(e.PrevHash, e)
	if _, err := t.exec(ctx, `INSERT INTO audit_log (seq, at, actor, action, entity, entity_id, version, data, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, fmtTime(e.At), e.Actor, e.Action, e.Entity, e.EntityID, e.Version, string(e.Data), e.PrevHash, e.Hash); err != nil {
		return mapErr(fmt.Errorf("store: append audit entry %d: %w", e.Seq, err))
	}
	if _, err := t.exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", e.Seq, e.Hash); err != nil {
		return mapErr(fmt.Errorf("store: move audit head to %d: %w", e.Seq, err))
	}
	t.head = auditHead{seq: e.Seq, hash: e.Hash}
	t.entries++
	return nil
}

// Generation returns the audit head's sequence number, which every
// committed mutation moves (see vigil.AuditService). It is one read of a
// one-row table, cheap enough for every public request, and the same for
// every process on the database.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.db.QueryRowContext(ctx, "SELECT seq FROM audit_head WHERE id = 1").Scan(&seq); err != nil {
		return 0, fmt.Errorf("store: read the audit head: %w", err)
	}
	return seq, nil
}

const auditCols = "seq, at, actor, action, entity, entity_id, version, data, prev_hash, hash"

func scanAudit(sc scanner, e *vigil.AuditEntry) error {
	var data string
	if err := sc.Scan(&e.Seq, timeCol{&e.At}, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Version, strCol{&data}, &e.PrevHash, &e.Hash); err != nil {
		return err
	}
	e.Data = json.RawMessage(data)
	return nil
}

// needRestricted refuses viewers without restricted clearance: audit
// entries hold whole records, protected identities included.
func needRestricted(v vigil.Viewer, what string) error {
	if v.Clearance != vigil.Restricted {
		return vigil.Errorf(vigil.EFORBIDDEN, "you may not %s: restricted clearance is required, because audit entries hold whole records", what)
	}
	return nil
}

// FindAuditEntries lists audit entries in seq order ("-seq" for newest
// first). It needs restricted clearance (EFORBIDDEN otherwise).
func (s *Store) FindAuditEntries(ctx context.Context, f vigil.AuditFilter) ([]*vigil.AuditEntry, int, error) {
	if err := needRestricted(vigil.ViewerFrom(ctx), "read the audit log"); err != nil {
		return nil, 0, err
	}
	if err := f.Page.Normalize("seq"); err != nil {
		return nil, 0, err
	}
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != nil {
		w.add("entity_id = ?", *f.EntityID)
	}
	order := " ORDER BY seq"
	if f.Sort == "-seq" {
		order += " DESC"
	}
	out := []*vigil.AuditEntry{}
	var n int
	err := s.read(ctx, func(t *txn) error {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE "+w.sql(), w.args...).Scan(&n); err != nil {
			return fmt.Errorf("store: count audit entries: %w", err)
		}
		rows, err := t.query(ctx, "SELECT "+auditCols+" FROM audit_log WHERE "+w.sql()+order+" LIMIT ? OFFSET ?",
			append(w.args, f.Limit, f.Offset)...)
		if err != nil {
			return fmt.Errorf("store: list audit entries: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			e := new(vigil.AuditEntry)
			if err := scanAudit(rows, e); err != nil {
				return fmt.Errorf("store: list audit entries: %w", err)
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: list audit entries: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

// VerifyAudit walks the whole chain in seq order, streaming, and reports
// the first broken link: an altered entry (hash mismatch), a broken link
// (prev_hash mismatch), a missing entry (gap in seq), or entries missing
// from the end (the head records a later seq). It needs restricted
// clearance.
func (s *Store) VerifyAudit(ctx context.Context) (*vigil.AuditVerification, error) {
	if err := needRestricted(vigil.ViewerFrom(ctx), "verify the audit log"); err != nil {
		return nil, err
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		// One snapshot for the walk and the head.
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit: begin: %w", err)
	}
	t := &txn{tx: tx, s: s, v: vigil.ViewerFrom(ctx)}
	defer t.rollback()
	var head auditHead
	if err := t.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&head.seq, &head.hash); err != nil {
		return nil, fmt.Errorf("store: verify audit: read head: %w", err)
	}
	var v audit.Verifier
	if err := walkAudit(ctx, t, &v); err != nil {
		return nil, err
	}
	v.Head(head.seq, head.hash)
	res := v.Result()
	if err := t.commit(); err != nil {
		return nil, err
	}
	return &res, nil
}

// walkAudit feeds the entries to v in seq order, a page at a time so that
// memory stays flat, and stops at the first break.
func walkAudit(ctx context.Context, t *txn, v *audit.Verifier) error {
	const page = 2000
	after := int64(-1 << 62)
	for {
		rows, err := t.query(ctx, "SELECT "+auditCols+" FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", after, page)
		if err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		n, ok := 0, true
		for rows.Next() {
			var e vigil.AuditEntry
			if err := scanAudit(rows, &e); err != nil {
				rows.Close()
				return fmt.Errorf("store: verify audit: %w", err)
			}
			n++
			after = e.Seq
			if !v.Add(e) {
				ok = false
				break
			}
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("store: verify audit: %w", err)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		if !ok || n < page {
			return nil
		}
	}
}
