package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"vigil"
	"vigil/seal"
)

// Rotation reports a key rotation. It holds no secret: key names and the
// fingerprint of the key-encryption key only.
type Rotation struct {
	Key     string         `json:"key"`     // the new current data key, e.g. "k2"
	Retired []string       `json:"retired"` // the data keys deleted
	KEK     string         `json:"kek"`     // fingerprint of the key-encryption key that wraps Key
	Rows    int            `json:"rows"`    // rows re-encrypted
	Fields  int            `json:"fields"`  // values re-encrypted
	Clear   int            `json:"clear"`   // values that were in the clear and are now sealed
	Tables  map[string]int `json:"tables"`  // values re-encrypted, by table
	Digests int            `json:"digests"` // keyed digests computed again under the new key
}

// RotateOptions configure RotateKey.
type RotateOptions struct {
	// NewKEK, when valid, also replaces the key-encryption key: the new
	// data key is wrapped by it, and the store uses it from then on. The
	// caller must keep it (write the key file) before calling.
	NewKEK seal.Key
	// Progress, when set, is called after each page of rows with the
	// table and the rows done in it so far.
	Progress func(table string, rows int)
}

// rotatePage is how many rows a rotation reads at a time.
const rotatePage = 500

// RotateKey makes a new data key and re-encrypts every sealed value
// under it, then deletes the older data keys, all in one transaction:
// until it commits, every value stays readable under the old key, and
// after it commits, nothing is sealed under the old keys any more except
// in the audit log's history, which stays verifiable but whose old
// sealed values become unreadable. The rotation is audited (entity
// seal_keys, action "rotate") without any secret. It needs the admin role
// and restricted clearance.
func (s *Store) RotateKey(ctx context.Context, opts RotateOptions) (*Rotation, error) {
	v := vigil.ViewerFrom(ctx)
	if err := isAdmin(v, "rotate the data key"); err != nil {
		return nil, err
	}
	if err := needRestricted(v, "rotate the data key"); err != nil {
		return nil, err
	}
	kek := s.keys.kek
	if opts.NewKEK.Valid() {
		kek = opts.NewKEK
	}
	var res *Rotation
	err := s.write(ctx, func(t *txn) error {
		old, err := t.keyRows(ctx)
		if err != nil {
			return err
		}
		ring, err := t.ring(ctx) // checks that the current KEK unlocks every key
		if err != nil {
			return err
		}
		var last int64
		for _, k := range old {
			last = max(last, k.id)
		}
		dek, err := seal.NewKey()
		if err != nil {
			return err
		}
		id := last + 1
		wrapped, err := seal.Wrap(kek, id, dek)
		if err != nil {
			return err
		}
		if _, err := t.exec(ctx, "INSERT INTO seal_keys (id, wrapped, kek, created_at) VALUES (?, ?, ?, ?)",
			id, wrapped, kek.Fingerprint(), fmtTime(t.now)); err != nil {
			return mapErr(fmt.Errorf("store: store data key %s: %w", seal.KeyName(id), err))
		}
		ring.Add(id, dek, true)
		if res, err = t.reseal(ctx, ring, opts.Progress); err != nil {
			return err
		}
		if _, err := t.exec(ctx, "DELETE FROM seal_keys WHERE id <> ?", id); err != nil {
			return fmt.Errorf("store: retire old data keys: %w", err)
		}
		res.KEK = kek.Fingerprint()
		for _, k := range old {
			res.Retired = append(res.Retired, seal.KeyName(k.id))
		}
		return t.auditKeyEvent(ctx, "rotate", id, res)
	})
	if err != nil {
		return nil, err
	}
	s.keys.mu.Lock()
	s.keys.kek, s.keys.deks = kek, map[string]seal.Key{}
	s.keys.mu.Unlock()
	return res, nil
}

