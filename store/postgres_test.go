package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"vigil/store"
	"vigil/store/storetest"
)

const defaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// postgresDB creates a fresh UTF-8 database for this test run and returns
// an opener that gives every test its own schema in it. The database is
// dropped afterwards. Without a reachable server the test fails when CI
// is "true" and is skipped otherwise.
func postgresDB(t testing.TB) func(t testing.TB) *store.Store {
	t.Helper()
	base := os.Getenv("VIGIL_TEST_POSTGRES")
	if base == "" {
		base = defaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		msg := fmt.Sprintf("PostgreSQL at %s is unreachable (%v); set VIGIL_TEST_POSTGRES to a server where the user may CREATE DATABASE", redact(base), err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg + " (skipping; CI=true makes this a failure)")
	}
	t.Cleanup(func() { admin.Close() })

	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		t.Fatal(err)
	}
	name := "vigil_test_" + hex.EncodeToString(rnd[:])
	// Korean text needs a UTF-8 ctype: with C, pg_trgm keeps only Latin
	// trigrams and LOWER leaves non-ASCII alone.
	if _, err := admin.Exec(fmt.Sprintf("CREATE DATABASE %s LOCALE 'C.UTF-8' TEMPLATE template0", name)); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	var ctype, encoding string
	if err := admin.QueryRow("SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database WHERE datname = $1", name).Scan(&ctype, &encoding); err != nil {
		t.Fatal(err)
	}
	if norm := strings.ToLower(strings.ReplaceAll(ctype, "-", "")); !strings.HasSuffix(norm, ".utf8") || encoding != "UTF8" {
		t.Fatalf("database %s has ctype %q and encoding %s, want a UTF-8 ctype", name, ctype, encoding)
	}

	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	dbURL := u.String()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	n := 0
	return func(t testing.TB) *store.Store {
		t.Helper()
		n++
		schema := fmt.Sprintf("t%03d", n)
		if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatalf("create schema %s: %v", schema, err)
		}
		su := *u
		qv := su.Query()
		qv.Set("search_path", schema)
		su.RawQuery = qv.Encode()
		s, err := store.Open(context.Background(), su.String(), store.Options{})
		if err != nil {
			t.Fatalf("open postgres schema %s: %v", schema, err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}

// TestPostgres runs the shared suite on PostgreSQL.
func TestPostgres(t *testing.T) {
	open := postgresDB(t)
	storetest.Run(t, func(t *testing.T) *store.Store { return open(t) })
	t.Run("DriverErrors", func(t *testing.T) { testDriverErrors(t, open(t)) })
}
