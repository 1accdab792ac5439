package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"vigil"
	"vigil/seal"
)

// sealing says which columns of a table are sealed at rest, and when
// (docs/privacy.md). A sealed column holds "v1:k<id>:…" for every row the
// condition holds for (NULL stays NULL); other rows keep it in the clear.
// Sealing and opening happen here, at the row boundary: records in Go
// hold plaintext, rows in the database hold ciphertext.
type sealing[T any] struct {
	cols  []string      // sealed TEXT columns, each also in the table's cols
	when  func(*T) bool // whether the record's sealed columns are sealed
	cond  string        // the same condition in SQL, on alias t
	desc  string        // the condition in words
	blank func(*T)      // zeroes the sealed fields, for audit images
	once  sync.Once
	idx   []int // positions of cols in the table's cols
}

// index returns the positions of the sealed columns in cols.
func (s *sealing[T]) index(cols []string) []int {
	s.once.Do(func() {
		for _, c := range s.cols {
			i := slices.Index(cols, c)
			if i < 0 {
				panic("store: sealed column " + c + " is not a column of its table")
			}
			s.idx = append(s.idx, i)
		}
	})
	return s.idx
}

// sealSpec is what rotation, status and SealedFields need of a table
// with sealed columns, whatever reads and writes it.
type sealSpec struct {
	table string
	cols  []string
	cond  string // on alias t: the rows whose cols are sealed
	desc  string // cond in words
	// emptyClear keeps "" as "" instead of sealing it: for columns where
	// "" means "none" and SQL tests it (a user without a second factor).
	emptyClear bool
}

// sealedTable is a table with sealed columns.
type sealedTable interface{ sealSpec() sealSpec }

func (tb *table[T]) sealSpec() sealSpec {
	return sealSpec{table: tb.name, cols: tb.seal.cols, cond: tb.seal.cond, desc: tb.seal.desc}
}

func (s sealSpec) sealSpec() sealSpec { return s }

// sealedTables lists every table with sealed columns. Tables read and
// written by hand-written SQL (signatures, invitations, users) describe
// their sealing with a sealSpec and seal and open at their own row
// boundary.
var sealedTables = []sealedTable{actors, sources, claims, incidents, links, places, posts, memberships, violations,
	snapshots, campaigns, asks, askEventSeal.sealSpec, actions, outcomes, events, photos, letters, letterVersionSeal.sealSpec,
	letterCommentSeal.sealSpec, deliveries, reports, signatureSeal, invitationSeal, userSeal}

// SealedField is a column sealed at rest, and the rows it is sealed in.
type SealedField struct {
	Table  string `json:"table"`
	Column string `json:"column"`
	// When says which rows: "protected person or restricted record",
	// "restricted record", "every row" …
	When string `json:"when"`
	// Condition is the same in SQL on the table aliased t.
	Condition string `json:"condition"`
}

// SealedFields lists every sealed column, for documentation, key status
// and tests that must cover them all.
func SealedFields() []SealedField {
	var out []SealedField
	for _, st := range sealedTables {
		sp := st.sealSpec()
		for _, c := range sp.cols {
			cond := sp.cond
			if sp.emptyClear {
				cond = "(" + cond + ") AND t." + c + " <> ''"
			}
			out = append(out, SealedField{Table: sp.table, Column: c, When: sp.desc, Condition: cond})
		}
	}
	return out
}

// sealedCol is the SQL of a column as filters and sorts may use it: the
// empty string where the row holds it sealed, so that no query compares a
// ciphertext.
// Searching a sealed field is impossible in SQL; docs/privacy.md says so.
func (tb *table[T]) sealedCol(col string) string {
	if tb.seal == nil || !slices.Contains(tb.seal.cols, col) {
		return "t." + col
	}
	return "CASE WHEN " + tb.seal.cond + " THEN '' ELSE t." + col + " END"
}

// rawCol captures the stored value of a sealed column until the rest of
// the row says whether it is sealed.
type rawCol struct{ v any }

