package store

import (
	"database/sql"
	"errors"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// The two dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// dsnConfig is a parsed DSN: which driver, with what source string.
type dsnConfig struct {
	dialect string
	driver  string
	source  string
	memory  bool
	path    string // the SQLite file
}

// sqlitePragmas are applied by modernc.org/sqlite to every new pooled
// connection, busy_timeout first: a PRAGMA set with one Exec on a pool
// reaches only one connection. Writers start with BEGIN IMMEDIATE
// (_txlock), so they queue on busy_timeout instead of failing with
// SQLITE_BUSY when a deferred read lock cannot be upgraded.
var sqlitePragmas = []string{
	"_pragma=busy_timeout(10000)",
	"_pragma=journal_mode(WAL)",
	"_pragma=foreign_keys(1)",
	"_pragma=synchronous(NORMAL)",
	"_txlock=immediate",
}

// parseDSN picks the engine for dsn (see Open).
func parseDSN(dsn string) (dsnConfig, error) {
	dsn = strings.TrimSpace(dsn)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return dsnConfig{dialect: Postgres, driver: "pgx", source: dsn}, nil
	case dsn == "":
		return dsnConfig{}, errors.New("empty DSN: give a SQLite file path or a postgres:// URL")
	}
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	path, query, _ := strings.Cut(path, "?")
	if path == "" {
		return dsnConfig{}, errors.New("empty SQLite path")
	}
	params := []string{}
	if query != "" {
		if _, err := url.ParseQuery(query); err != nil {
			return dsnConfig{}, err
		}
		params = append(params, query)
	}
	params = append(params, sqlitePragmas...)
	cfg := dsnConfig{dialect: SQLite, driver: "sqlite", memory: path == ":memory:", path: path}
	if cfg.memory {
		// WAL does not apply to a memory database; the other PRAGMAs do.
		params = slicesDelete(params, "_pragma=journal_mode(WAL)")
	}
	cfg.source = path + "?" + strings.Join(params, "&")
	return cfg, nil
}

func slicesDelete(list []string, v string) []string {
	out := list[:0]
	for _, s := range list {
		if s != v {
			out = append(out, s)
		}
	}
	return out
}

// configurePool sizes the pool. A private in-memory SQLite database
// lives as long as its one connection, so the pool keeps exactly one
// forever.
func (c dsnConfig) configurePool(db *sql.DB) {
	switch {
	case c.memory:
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
	case c.dialect == SQLite:
		// One writer at a time anyway; readers run concurrently in WAL.
		db.SetMaxOpenConns(8)
		db.SetMaxIdleConns(8)
	default:
		db.SetMaxOpenConns(16)
		db.SetMaxIdleConns(8)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
}

// rebind rewrites the ? placeholders of q into PostgreSQL's $1, $2, …
// Question marks inside single-quoted literals, double-quoted identifiers
// and comments are left alone. SQLite takes q unchanged.
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	return rebindDollar(q)
}

func rebindDollar(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				b.WriteString(q[i:])
				return b.String()
			}
			b.WriteString(q[i : i+j+1])
			i += j
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// forUpdate is the row-locking suffix of a SELECT: PostgreSQL locks the
// rows; SQLite needs nothing, because its writing transactions already
// hold the database's write lock.
func (s *Store) forUpdate() string {
	if s.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