// reseal re-encrypts every sealed value under ring's current key: values
// sealed under any key in ring are opened and sealed again; values in the
// clear where they should be sealed (from before sealing existed) are
// sealed. It reads rotatePage rows at a time and updates each row.
func (t *txn) reseal(ctx context.Context, ring *seal.Keyring, progress func(string, int)) (*Rotation, error) {
	res := &Rotation{Key: seal.KeyName(ring.Current()), Retired: []string{}, Tables: map[string]int{}}
	for _, st := range sealedTables {
		sp := st.sealSpec()
		name, cols, cond := sp.table, sp.cols, sp.cond
		sel := "SELECT t.id, t." + strings.Join(cols, ", t.") + " FROM " + name + " t WHERE " + cond + " AND t.id > ? ORDER BY t.id LIMIT ?"
		set := make([]string, len(cols))
		for i, c := range cols {
			set[i] = c + " = ?"
		}
		upd := "UPDATE " + name + " SET " + strings.Join(set, ", ") + " WHERE id = ?"
		var after int64
		done := 0
		for {
			page, err := t.sealedPage(ctx, sel, len(cols), after)
			if err != nil {
				return nil, fmt.Errorf("store: re-encrypt %s: %w", name, err)
			}
			for _, row := range page {
				args := make([]any, 0, len(cols)+1)
				for i, c := range cols {
					v := row.vals[i]
					if v == nil {
						args = append(args, nil)
						continue
					}
					if sp.emptyClear && *v == "" {
						args = append(args, "")
						continue
					}
					aad := seal.AAD(name, c, row.id)
					pt := *v
					if seal.IsSealed(pt) {
						if pt, err = ring.Open(aad, pt); err != nil {
							return nil, fmt.Errorf("store: re-encrypt: %w; nothing was changed", err)
						}
					} else {
						res.Clear++
					}
					ct, err := ring.Seal(aad, pt)
					if err != nil {
						return nil, fmt.Errorf("store: re-encrypt: %w", err)
					}
					args = append(args, ct)
					res.Fields++
					res.Tables[name]++
				}
				if _, err := t.exec(ctx, upd, append(args, row.id)...); err != nil {
					return nil, mapErr(fmt.Errorf("store: re-encrypt %s %d: %w", name, row.id, err))
				}
				after = row.id
			}
			res.Rows += len(page)
			done += len(page)
			if progress != nil && len(page) > 0 {
				progress(name, done)
			}
			if len(page) < rotatePage {
				break
			}
		}
	}
	// Keyed digests are derived from the current data key: every one is
	// computed again under the new key, from the values just sealed.
	for _, bi := range blindIndexes {
		n, err := bi.rekey(ctx, t, ring)
		if err != nil {
			return nil, err
		}
		res.Digests += n
	}
	return res, nil
}

// sealedRow is a row's id and the stored values of its sealed columns
// (nil for NULL).
type sealedRow struct {
	id   int64
	vals []*string
}

