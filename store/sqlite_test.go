package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"vigil/store"
	"vigil/store/storetest"
)

// openSQLite opens a fresh SQLite database file in a temporary directory.
func openSQLite(t *testing.T) *store.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vigil.db")
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatalf("open sqlite %s: %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestSQLite runs the shared suite on SQLite.
func TestSQLite(t *testing.T) {
	storetest.Run(t, openSQLite)
	t.Run("DriverErrors", func(t *testing.T) { testDriverErrors(t, openSQLite(t)) })
	t.Run("Pragmas", func(t *testing.T) {
		s := openSQLite(t)
		db := s.DB()
		db.SetMaxOpenConns(4)
		// Every pooled connection has the PRAGMAs, not just the first.
		conns := make([]interface{ Close() error }, 0, 3)
		for i := 0; i < 3; i++ {
			c, err := db.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			var fk, timeout int
			var mode string
			if err := c.QueryRowContext(context.Background(), "PRAGMA foreign_keys").Scan(&fk); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(context.Background(), "PRAGMA busy_timeout").Scan(&timeout); err != nil {
				t.Fatal(err)
			}
			if err := c.QueryRowContext(context.Background(), "PRAGMA journal_mode").Scan(&mode); err != nil {
				t.Fatal(err)
			}
			if fk != 1 || timeout != 10000 || mode != "wal" {
				t.Fatalf("connection %d: foreign_keys=%d busy_timeout=%d journal_mode=%s", i, fk, timeout, mode)
			}
		}
		for _, c := range conns {
			c.Close()
		}
	})
	t.Run("Memory", func(t *testing.T) {
		for _, dsn := range []string{":memory:", "sqlite::memory:"} {
			s, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Fatalf("open %s: %v", dsn, err)
			}
			if s.Dialect() != store.SQLite {
				t.Fatalf("dialect %s", s.Dialect())
			}
			storetest.Seed(t, s)
			s.Close()
		}
	})
}
