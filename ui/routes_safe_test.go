package ui_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// stateChanging are the methods a route that changes state may have; a
// route with any other method must leave the database as it was.
var stateChanging = []string{"POST", "PATCH", "DELETE"}

// fingerprint sums up the database: the rows of every table, and the
// versions of versioned ones, so that an insert, a delete or a saved
// change shows (every change is audited too, which adds a row). Session
// timestamps that reading a page refreshes are left out.
func (w *workspace) fingerprint(t *testing.T) string {
	t.Helper()
	rows, err := w.st.DB().Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(tables) < 10 {
		t.Fatalf("only %d tables: %v", len(tables), tables)
	}
	var b strings.Builder
	for _, name := range tables {
		var n, versions int64
		if err := w.st.DB().QueryRow(`SELECT COUNT(*) FROM "` + name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		var has int
		if err := w.st.DB().QueryRow(`SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'version'`, name).Scan(&has); err != nil {
			t.Fatal(err)
		}
		if has > 0 {
			if err := w.st.DB().QueryRow(`SELECT COALESCE(SUM(version), 0) FROM "` + name + `"`).Scan(&versions); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Fprintf(&b, "%s:%d/%d ", name, n, versions)
	}
	return b.String()
}

// TestStateChangesArePostOnlyAndSameSite checks every route of the UI
// and of the public site served beside it:
// a route that changes state has POST, PATCH or DELETE for its method,
// and refuses a cross-site request (by fetch metadata or by Origin)
// without changing anything, even from an admin's browser; every other
// route is GET, and reading it, even as an admin and even at the address
// of a form's action, changes nothing.
func TestStateChangesArePostOnlyAndSameSite(t *testing.T) {
	w := mustWorkspace(t)
	for _, p := range w.routes() {
		method, _, ok := strings.Cut(p, " ")
		switch {
		case !ok && p != "/":
			t.Errorf("route %q matches every method: name one", p)
		case ok && method != "GET" && !slices.Contains(stateChanging, method):
			t.Errorf("route %q: a state-changing route must be POST, PATCH or DELETE", p)
		}
	}
	crossSite := []struct {
		name   string
		header []string
	}{
		{"cross-site fetch metadata", []string{"Sec-Fetch-Site", "cross-site"}},
		{"foreign origin", []string{"Origin", "https://evil.example"}},
		{"foreign origin, same-site metadata", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "same-site"}},
	}
	seen := map[string]bool{}
	for _, c := range allRouteCases(w) {
		if c.pattern == "" {
			continue
		}
		seen[c.pattern] = true
		for _, role := range []string{"anonymous", "admin"} {
			if c.method == "GET" {
				t.Run("reading "+c.path+" as "+role, func(t *testing.T) {
					path, _, session := c.request(t, w, role)
					before := w.fingerprint(t)
					w.do("GET", path, "", "en", nil, cookie(session)...)
					w.do("HEAD", path, "", "en", nil, cookie(session)...)
					if after := w.fingerprint(t); after != before {
						t.Fatalf("GET %s changed the database:\n%s\n%s", path, before, after)
					}
				})
				continue
			}
			t.Run(c.method+" "+c.path+" as "+role, func(t *testing.T) {
				path, body, session := c.request(t, w, role)
				before := w.fingerprint(t)
				// The form's address read with GET: a page or 405, never
				// the action.
				res, _ := w.do("GET", path, "", "en", nil, cookie(session)...)
				if c.pattern != "/" && res.StatusCode/100 == 2 && !slices.Contains(w.routes(), "GET "+c.pattern[len(c.method)+1:]) {
					t.Errorf("GET %s answered %d though only %s is served", path, res.StatusCode, c.method)
				}
				for _, cs := range crossSite {
					header := append(cookie(session), cs.header...)
					res, doc := w.do(c.method, path, "", "en", body, header...)
					if res.StatusCode != http.StatusForbidden || !strings.Contains(text(doc.Find("body")), "cross-origin") {
						t.Errorf("%s: status %d, want 403 from the cross-origin check", cs.name, res.StatusCode)
					}
				}
				if after := w.fingerprint(t); after != before {
					t.Fatalf("refused requests changed the database:\n%s\n%s", before, after)
				}
			})
		}
	}
	for _, p := range w.routes() {
		if !seen[p] {
			t.Errorf("route %q has no row to check", p)
		}
	}
}