func (c *rawCol) Scan(v any) error {
	switch x := v.(type) {
	case []byte:
		c.v = string(x)
	case nil, string:
		c.v = x
	default:
		return fmt.Errorf("a sealed column holds %T, not text", v)
	}
	return nil
}

// pending holds the stored values of a row's sealed columns between the
// scan and their opening, with the record's own scan targets for them.
type pending struct {
	raw  []rawCol
	dest []any
}

// scan reads one row into rec. Sealed columns are held in the returned
// pending until unseal opens them (nil for a table without sealing).
func (tb *table[T]) scan(sc scanner, rec *T) (*pending, error) {
	m := tb.meta(rec)
	dest := tb.dest(rec)
	var p *pending
	if tb.seal != nil {
		idx := tb.seal.index(tb.cols)
		p = &pending{raw: make([]rawCol, len(idx)), dest: make([]any, len(idx))}
		for k, i := range idx {
			p.dest[k], dest[i] = dest[i], &p.raw[k]
		}
	}
	err := sc.Scan(append([]any{&m.ID, &m.Sensitivity, &m.Version, timeCol{&m.CreatedAt}, timeCol{&m.UpdatedAt}}, dest...)...)
	return p, err
}

// unseal fills rec's sealed fields from p. When the row is sealed and
// open is false, they stay empty: a reader without restricted clearance
// never gets a ciphertext, and the plaintext is never decrypted for them.
// The store opens for restricted readers and for its own reads.
func unseal[T any](ctx context.Context, t *txn, tb *table[T], rec *T, p *pending, open bool) error {
	if p == nil {
		return nil
	}
	sealed := tb.seal.when(rec)
	id := tb.meta(rec).ID
	for k, col := range tb.seal.cols {
		v := p.raw[k].v
		if sealed && v != nil {
			if !open {
				v = ""
			} else {
				pt, err := t.open(ctx, seal.AAD(tb.name, col, id), v.(string))
				if err != nil {
					return err
				}
				v = pt
			}
		}
		var err error
		switch d := p.dest[k].(type) {
		case sql.Scanner:
			err = d.Scan(v)
		case *string:
			*d, err = "", nil
			if v != nil {
				*d = v.(string)
			}
		default:
			err = fmt.Errorf("cannot fill %T", d)
		}
		if err != nil {
			return fmt.Errorf("store: read %s.%s of %s %d: %w", tb.name, col, tb.noun, id, err)
		}
	}
	return nil
}

