package store

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"vigil"
)

// dbErrKind classifies a driver error by its code, never by its text
// alone: SQLite extended result codes and PostgreSQL SQLSTATEs.
type dbErrKind int

const (
	errOther dbErrKind = iota
	errUnique
	errForeignKey
	errCheck
	errNotNull
	errBusy     // SQLite busy/locked; PostgreSQL serialization failure, deadlock
	errReadOnly // audit_log triggers and other RAISE(ABORT)s
)

// dbErr is a classified driver error.
type dbErr struct {
	kind dbErrKind
	// table, constraint and columns are what the driver says about the
	// failing constraint, where it says anything: PostgreSQL names the
	// constraint and table; SQLite names columns of unique constraints
	// only.
	table, constraint, columns, detail string
}

var (
	sqliteUniqueCols = regexp.MustCompile(`UNIQUE constraint failed: ([^()]+?)(?: \(\d+\))?$`)
	pgMissingTable   = regexp.MustCompile(`is not present in table "([^"]+)"`)
	pgKeyColumns     = regexp.MustCompile(`^Key \(([^)]+)\)`)
)

// classify looks at the driver error inside err.
func classify(err error) dbErr {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			d := dbErr{kind: errUnique}
			if m := sqliteUniqueCols.FindStringSubmatch(se.Error()); m != nil {
				d.columns = m[1]
			}
			return d
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return dbErr{kind: errForeignKey}
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			return dbErr{kind: errCheck, detail: se.Error()}
		case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return dbErr{kind: errNotNull, detail: se.Error()}
		case sqlite3.SQLITE_CONSTRAINT_TRIGGER:
			return dbErr{kind: errReadOnly, detail: se.Error()}
		}
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return dbErr{kind: errBusy}
		}
		return dbErr{}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		d := dbErr{table: pe.TableName, constraint: pe.ConstraintName, detail: pe.Detail}
		if m := pgKeyColumns.FindStringSubmatch(pe.Detail); m != nil {
			d.columns = m[1]
		}
		switch pe.Code {
		case "23505":
			d.kind = errUnique
		case "23503":
			d.kind = errForeignKey
		case "23514":
			d.kind = errCheck
		case "23502":
			d.kind = errNotNull
		case "40001", "40P01", "55P03":
			d.kind = errBusy
		case "P0001":
			d.kind = errReadOnly
		}
		return d
	}
	return dbErr{}
}

// fkField names the column of a foreign-key constraint, when the driver
// told us which: PostgreSQL's default names are <table>_<column>_fkey.
func (d dbErr) fkField() string {
	if d.constraint == "" || d.table == "" {
		return ""
	}
	f := strings.TrimSuffix(strings.TrimPrefix(d.constraint, d.table+"_"), "_fkey")
	if f == d.constraint {
		return ""
	}
	return f
}

// mapErr maps err to a *vigil.Error where its code says what happened,
// and otherwise returns it unchanged (an internal error).
func mapErr(err error) error {
	if err == nil || isVigilErr(err) {
		return err
	}
	switch d := classify(err); d.kind {
	case errUnique:
		return vigil.Errorf(vigil.ECONFLICT, "a record with the same %s already exists", orWord(d.columns, "key"))
	case errForeignKey:
		return vigil.Errorf(vigil.EINVALID, "a referenced record does not exist")
	case errBusy:
		return fmt.Errorf("store: the database is busy, try again: %w", err)
	}
	return err
}

// mapWriteErr maps a driver error from inserting or updating a noun: a
// duplicate is ECONFLICT, a missing referenced record EINVALID naming the
// field when the driver says which.
func mapWriteErr(err error, noun string) error {
	if err == nil || isVigilErr(err) {
		return err
	}
	switch d := classify(err); d.kind {
	case errUnique:
		return vigil.Errorf(vigil.ECONFLICT, "%s with the same %s already exists", article(noun), orWord(uniqueCols(d), "key"))
	case errForeignKey:
		field := d.fkField()
		what := "a record"
		if m := pgMissingTable.FindStringSubmatch(d.detail); m != nil {
			what = "a record in " + m[1]
		}
		if field == "" {
			return vigil.Errorf(vigil.EINVALID, "invalid %s: it references %s that does not exist", noun, what)
		}
		return &vigil.Error{Code: vigil.EINVALID, Message: "invalid " + noun,
			Fields: map[string]string{field: "references " + what + " that does not exist"}}
	case errCheck, errNotNull:
		return vigil.Errorf(vigil.EINVALID, "invalid %s: the database refused a value (%s)", noun, d.detail)
	}
	return mapErr(err)
}

// mapDeleteErr maps a driver error from deleting a noun: a record still
// referenced elsewhere is ECONFLICT.
func mapDeleteErr(err error, noun string, id int64) error {
	if err == nil || isVigilErr(err) {
		return err
	}
	if d := classify(err); d.kind == errForeignKey {
		by := "other records"
		if d.table != "" {
			by = d.table
		}
		return vigil.Errorf(vigil.ECONFLICT, "%s %d is still referenced by %s; remove those references first", noun, id, by)
	}
	return mapErr(err)
}

// uniqueCols renders the columns of a unique violation without their
// table prefix ("instruments.code" → "code").
func uniqueCols(d dbErr) string {
	cols := strings.Split(d.columns, ",")
	for i, c := range cols {
		c = strings.TrimSpace(c)
		if _, after, ok := strings.Cut(c, "."); ok {
			c = after
		}
		cols[i] = c
	}
	return strings.Join(cols, ", ")
}

func orWord(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// notFound is the error for a record that does not exist or that the
// viewer may not see; the two are indistinguishable on purpose.
func notFound(noun string, id int64) error {
	return vigil.Errorf(vigil.ENOTFOUND, "%s %d not found", noun, id)
}

// stale is the error for an update or delete that carried an old version.
func stale(noun string, id int64, have, sent int) error {
	return vigil.Errorf(vigil.ECONFLICT, "%s %d was changed by someone else (version %d, you had %d); reload and retry", noun, id, have, sent)
}