// sealedPage reads one page of sealed rows after id after.
func (t *txn) sealedPage(ctx context.Context, q string, ncols int, after int64) ([]sealedRow, error) {
	rows, err := t.query(ctx, q, after, rotatePage)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sealedRow
	for rows.Next() {
		r := sealedRow{vals: make([]*string, ncols)}
		dest := []any{&r.id}
		for i := range r.vals {
			dest = append(dest, strPtrCol{&r.vals[i]})
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// strPtrCol scans nullable text into **string.
type strPtrCol struct{ p **string }

func (c strPtrCol) Scan(v any) error {
	if v == nil {
		*c.p = nil
		return nil
	}
	var s string
	if err := (strCol{&s}).Scan(v); err != nil {
		return err
	}
	*c.p = &s
	return nil
}

// auditKeyEvent logs a rotation or first sealing: entity seal_keys, the
// new key's number as entity id, and the report (no secret) as data.
func (t *txn) auditKeyEvent(ctx context.Context, action string, id int64, res *Rotation) error {
	data, err := json.Marshal(res)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	return t.auditData(ctx, action, "seal_keys", id, 1, data)
}

// KeyInfo describes one data key.
type KeyInfo struct {
	ID        string    `json:"id"`  // "k2"
	KEK       string    `json:"kek"` // fingerprint of the key-encryption key that wraps it
	CreatedAt time.Time `json:"created_at"`
	Current   bool      `json:"current"`
	Fields    int       `json:"fields"` // values sealed under it
}

// KeyStatus describes the keys of a database and what is sealed under
// them. It holds no secret.
type KeyStatus struct {
	Source string    `json:"source"` // where the key-encryption key comes from
	KEK    string    `json:"kek"`    // its fingerprint
	Keys   []KeyInfo `json:"keys"`
	Fields int       `json:"fields"` // sealed values
	// Clear counts values that should be sealed and are not; Unknown,
	// values sealed under a key the database does not hold. Both are 0
	// unless something wrote behind the store's back.
	Clear   int            `json:"clear"`
	Unknown int            `json:"unknown"`
	Tables  map[string]int `json:"tables"` // sealed values by table
	// Digests counts keyed digests (blind indexes) under the current
	// key; StaleDigests, those under another key or malformed.
	Digests      int `json:"digests"`
	StaleDigests int `json:"stale_digests"`
}

// KeyStatus reports the data keys and counts the sealed values under
// each. It reads every sealed row; it needs the admin role.
func (s *Store) KeyStatus(ctx context.Context) (*KeyStatus, error) {
	if err := isAdmin(vigil.ViewerFrom(ctx), "read the key status"); err != nil {
		return nil, err
	}
	st := &KeyStatus{Source: s.keys.src.String(), KEK: s.keys.kek.Fingerprint(), Keys: []KeyInfo{}, Tables: map[string]int{}}
	err := s.snapshot(ctx, func(t *txn) error {
		rows, err := t.keyRows(ctx)
		if err != nil {
			return err
		}
		byID := map[int64]*KeyInfo{}
		for n, r := range rows {
			at, err := parseTime(r.created)
			if err != nil {
				return fmt.Errorf("store: data key %s: %w", seal.KeyName(r.id), err)
			}
			st.Keys = append(st.Keys, KeyInfo{ID: seal.KeyName(r.id), KEK: r.kek, CreatedAt: at, Current: n == len(rows)-1})
		}
		for i := range st.Keys {
			byID[rows[i].id] = &st.Keys[i]
		}
		for _, tb := range sealedTables {
			sp := tb.sealSpec()
			name, cols, cond := sp.table, sp.cols, sp.cond
			sel := "SELECT t.id, t." + strings.Join(cols, ", t.") + " FROM " + name + " t WHERE " + cond + " AND t.id > ? ORDER BY t.id LIMIT ?"
			var after int64
			for {
				page, err := t.sealedPage(ctx, sel, len(cols), after)
				if err != nil {
					return fmt.Errorf("store: key status of %s: %w", name, err)
				}
				for _, row := range page {
					for _, v := range row.vals {
						if v == nil || (sp.emptyClear && *v == "") {
							continue
						}
						p, err := seal.Parse(*v)
						switch {
						case err != nil:
							st.Clear++
						case byID[p.KeyID] == nil:
							st.Unknown++
						default:
							byID[p.KeyID].Fields++
							st.Fields++
							st.Tables[name]++
						}
					}
					after = row.id
				}
				if len(page) < rotatePage {
					break
				}
			}
		}
		if len(rows) > 0 {
			cur := map[int64]int{rows[len(rows)-1].id: 0}
			if st.Digests, st.StaleDigests, err = t.countDigests(ctx, cur); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// snapshot runs fn in a read-only transaction that sees one snapshot on
// both engines (REPEATABLE READ on PostgreSQL), so that a concurrent
// rotation cannot make the keys and the rows disagree.
func (s *Store) snapshot(ctx context.Context, fn func(*txn) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	t := &txn{tx: tx, s: s, now: s.clock(), v: vigil.ViewerFrom(ctx)}
	defer t.rollback()
	if err := fn(t); err != nil {
		return err
	}
	return t.commit()
}
