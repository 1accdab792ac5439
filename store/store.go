// Package store implements vigil.Service with database/sql on two
// engines: embedded SQLite (modernc.org/sqlite, the default) and
// PostgreSQL (pgx through its database/sql driver). There is one
// implementation; the few places where the SQL differs are small explicit
// switches on the dialect (see dialect.go and docs/store.md).
//
// Every method follows one shape: read the viewer from the context,
// check the role, begin a transaction with one fixed "now", call an
// unexported function that works on the transaction, and commit. Reads
// filter by clearance in SQL; writes validate, check references, write,
// re-derive what depends on the change, and append to the hash-chained
// audit log in the same transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"time"

	"vigil"
	"vigil/figure"
	"vigil/seal"
)

// Options configure a Store. The zero value is usable.
type Options struct {
	// Now returns the current time; it defaults to time.Now. Stored times
	// are UTC with microsecond precision.
	Now func() time.Time
	// Policy turns claim figures into intervals; the zero value means
	// figure.DefaultPolicy().
	Policy figure.Policy
	// Logger receives diagnostics such as applied migrations; it defaults
	// to a logger that discards everything.
	Logger *slog.Logger
	// NoMigrate opens the database without applying pending migrations.
	// The store refuses to open a database whose applied migrations do
	// not match this binary's even then.
	NoMigrate bool
	// Accounts sets password hashing, lockout, session and invite limits;
	// zero fields take the defaults (see AccountPolicy).
	Accounts AccountPolicy
	// Key is where the key-encryption key comes from (seal.FileSource,
	// seal.EnvSource). A key file that does not exist is created for a
	// database without data keys, and never for one that has them. nil
	// means seal.Ephemeral(): a random key that dies with the process,
	// for tests and in-memory databases only, since nothing sealed under
	// it can be read by another process.
	Key seal.Source
}

// Store is the database-backed implementation of vigil.Service. It is
// safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect string
	now     func() time.Time
	policy  figure.Policy
	log     *slog.Logger
	acct    accounts
	dsn     string
	opts    Options

	// keys is shared by the copies WithClock and WithAccounts make.
	keys *keyState
}

// keyState is the key-encryption key, its source, and the data keys
// unwrapped so far by their wrapped form (docs/privacy.md).
type keyState struct {
	mu   sync.Mutex
	src  seal.Source
	kek  seal.Key
	deks map[string]seal.Key
}

var _ vigil.Service = (*Store)(nil)