// sealArgs returns rec's column values for writing row id: the sealed
// columns sealed when the record is.
func sealArgs[T any](ctx context.Context, t *txn, tb *table[T], rec *T, id int64) ([]any, error) {
	args := tb.args(rec)
	if tb.seal == nil || !tb.seal.when(rec) {
		return args, nil
	}
	ring, err := t.ring(ctx)
	if err != nil {
		return nil, err
	}
	for k, i := range tb.seal.index(tb.cols) {
		if args[i] == nil {
			continue
		}
		s, ok := args[i].(string)
		if !ok {
			return nil, fmt.Errorf("store: seal %s.%s: value is %T, not text", tb.name, tb.seal.cols[k], args[i])
		}
		if args[i], err = ring.Seal(seal.AAD(tb.name, tb.seal.cols[k], id), s); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	return args, nil
}

// auditImage is what the audit log keeps of rec: its JSON, or for a
// sealed record its JSON with the sealed fields blanked plus "sealed", an
// object of freshly sealed values by column. The log never holds the
// plaintext of a sealed field, and verifying the chain needs no key.
func auditImage[T any](ctx context.Context, t *txn, tb *table[T], rec *T) ([]byte, error) {
	if tb.seal == nil || !tb.seal.when(rec) {
		return json.Marshal(rec)
	}
	args, err := sealArgs(ctx, t, tb, rec, tb.meta(rec).ID)
	if err != nil {
		return nil, err
	}
	sealed := map[string]string{}
	for k, i := range tb.seal.index(tb.cols) {
		if s, ok := args[i].(string); ok {
			sealed[tb.seal.cols[k]] = s
		}
	}
	img := *rec
	tb.seal.blank(&img)
	return sealedImage(&img, sealed)
}

// sealedImage is the JSON of img, a record whose sealed fields are
// blanked, with "sealed": the sealed values by column.
func sealedImage(img any, sealed map[string]string) ([]byte, error) {
	body, err := json.Marshal(img)
	if err != nil {
		return nil, err
	}
	if len(body) < 2 || body[len(body)-1] != '}' {
		return nil, fmt.Errorf("an audit image is not a JSON object")
	}
	sj, err := json.Marshal(sealed)
	if err != nil {
		return nil, err
	}
	out := append(body[:len(body)-1:len(body)-1], `,"sealed":`...)
	out = append(out, sj...)
	return append(out, '}'), nil
}

// auditSealed appends the audit entry of img, whose sealed fields are
// blanked, carrying vals (plaintexts by column) sealed for their row
// (table.column:id), so the log never holds them in the clear. With no
// vals it is an ordinary entry.
func (t *txn) auditSealed(ctx context.Context, action, table string, id int64, version int, img any, vals map[string]string) error {
	if len(vals) == 0 {
		return t.audit(ctx, action, table, id, version, img)
	}
	ring, err := t.ring(ctx)
	if err != nil {
		return err
	}
	sealed := make(map[string]string, len(vals))
	for col, v := range vals {
		if sealed[col], err = ring.Seal(seal.AAD(table, col, id), v); err != nil {
			return fmt.Errorf("store: audit %s %s %d: %w", action, table, id, err)
		}
	}
	data, err := sealedImage(img, sealed)
	if err != nil {
		return fmt.Errorf("store: audit %s %s %d: %w", action, table, id, err)
	}
	return t.auditData(ctx, action, table, id, version, data)
}

// sealValues seals vals (plaintexts by column) for row id of table with
// the transaction's current key, in the order of cols; a nil value
// stays NULL.
func (t *txn) sealValues(ctx context.Context, table string, id int64, cols []string, vals []*string) ([]any, error) {
	ring, err := t.ring(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(cols))
	for i, c := range cols {
		if vals[i] == nil {
			continue
		}
		if out[i], err = ring.Seal(seal.AAD(table, c, id), *vals[i]); err != nil {
			return nil, fmt.Errorf("store: seal %s.%s of %d: %w", table, c, id, err)
		}
	}
	return out, nil
}

// auditRecord appends the audit entry of a change to rec.
func auditRecord[T any](ctx context.Context, t *txn, tb *table[T], action string, rec *T) error {
	m := tb.meta(rec)
	data, err := auditImage(ctx, t, tb, rec)
	if err != nil {
		return fmt.Errorf("store: audit %s %s %d: %w", action, tb.name, m.ID, err)
	}
	return t.auditData(ctx, action, tb.name, m.ID, m.Version, data)
}

// Keys.

// keyRow is one row of seal_keys.
type keyRow struct {
	id      int64
	wrapped string
	kek     string // fingerprint of the wrapping key
	created string
}

// keyRows reads seal_keys in id order.
func (t *txn) keyRows(ctx context.Context) ([]keyRow, error) {
	rows, err := t.query(ctx, "SELECT id, wrapped, kek, created_at FROM seal_keys ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: read data keys: %w", err)
	}
	defer rows.Close()
	var out []keyRow
	for rows.Next() {
		var k keyRow
		if err := rows.Scan(&k.id, &k.wrapped, &k.kek, &k.created); err != nil {
			return nil, fmt.Errorf("store: read data keys: %w", err)
		}
		out = append(out, k)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read data keys: %w", err)
	}
	return out, nil
}

// ring returns the transaction's keyring: every data key in seal_keys,
// the highest current. It is read once per transaction that needs it, in
// the transaction, so a rotation committed by another process is seen
// by the next transaction.
func (t *txn) ring(ctx context.Context) (*seal.Keyring, error) {
	if t.kr != nil {
		return t.kr, nil
	}
	rows, err := t.keyRows(ctx)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errors.New("store: the database has no data key; open it again to create one")
	}
	kr, err := t.s.keyring(rows)
	if err != nil {
		return nil, err
	}
	t.kr = kr
	return kr, nil
}

