// Package storetest is the one behavioural test suite of package store.
// Run holds every test; store/sqlite_test.go and store/postgres_test.go
// run it against a real database of each engine, so a behaviour that
// differs between the engines fails the build. There are no mocks.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"vigil"
	"vigil/store"
)

// Opener returns a fresh, empty, migrated store for one test; it
// registers its own cleanup.
type Opener func(t *testing.T) *store.Store

// Run runs the whole suite. Every named case opens its own store, so the
// cases are independent of each other and of their order.
func Run(t *testing.T, open func(t *testing.T) *store.Store) {
	groups := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"Migrations", testMigrations},
		{"CRUD", testCRUD},
		{"Validation", testValidation},
		{"References", testReferences},
		{"Versions", testVersions},
		{"Clearance", testClearance},
		{"Roles", testRoles},
		{"Derive", testDerive},
		{"Links", testLinks},
		{"Stats", testStats},
		{"Audit", testAudit},
		{"Tokens", testTokens},
		{"Concurrency", testConcurrency},
		{"Lists", testLists},
		{"Import", testImport},
		{"Export", testExport},
		{"FollowUp", testFollowUp},
		{"Accounts", testAccounts},
		{"Advocacy", testAdvocacy},
		{"Monitoring", testMonitoring},
		{"Seal", testSeal},
		{"Reports", testReports},
		{"Formats", testFormats},
		{"PublicationCanary", testPublicationCanary},
		{"Search", testSearch},
		{"ReaderViews", testReaderViews},
		{"CrawlCanary", testCrawlCanary},
		{"AccessEdges", testAccessEdges},
		{"TotalsEdges", testTotalsEdges},
		{"PublicCache", testPublicCache},
		{"Harden", testHarden},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.fn(t, open) })
	}
}

// Viewers used throughout the suite.
var (
	Admin       = vigil.Viewer{Actor: "test:admin", Role: vigil.RoleAdmin, Clearance: vigil.Restricted}
	Editor      = vigil.Viewer{Actor: "test:editor", Role: vigil.RoleEditor, Clearance: vigil.Restricted}
	Contributor = vigil.Viewer{Actor: "test:contributor", Role: vigil.RoleContributor, Clearance: vigil.Coalition}
	Member      = vigil.Viewer{Actor: "test:member", Role: vigil.RoleViewer, Clearance: vigil.Coalition}
	Staff       = vigil.Viewer{Actor: "test:staff", Role: vigil.RoleViewer, Clearance: vigil.Restricted}
	Anonymous   = vigil.Anonymous
)

// As returns a context carrying v.
func As(v vigil.Viewer) context.Context { return vigil.WithViewer(context.Background(), v) }

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

// MustOK fails the test on err.
func MustOK(tb testing.TB, err error, what string) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
}

// MustCode fails unless err carries the vigil error code; it returns the
// *vigil.Error.
func MustCode(tb testing.TB, err error, code, what string) *vigil.Error {
	tb.Helper()
	if err == nil {
		tb.Fatalf("%s: no error, want %s", what, code)
	}
	if got := vigil.ErrorCode(err); got != code {
		tb.Fatalf("%s: error %q has code %s, want %s", what, err, got, code)
	}
	var e *vigil.Error
	errors.As(err, &e)
	return e
}

// MustField fails unless err is EINVALID with a reason for field that
// contains want.
func MustField(tb testing.TB, err error, field, want string) {
	tb.Helper()
	e := MustCode(tb, err, vigil.EINVALID, "field "+field)
	reason, ok := e.Fields[field]
	if !ok {
		tb.Fatalf("error %q names fields %v, want %s", err, keys(e.Fields), field)
	}
	if !strings.Contains(reason, want) {
		tb.Fatalf("field %s: reason %q, want it to contain %q", field, reason, want)
	}
}

// MustMessage fails unless err's message contains want.
func MustMessage(tb testing.TB, err error, want string) {
	tb.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		tb.Fatalf("error %v, want it to contain %q", err, want)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// MustEqualJSON compares two values through their JSON encoding, which
// is what clients see.
func MustEqualJSON(tb testing.TB, got, want any, what string) {
	tb.Helper()
	g, err := json.Marshal(got)
	MustOK(tb, err, "marshal got")
	w, err := json.Marshal(want)
	MustOK(tb, err, "marshal want")
	if string(g) != string(w) {
		tb.Fatalf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// AuditCount returns the number of audit entries.
func AuditCount(tb testing.TB, s *store.Store) int {
	tb.Helper()
	var n int
	MustOK(tb, s.DB().QueryRow("SELECT COUNT(*) FROM audit_log").Scan(&n), "count audit entries")
	return n
}

// MustVerify fails unless the audit chain verifies.
func MustVerify(tb testing.TB, s *store.Store) *vigil.AuditVerification {
	tb.Helper()
	v, err := s.VerifyAudit(As(Admin))
	MustOK(tb, err, "verify audit")
	if !v.OK {
		tb.Fatalf("audit chain broken: %+v", v)
	}
	return v
}

// q rebinds ? placeholders for raw SQL in tests.
func q(s *store.Store, query string) string {
	if s.Dialect() != store.Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Exec runs raw SQL behind the store's back.
func Exec(tb testing.TB, s *store.Store, query string, args ...any) {
	tb.Helper()
	if _, err := s.DB().Exec(q(s, query), args...); err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
}

// QueryInt reads one integer with raw SQL.
func QueryInt(tb testing.TB, s *store.Store, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := s.DB().QueryRow(q(s, query), args...).Scan(&n); err != nil {
		tb.Fatalf("query %q: %v", query, err)
	}
	return n
}

// QueryBytes reads one binary value with raw SQL.
func QueryBytes(tb testing.TB, s *store.Store, query string, args ...any) []byte {
	tb.Helper()
	var v []byte
	if err := s.DB().QueryRow(q(s, query), args...).Scan(&v); err != nil {
		tb.Fatalf("query %q: %v", query, err)
	}
	return v
}

// QueryString reads one text value with raw SQL.
func QueryString(tb testing.TB, s *store.Store, query string, args ...any) string {
	tb.Helper()
	var v string
	if err := s.DB().QueryRow(q(s, query), args...).Scan(&v); err != nil {
		tb.Fatalf("query %q: %v", query, err)
	}
	return v
}