// Open connects to the database named by dsn, checks and applies the
// migrations, and returns a ready store.
//
// A dsn starting with postgres:// or postgresql:// selects PostgreSQL.
// Anything else is SQLite: a file path, optionally prefixed with
// "sqlite:", or ":memory:" for a private in-memory database (one
// connection; for tests and experiments).
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	cfg, err := parseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	var warnings []string
	if cfg.dialect == SQLite && !cfg.memory {
		if warnings, err = protectSQLiteFile(cfg.path); err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
	}
	db, err := sql.Open(cfg.driver, cfg.source)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", cfg.dialect, err)
	}
	cfg.configurePool(db)
	s := &Store{db: db, dialect: cfg.dialect, now: opts.Now, log: opts.Logger, dsn: dsn, opts: opts, keys: &keyState{}}
	if s.now == nil {
		s.now = time.Now
	}
	s.policy = opts.Policy
	if reflect.ValueOf(s.policy).IsZero() {
		s.policy = figure.DefaultPolicy()
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, w := range warnings {
		s.log.Warn("the database file is readable by others", "problem", w)
	}
	if s.acct, err = newAccounts(opts.Accounts); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", cfg.dialect, err)
	}
	if s.dialect == Postgres {
		s.checkCtype(ctx)
	}
	if opts.NoMigrate {
		err = s.checkMigrations(ctx)
	} else {
		_, err = s.Migrate(ctx)
	}
	if err == nil {
		err = s.initKeys(ctx, opts.Key)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Reopen opens another Store on the same database with other options, as
// another process would: tests use it to open a database with another
// key. A private in-memory database cannot be reopened: ":memory:" opens
// a new one.
func (s *Store) Reopen(ctx context.Context, opts Options) (*Store, error) {
	return Open(ctx, s.dsn, opts)
}

// checkCtype warns when a PostgreSQL database does not have a UTF-8
// ctype: LOWER then leaves Korean and other non-ASCII text alone, and
// pg_trgm drops Korean trigrams, so searches silently degrade. Create the
// database with LOCALE 'C.UTF-8' TEMPLATE template0.
func (s *Store) checkCtype(ctx context.Context) {
	var ctype string
	if err := s.db.QueryRowContext(ctx, "SELECT datctype FROM pg_database WHERE datname = current_database()").Scan(&ctype); err != nil {
		s.log.Warn("cannot read the database ctype", "err", err)
		return
	}
	norm := strings.ToLower(strings.ReplaceAll(ctype, "-", ""))
	if !strings.HasSuffix(norm, ".utf8") {
		s.log.Warn("the PostgreSQL database does not have a UTF-8 ctype; Korean text will not fold or index properly", "datctype", ctype)
	}
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Dialect returns "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect }

// DB returns the underlying database, for tests, benchmarks and
// maintenance commands. Writes through it bypass validation and the
// audit log.
func (s *Store) DB() *sql.DB { return s.db }

// Policy returns the figure policy the store derives intervals with.
func (s *Store) Policy() figure.Policy { return s.policy }

// txn is one transaction with its fixed time, its viewer and, for writes,
// the audit head it holds.
type txn struct {
	tx      *sql.Tx
	s       *Store
	now     time.Time
	v       vigil.Viewer
	write   bool
	head    auditHead
	entries int           // audit entries appended in this transaction
	kr      *seal.Keyring // the data keys, read once when first needed
}

// beginRead starts a read-only transaction.
func (s *Store) beginRead(ctx context.Context) (*txn, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	return &txn{tx: tx, s: s, now: s.clock(), v: vigil.ViewerFrom(ctx)}, nil
}

// beginWrite starts a writing transaction and takes the audit head, which
// serializes writers on both engines: SQLite's immediate transactions
// already hold the database's write lock, and PostgreSQL locks the head
// row with SELECT … FOR UPDATE as the transaction's first statement.
func (s *Store) beginWrite(ctx context.Context) (*txn, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: begin: %w", err))
	}
	t := &txn{tx: tx, s: s, now: s.clock(), v: vigil.ViewerFrom(ctx), write: true}
	if err := t.lockHead(ctx); err != nil {
		tx.Rollback()
		return nil, err
	}
	return t, nil
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// rollback ends the transaction unless it was committed.
func (t *txn) rollback() { _ = t.tx.Rollback() }

func (t *txn) commit() error {
	if err := t.tx.Commit(); err != nil {
		return mapErr(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// read runs fn in a read-only transaction.
func (s *Store) read(ctx context.Context, fn func(*txn) error) error {
	t, err := s.beginRead(ctx)
	if err != nil {
		return err
	}
	defer t.rollback()
	if err := fn(t); err != nil {
		return err
	}
	return t.commit()
}

// write runs fn in a writing transaction and commits when it succeeds.
func (s *Store) write(ctx context.Context, fn func(*txn) error) error {
	t, err := s.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer t.rollback()
	if err := fn(t); err != nil {
		return err
	}
	return t.commit()
}

// exec, query and queryRow rebind placeholders for the dialect.
func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.s.rebind(q), args...)
}

func (t *txn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.s.rebind(q), args...)
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.s.rebind(q), args...)
}

// clearance is the viewer's clearance rank, compared with
// sensitivity_rank in SQL.
func (t *txn) clearance() int { return t.v.Clearance.Rank() }

// canWrite, canEdit and isAdmin return EFORBIDDEN for viewers without the
// role.
func canWrite(v vigil.Viewer, what string) error {
	if !v.CanWrite() {
		return vigil.Errorf(vigil.EFORBIDDEN, "you may not %s: a contributor, editor or admin role is required", what)
	}
	return nil
}

func canEdit(v vigil.Viewer, what string) error {
	if !v.CanEdit() {
		return vigil.Errorf(vigil.EFORBIDDEN, "you may not %s: an editor or admin role is required", what)
	}
	return nil
}

func isAdmin(v vigil.Viewer, what string) error {
	if !v.IsAdmin() {
		return vigil.Errorf(vigil.EFORBIDDEN, "you may not %s: the admin role is required", what)
	}
	return nil
}

// restore undoes changes to *rec when *err is set on return, so that a
// failed write leaves the caller's struct as it was. Use it as
// defer restore(rec, &err)().
func restore[T any](rec *T, err *error) func() {
	old := *rec
	return func() {
		if *err != nil {
			*rec = old
		}
	}
}

// withSystem returns a context whose viewer is the store itself, for
// maintenance it does on its own (the first data key).
func withSystem(ctx context.Context) context.Context {
	return vigil.WithViewer(ctx, vigil.Viewer{Actor: "vigil (store)", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
}

// isVigilErr reports whether err is (or wraps) a *vigil.Error.
func isVigilErr(err error) bool {
	var e *vigil.Error
	return errors.As(err, &e)
}