// ringFirst reads the keyring before a query whose rows it will open,
// when need is set. Under PostgreSQL's read committed, each statement
// sees the latest commit: keys read first are at worst older than the
// rows, and open reads them again when a row names a newer key. Keys read
// after the rows could already lack the key the rows were sealed with.
func (t *txn) ringFirst(ctx context.Context, need bool) error {
	if !need {
		return nil
	}
	_, err := t.ring(ctx)
	return err
}

// open decrypts a sealed value, reading the keyring again once if the
// value names a key it lacks (a rotation committed between two
// statements of a PostgreSQL read-committed transaction).
func (t *txn) open(ctx context.Context, aad, v string) (string, error) {
	ring, err := t.ring(ctx)
	if err != nil {
		return "", err
	}
	pt, err := ring.Open(aad, v)
	if errors.Is(err, seal.ErrUnknownKey) {
		t.kr = nil
		if ring, err = t.ring(ctx); err != nil {
			return "", err
		}
		pt, err = ring.Open(aad, v)
	}
	if err != nil {
		return "", fmt.Errorf("store: read sealed field: %w", err)
	}
	return pt, nil
}

// keyring unwraps rows with the store's KEK, reusing data keys it has
// unwrapped before; the cache keeps only the keys listed, so a retired
// key leaves memory at the next read.
func (s *Store) keyring(rows []keyRow) (*seal.Keyring, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	kr := seal.NewKeyring()
	cache := make(map[string]seal.Key, len(rows))
	for n, r := range rows {
		k, ok := s.keys.deks[r.wrapped]
		if !ok {
			var err error
			if k, err = s.unwrap(r); err != nil {
				return nil, err
			}
		}
		cache[r.wrapped] = k
		kr.Add(r.id, k, n == len(rows)-1)
	}
	s.keys.deks = cache
	return kr, nil
}

// unwrap opens one data key with the KEK, naming the key source when it
// is the wrong one.
func (s *Store) unwrap(r keyRow) (seal.Key, error) {
	if r.kek != s.keys.kek.Fingerprint() {
		return seal.Key{}, s.wrongKey(r)
	}
	k, err := seal.Unwrap(s.keys.kek, r.id, r.wrapped)
	if errors.Is(err, seal.ErrAuth) {
		return seal.Key{}, s.wrongKey(r)
	} else if err != nil {
		return seal.Key{}, fmt.Errorf("store: %w", err)
	}
	return k, nil
}

// ErrWrongKey is wrapped when the key-encryption key does not unlock the
// database's data keys.
var ErrWrongKey = errors.New("wrong key")

func (s *Store) wrongKey(r keyRow) error {
	return fmt.Errorf("store: %w: the key from %s (fingerprint %s) does not unlock this database, whose data key %s is wrapped by the key with fingerprint %s; use the key this database was sealed with (restore it from your backup); nothing was read or changed",
		ErrWrongKey, s.keys.src, s.keys.kek.Fingerprint(), seal.KeyName(r.id), r.kek)
}

// KeySource returns where the store's key-encryption key comes from.
func (s *Store) KeySource() seal.Source { return s.keys.src }

