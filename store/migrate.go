package store

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"time"

	"vigil/audit"
)

// migrationFiles holds the numbered SQL files of both dialects. They are
// append-only: an applied file is never edited; a change is a new file.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version  int    `json:"version"`
	Name     string `json:"name"` // the file name, e.g. "0001_init.sql"
	Checksum string `json:"checksum"`
	// AppliedAt is when the database applied it; nil while pending.
	AppliedAt *time.Time `json:"applied_at"`
	body      string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// Migrations lists the migrations embedded for dialect ("sqlite" or
// "postgres"), in order, without their state.
func Migrations(dialect string) ([]Migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %q: %w", dialect, err)
	}
	var ms []Migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("store: migration file %s/%s: name is not NNNN_name.sql", dir, e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("store: read migration %s: %w", e.Name(), err)
		}
		v, _ := strconv.Atoi(m[1])
		sum := sha256.Sum256(body)
		ms = append(ms, Migration{Version: v, Name: e.Name(), Checksum: hex.EncodeToString(sum[:]), body: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("store: migrations for %s: expected version %04d, found %s", dialect, i+1, m.Name)
		}
	}
	return ms, nil
}

// migrationLockID keys the PostgreSQL advisory lock that serializes
// migrating processes.
const migrationLockID = 0x7669_6769_6c00 // "vigil\0"

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	checksum   TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Migrate applies the pending migrations, each in its own transaction,
// and returns the ones it applied. It refuses to run when an applied
// migration's checksum differs from the embedded file, or when the
// database has migrations this binary does not know.
func (s *Store) Migrate(ctx context.Context) ([]Migration, error) {
	if err := s.migrationTx(ctx, func(t *txn) error {
		_, err := t.exec(ctx, createMigrationsTable)
		return err
	}); err != nil {
		return nil, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	state, err := s.MigrationStatus(ctx)
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range state {
		if m.AppliedAt != nil {
			continue
		}
		applied := false
		err := s.migrationTx(ctx, func(t *txn) error {
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil // another process applied it meanwhile
			}
			if _, err := t.tx.ExecContext(ctx, m.body); err != nil {
				return err
			}
			if _, err := t.exec(ctx, `INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`,
				m.Version, m.Name, m.Checksum, audit.FormatTime(t.now)); err != nil {
				return err
			}
			applied = true
			return nil
		})
		if err != nil {
			return done, fmt.Errorf("store: apply migration %s (%s): %w", m.Name, s.dialect, err)
		}
		if applied {
			at := s.clock()
			m.AppliedAt = &at
			done = append(done, m)
			s.log.Info("applied migration", "dialect", s.dialect, "migration", m.Name)
		}
	}
	return done, nil
}

// MigrationStatus returns every embedded migration with the time it was
// applied (nil while pending), after checking the applied ones.
func (s *Store) MigrationStatus(ctx context.Context) ([]Migration, error) {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			v              int
			name, sum, ats string
		)
		if err := rows.Scan(&v, &name, &sum, &ats); err != nil {
			return nil, fmt.Errorf("store: read schema_migrations: %w", err)
		}
		if v < 1 || v > len(ms) {
			return nil, fmt.Errorf("store: the database has migration %d (%s), which this build does not know; run a newer vigil", v, name)
		}
		m := &ms[v-1]
		if m.Checksum != sum {
			return nil, fmt.Errorf("store: migration %s was changed after it was applied (database checksum %.12s…, file %.12s…); migrations are append-only: restore the file and add a new one", m.Name, sum, m.Checksum)
		}
		at, err := parseTime(ats)
		if err != nil {
			return nil, fmt.Errorf("store: migration %s: applied_at: %w", m.Name, err)
		}
		m.AppliedAt = &at
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read schema_migrations: %w", err)
	}
	return ms, nil
}

// checkMigrations fails unless every embedded migration is applied and
// unchanged.
func (s *Store) checkMigrations(ctx context.Context) error {
	ms, err := s.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.AppliedAt == nil {
			return fmt.Errorf("store: migration %s is pending; run vigil migrate", m.Name)
		}
	}
	return nil
}

// migrationTx runs fn in a transaction that excludes other migrating
// processes: SQLite's immediate transaction holds the write lock, and on
// PostgreSQL a transaction-scoped advisory lock does.
func (s *Store) migrationTx(ctx context.Context, fn func(*txn) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	t := &txn{tx: tx, s: s, now: s.clock(), write: true}
	defer t.rollback()
	if s.dialect == Postgres {
		if _, err := t.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(migrationLockID)); err != nil {
			return err
		}
	}
	if err := fn(t); err != nil {
		return err
	}
	return tx.Commit()
}