// initKeys loads the key-encryption key and checks that it unlocks the
// current data key. A database without data keys gets its first one
// (creating a key file when the source is one that does not exist yet),
// and any field that should be sealed and is not, from before sealing
// existed, is sealed in the same transaction.
func (s *Store) initKeys(ctx context.Context, src seal.Source) error {
	if src == nil {
		src = seal.Ephemeral()
		if s.dsn != ":memory:" && s.dsn != "sqlite::memory:" {
			s.log.Warn("no key source configured: restricted fields are sealed under an ephemeral key and cannot be read after this process ends", "dialect", s.dialect)
		}
	}
	s.keys.src = src
	var rows []keyRow
	if err := s.read(ctx, func(t *txn) error {
		var err error
		rows, err = t.keyRows(ctx)
		return err
	}); err != nil {
		return err
	}
	kek, err := src.Load()
	switch {
	case err == nil:
	case errors.Is(err, seal.ErrNoKey) && len(rows) > 0:
		last := rows[len(rows)-1]
		return fmt.Errorf("store: this database's sealed fields need the key with fingerprint %s, but %w; restore the key from your backup; nothing was read or changed", last.kek, err)
	case errors.Is(err, seal.ErrNoKey):
		c, ok := src.(seal.Creator)
		if !ok {
			return fmt.Errorf("store: %w", err)
		}
		if kek, err = c.Create(); err != nil {
			return fmt.Errorf("store: %w", err)
		}
		s.log.Info("created a key-encryption key; back it up apart from the database", "source", src.String(), "fingerprint", kek.Fingerprint())
	default:
		return fmt.Errorf("store: load the key: %w", err)
	}
	s.keys.kek = kek
	if len(rows) > 0 {
		_, err := s.keyring(rows)
		return err
	}
	if err := s.firstKey(ctx); err != nil {
		return err
	}
	// Migration 0007 emptied a search index that held sealed text and
	// queued every record: index them again, now without it.
	n, err := s.IndexPending(withSystem(ctx))
	if err != nil {
		return fmt.Errorf("store: rebuild the search index: %w", err)
	}
	if n > 0 {
		s.log.Info("rebuilt the search index without sealed fields", "records", n)
	}
	return nil
}

// firstKey creates data key k1 if the database still has none, and seals
// what should be sealed. It is not audited unless it sealed old rows:
// making the first key is part of creating the database.
func (s *Store) firstKey(ctx context.Context) error {
	ctx = withSystem(ctx)
	return s.write(ctx, func(t *txn) error {
		rows, err := t.keyRows(ctx)
		if err != nil {
			return err
		}
		if len(rows) > 0 { // another process made it first
			_, err := s.keyring(rows)
			return err
		}
		kr, err := t.addKey(ctx, s.keys.kek)
		if err != nil {
			return err
		}
		images, err := t.encryptStoredImages(ctx)
		if err != nil {
			return err
		}
		res, err := t.reseal(ctx, kr, nil)
		if err != nil {
			return err
		}
		res.Clear += images
		if res.Clear == 0 {
			return nil
		}
		s.log.Warn("sealed fields that were stored in the clear before sealing existed; their old audit entries still hold them", "fields", res.Clear)
		return t.auditKeyEvent(ctx, "seal", kr.Current(), res)
	})
}

// addKey makes a new data key, wraps it with kek and stores it as the
// current key; it returns a keyring of every stored key.
func (t *txn) addKey(ctx context.Context, kek seal.Key) (*seal.Keyring, error) {
	var last int64
	if err := t.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM seal_keys").Scan(&last); err != nil {
		return nil, fmt.Errorf("store: read data keys: %w", err)
	}
	dek, err := seal.NewKey()
	if err != nil {
		return nil, err
	}
	id := last + 1
	wrapped, err := seal.Wrap(kek, id, dek)
	if err != nil {
		return nil, err
	}
	if _, err := t.exec(ctx, "INSERT INTO seal_keys (id, wrapped, kek, created_at) VALUES (?, ?, ?, ?)",
		id, wrapped, kek.Fingerprint(), fmtTime(t.now)); err != nil {
		return nil, mapErr(fmt.Errorf("store: store data key %s: %w", seal.KeyName(id), err))
	}
	t.kr = nil
	return t.ring(ctx)
}

// restrictedOnly seals cols in restricted records; blank zeroes their
// fields.
func restrictedOnly[T any](meta func(*T) *vigil.Meta, blank func(*T), cols ...string) *sealing[T] {
	return &sealing[T]{
		cols:  cols,
		when:  func(r *T) bool { return meta(r).Sensitivity == vigil.Restricted },
		cond:  "t.sensitivity_rank = 2",
		desc:  "restricted record",
		blank: blank,
	}
}
