package ui_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/publish"
	"vigil/ui/form"
)

// roles are the columns of the route × role table, in order.
var roles = []string{"anonymous", "viewer", "contributor", "editor", "admin"}

// statuses by role, in the order of roles.
type statuses [5]int

func all(s int) statuses     { return statuses{s, s, s, s, s} }
func writers(s int) statuses { return statuses{403, 403, s, s, s} }
func editors(s int) statuses { return statuses{403, 403, 403, s, s} }

// seen by clearance: anonymous and viewers read public records,
// contributors coalition ones, editors and admins restricted ones.
func coalitionOnly(s int) statuses  { return statuses{404, 404, s, s, s} }
func restrictedOnly(s int) statuses { return statuses{404, 404, 404, s, s} }

// routeCase is one route of the table. body, when set, builds the form
// of a POST for the role just before it is sent, so that edits carry the
// version they read.
type routeCase struct {
	pattern string // the ui.Routes or public site pattern it covers ("" for API rows)
	method  string
	path    string
	body    func(w *workspace, role string) url.Values
	want    statuses
}

// uploadKey, in a route case's body, sends the body as
// multipart/form-data with a small JPEG as the file named by its value.
const uploadKey = "_upload"

// incidentForm is the edit form of incident id as it stands, with a
// change that differs per role.
func incidentForm(w *workspace, id int64, role string) url.Values {
	i := w.find(id)
	v := form.Incident.Values(i)
	v.Set("version", fmt.Sprint(i.Version))
	v.Set("base", v.Encode())
	v.Set("date_rationale", "checked by "+role)
	return v
}

func versioned[T any](c form.Codec[T], rec *T, version int, change func(url.Values)) url.Values {
	v := c.Values(rec)
	v.Set("base", v.Encode())
	v.Set("version", fmt.Sprint(version))
	if change != nil {
		change(v)
	}
	return v
}

// draftReport stores a public draft report with a slug of its own.
func (w *workspace) draftReport(title string) *vigil.Report {
	w.t.Helper()
	r := &vigil.Report{Meta: vigil.Meta{Sensitivity: vigil.Public}, Slug: strings.ReplaceAll(strings.ReplaceAll(title, ",", ""), " ", "-"),
		Lang: "en", Title: title, Body: "A note.", Status: vigil.ReportDraft, Photos: []vigil.ReportPhoto{}}
	if err := w.st.CreateReport(as(admin), r); err != nil {
		w.t.Fatal(err)
	}
	return r
}

func routeCases(w *workspace) []routeCase {
	co, re := fmt.Sprint(w.coalitionInc), fmt.Sprint(w.restrictedInc)
	const protected = "18" // the demo's first affected individual
	newIncident := func(_ *workspace, role string) url.Values {
		return url.Values{"title.en": {"created by " + role}, "event": {"arrest"}, "sensitivity": {"coalition"}}
	}
	cases := []routeCase{
		{"GET /static/", "GET", "/static/workspace.css", nil, all(200)},
		{"GET /{$}", "GET", "/", nil, all(200)},
		{"GET /search", "GET", "/search?q=%EB%B6%81%EC%86%A1", nil, all(200)},
		{"POST /lang", "POST", "/lang", func(*workspace, string) url.Values { return url.Values{"lang": {"ko"}, "next": {"/incidents"}} }, all(303)},

		{"GET /incidents", "GET", "/incidents", nil, all(200)},
		{"GET /incidents/{id}", "GET", "/incidents/1", nil, all(200)},
		{"GET /incidents/{id}", "GET", "/incidents/" + co, nil, coalitionOnly(200)},
		{"GET /incidents/{id}", "GET", "/incidents/" + re, nil, restrictedOnly(200)},
		{"GET /incidents/{id}", "GET", "/incidents/99999", nil, all(404)},
		{"GET /incidents/new", "GET", "/incidents/new", nil, writers(200)},
		{"POST /incidents", "POST", "/incidents", newIncident, writers(303)},
		{"GET /incidents/{id}/edit", "GET", "/incidents/1/edit", nil, writers(200)},
		{"GET /incidents/{id}/edit", "GET", "/incidents/" + re + "/edit", nil, statuses{403, 403, 404, 200, 200}},
		{"POST /incidents/{id}/edit", "POST", "/incidents/1/edit", func(w *workspace, role string) url.Values { return incidentForm(w, 1, role) }, writers(303)},
		{"GET /incidents/{id}/resolve", "GET", "/incidents/1/resolve", nil, editors(200)},
		{"POST /incidents/{id}/resolve", "POST", "/incidents/1/resolve", func(w *workspace, role string) url.Values {
			return versioned(form.Resolve, w.find(1), w.find(1).Version, func(v url.Values) { v.Set("conflict_resolution", "checked by "+role) })
		}, editors(303)},
		{"GET /incidents/{id}/override", "GET", "/incidents/1/override", nil, editors(200)},
		{"POST /incidents/{id}/override", "POST", "/incidents/1/override", func(w *workspace, role string) url.Values {
			return versioned(form.Override, w.find(1), w.find(1).Version, func(v url.Values) {
				v.Set("override.best", "600")
				v.Set("override.rationale", "checked by "+role)
			})
		}, editors(303)},
		{"POST /incidents/{id}/links", "POST", "/incidents/1/links", func(w *workspace, role string) url.Values {
			other := w.incident(vigil.Public, "linked by "+role, vigil.EventArrest, "2023-10-01")
			return url.Values{"kind": {"same_cohort"}, "to_id": {fmt.Sprint(other.ID)}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"POST /links/{id}/delete", "POST", "/links/{link}/delete", func(w *workspace, role string) url.Values {
			other := w.incident(vigil.Public, "to unlink, "+role, vigil.EventRelease, "2024-06-01")
			l := &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: other.ID, ToID: 4, Kind: vigil.LinkFollowUpOf}
			if err := w.st.CreateLink(as(admin), l); err != nil {
				w.t.Fatal(err)
			}
			return url.Values{"version": {fmt.Sprint(l.Version)}, "link": {fmt.Sprint(l.ID)}}
		}, editors(303)},
		{"GET /incidents/{id}/claims/new", "GET", "/incidents/1/claims/new", nil, writers(200)},
		{"GET /incidents/{id}/history", "GET", "/incidents/1/history", nil, editors(200)},

		{"GET /claims/{id}", "GET", "/claims/1", nil, all(303)},
		{"GET /claims/new", "GET", "/claims/new?source_id=1", nil, writers(200)},
		{"POST /claims", "POST", "/claims", func(_ *workspace, role string) url.Values {
			return url.Values{"source_id": {"1"}, "incident_id": {"1"}, "figure": {"about 600"}, "event": {"repatriation"}, "credibility": {"3"}, "sensitivity": {"coalition"}, "quote": {role}}
		}, writers(303)},
		{"GET /claims/{id}/edit", "GET", "/claims/1/edit", nil, writers(200)},
		{"POST /claims/{id}/edit", "POST", "/claims/1/edit", func(w *workspace, role string) url.Values {
			c, _ := w.st.FindClaimByID(as(admin), 1)
			return versioned(form.Claim, c, c.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},
		{"GET /claims/{id}/history", "GET", "/claims/1/history", nil, editors(200)},

		{"GET /sources", "GET", "/sources", nil, all(200)},
		{"GET /sources/{id}", "GET", "/sources/1", nil, all(200)},
		{"GET /sources/new", "GET", "/sources/new", nil, writers(200)},
		{"POST /sources", "POST", "/sources", func(_ *workspace, role string) url.Values {
			return url.Values{"kind": {"article"}, "publisher": {"Publisher of " + role}, "reliability": {"C"}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"GET /sources/{id}/edit", "GET", "/sources/1/edit", nil, writers(200)},
		{"POST /sources/{id}/edit", "POST", "/sources/1/edit", func(w *workspace, role string) url.Values {
			s, _ := w.st.FindSourceByID(as(admin), 1)
			return versioned(form.Source, s, s.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},
		{"GET /sources/{id}/history", "GET", "/sources/1/history", nil, editors(200)},

		{"GET /places", "GET", "/places", nil, all(200)},
		{"GET /places/{id}", "GET", "/places/1", nil, all(200)},
		{"GET /places/new", "GET", "/places/new", nil, writers(200)},
		{"POST /places", "POST", "/places", func(_ *workspace, role string) url.Values {
			return url.Values{"kind": {"city"}, "names.en": {"Town of " + role}, "parent_id": {"1"}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"GET /places/{id}/edit", "GET", "/places/1/edit", nil, writers(200)},
		{"POST /places/{id}/edit", "POST", "/places/1/edit", func(w *workspace, role string) url.Values {
			p, _ := w.st.FindPlaceByID(as(admin), 1)
			return versioned(form.Place, p, p.Version, func(v url.Values) { v.Set("variants", "中华人民共和国\n"+role) })
		}, writers(303)},
		{"GET /places/{id}/history", "GET", "/places/1/history", nil, editors(200)},

		{"GET /actors", "GET", "/actors", nil, all(200)},
		{"GET /actors/{id}", "GET", "/actors/1", nil, all(200)},
		{"GET /actors/{id}", "GET", "/actors/" + protected, nil, all(200)},
		{"GET /actors/new", "GET", "/actors/new", nil, writers(200)},
		{"POST /actors", "POST", "/actors", func(_ *workspace, role string) url.Values {
			return url.Values{"kind": {"organization"}, "name.en": {"Group of " + role}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"GET /actors/{id}/edit", "GET", "/actors/1/edit", nil, writers(200)},
		{"GET /actors/{id}/edit", "GET", "/actors/" + protected + "/edit", nil, editors(200)},
		{"POST /actors/{id}/edit", "POST", "/actors/1/edit", func(w *workspace, role string) url.Values {
			a, _ := w.st.FindActorByID(as(admin), 1)
			return versioned(form.Actor, a, a.Version, func(v url.Values) { v.Set("notes", "checked by "+role) })
		}, writers(303)},
		{"GET /actors/{id}/history", "GET", "/actors/1/history", nil, editors(200)},

		// Reports: the demo's English report (1) is published, so only
		// an editor may change it.
		{"GET /export", "GET", "/export", nil, all(200)},
		{"", "GET", "/api/v1/export?format=hxl", nil, all(200)},
		{"GET /reports", "GET", "/reports", nil, all(200)},
		{"GET /reports/{id}", "GET", "/reports/1", nil, all(200)},
		{"GET /reports/new", "GET", "/reports/new", nil, writers(200)},
		{"POST /reports", "POST", "/reports", func(_ *workspace, role string) url.Values {
			return url.Values{"title": {"Notes by " + role}, "lang": {"en"}, "slug": {"notes-by-" + role}, "status": {"draft"}, "sensitivity": {"coalition"}}
		}, writers(303)},
		{"GET /reports/{id}/edit", "GET", "/reports/1/edit", nil, writers(200)},
		{"POST /reports/{id}/edit", "POST", "/reports/1/edit", func(w *workspace, role string) url.Values {
			r, _ := w.st.FindReportByID(as(admin), 1)
			return versioned(form.Report, r, r.Version, func(v url.Values) { v.Set("summary", "checked by "+role) })
		}, editors(303)},
		// Publishing is saving with the status "published": editors only,
		// and only a report that passes the pre-publication check.
		{"POST /reports/{id}/edit", "POST", "/reports/{link}/edit", func(w *workspace, role string) url.Values {
			r := w.draftReport("to publish, " + role)
			return versioned(form.Report, r, r.Version, func(v url.Values) {
				v.Set("status", "published")
				v.Set("link", fmt.Sprint(r.ID))
			})
		}, editors(303)},
		{"GET /reports/{id}/photos/new", "GET", "/reports/1/photos/new", nil, writers(200)},
		// A photo upload (multipart, a real JPEG) to a draft report.
		{"POST /reports/{id}/photos", "POST", "/reports/{link}/photos", func(w *workspace, role string) url.Values {
			r := w.draftReport("photos by " + role)
			return url.Values{"link": {fmt.Sprint(r.ID)}, "version": {fmt.Sprint(r.Version)}, "credit": {"Photo desk"}, "caption": {role},
				"consent": {"on"}, uploadKey: {"image"}}
		}, writers(303)},
		// A form post that is not multipart: writers get the form back.
		{"POST /reports/{id}/photos", "POST", "/reports/1/photos", func(*workspace, string) url.Values { return url.Values{"credit": {"x"}} }, writers(400)},

		{"GET /audit", "GET", "/audit", nil, editors(200)},
		{"GET /audit", "GET", "/audit?entity=incidents&entity_id=1", nil, editors(200)},

		// Advocacy (advocacy_test.go builds the letters these rows act on).
		{"GET /campaigns", "GET", "/campaigns", nil, all(200)},
		{"GET /campaigns/{id}", "GET", "/campaigns/1", nil, all(200)},
		{"GET /campaigns/{id}", "GET", "/campaigns/99999", nil, all(404)},
		{"GET /letters/{id}", "GET", "/letters/1", nil, all(200)},
		{"POST /letters/{id}/freeze", "POST", "/letters/{link}/freeze", draftLetter, editors(303)},
		{"POST /letters/{id}/invitations", "POST", "/letters/{link}/invitations", func(w *workspace, role string) url.Values {
			v := draftLetter(w, role)
			v.Set("kind", "individual")
			return v
		}, writers(201)},
		{"GET /letters/{id}/export/{format}", "GET", "/letters/1/export/markdown", nil, all(200)},
		{"GET /sign/{token}", "GET", "/sign/{link}", signInvitation, all(200)},
		{"POST /sign/{token}", "POST", "/sign/{link}", signInvitation, all(200)},
		{"GET /withdraw/{code}", "GET", "/withdraw/{link}", withdrawal, all(200)},
		{"POST /withdraw/{code}", "POST", "/withdraw/{link}", withdrawal, all(200)},

		// The JSON API, whose rules the store enforces too.
		{"", "GET", "/api/v1/incidents", nil, all(200)},
		{"", "GET", "/api/v1/incidents/" + co, nil, coalitionOnly(200)},
		{"", "GET", "/api/v1/incidents/" + re, nil, restrictedOnly(200)},
		{"", "GET", "/api/v1/audit", nil, editors(200)},
		{"", "GET", "/api/v1/stats?event=repatriation", nil, all(200)},
		{"", "GET", "/api/v1/reports", nil, all(200)},
		{"", "GET", "/api/v1/public/incidents/" + re, nil, all(404)},
		{"", "GET", "/api/v1/public/incidents/" + co, nil, all(404)},
		{"", "GET", "/api/v1/public/reports", nil, all(200)},

		// The live public site (package publish, a registrar of its own)
		// is the same for everyone: public records only, whatever the
		// role, and nothing to post.
		{publicSite, "GET", "/public/", nil, all(303)},
		{publicSite, "GET", "/public/en/index.html", nil, all(200)},
		{publicSite, "GET", "/public/ko/reports/2024-05-mofa-demonstration.html", nil, all(200)},
		{publicSite, "GET", "/public/en/incidents/1.html", nil, all(200)},
		{publicSite, "GET", "/public/en/incidents/" + co + ".html", nil, all(404)},
		{publicSite, "GET", "/public/en/incidents/" + re + ".html", nil, all(404)},
		{"/", "POST", "/public/en/index.html", func(*workspace, string) url.Values { return url.Values{} }, all(404)},

		// Anything else is not found, whatever the method.
		{"/", "GET", "/no/such/page", nil, all(404)},
		{"/", "POST", "/no/such/page", func(*workspace, string) url.Values { return url.Values{} }, all(404)},
	}
	return append(cases, advocacyFormRows(w)...)
}

// publicSite is the pattern of the live public site, which package
// publish registers beside the UI (cmd/vigil's serve does the same).
const publicSite = "GET " + publish.Prefix + "{path...}"

// routes lists every pattern the UI and the public site serve: the rows
// of the route × role table must cover them all.
func (w *workspace) routes() []string {
	return append(w.ui.Routes(), w.public.Routes()...)
}

// allRouteCases is the whole table: workspace, advocacy, accounts,
// monitoring and the API.
func allRouteCases(w *workspace) []routeCase {
	cs := routeCases(w)
	cs = append(cs, accountRouteCases()...)
	return append(cs, monitoringRouteCases()...)
}

// request is a row's request for a role: the path with its placeholder
// filled, the form (nil for GET), and the session it is sent with (the
// role's shared one unless the form names another in "session").
func (c routeCase) request(t *testing.T, w *workspace, role string) (path string, body url.Values, session string) {
	// The row's helpers fail the subtest, not the test that made w.
	parent := w.t
	w.t = t
	defer func() { w.t = parent }()
	path = c.path
	if c.body != nil {
		body = c.body(w, role)
		if id := body.Get("link"); id != "" {
			path = strings.Replace(path, "{link}", id, 1)
		}
		body.Del("link")
	}
	session = w.session(role)
	if s, ok := body["session"]; ok {
		session = s[0]
		body.Del("session")
	}
	if c.method == "GET" {
		body = nil
	} else if body == nil {
		body = url.Values{}
	}
	return path, body, session
}

// check compares a response with the wanted status; signIn wants a 303
// to the sign-in form, and any other 303 must not go there.
func check(t *testing.T, res *http.Response, doc *goquery.Document, want int) {
	t.Helper()
	loc := res.Header.Get("Location")
	toSignIn := res.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/login?next=")
	switch {
	case want == signIn && !toSignIn:
		t.Fatalf("status %d (Location %q), want a redirect to sign in: %s", res.StatusCode, loc, text(doc.Find("main, body").First()))
	case want != signIn && (res.StatusCode != want || toSignIn):
		t.Fatalf("status %d (Location %q), want %d: %s", res.StatusCode, loc, want, text(doc.Find("main, body").First()))
	}
}

// TestRouteRoleTable checks every UI route (and the main API routes)
// against every role: allowed (2xx/3xx), refused with 403 or 404 as the
// role and the record's sensitivity say, or sent to sign in. Every
// request carries a real session cookie of an account of that role
// (signed in with a password, and a second factor for editors and
// admins), through the server's whole middleware chain.
func TestRouteRoleTable(t *testing.T) {
	w := mustWorkspace(t)
	cases := allRouteCases(w)
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.pattern] = true
	}
	routes := w.routes()
	for _, p := range []string{"GET /incidents", "GET /campaigns", "GET /account", "GET /inbox", "GET /reports", "GET /export", publicSite, "/"} {
		if !slices.Contains(routes, p) {
			t.Fatalf("the workspace's server does not serve %q: the table would miss its area", p)
		}
	}
	for _, p := range routes {
		if !covered[p] {
			t.Errorf("route %q has no row in the route × role table", p)
		}
	}
	for _, c := range cases {
		if c.pattern != "" && !slices.Contains(routes, c.pattern) {
			t.Errorf("row for %q, which the server does not serve", c.pattern)
		}
	}
	for _, c := range cases {
		for n, role := range roles {
			t.Run(c.method+" "+c.path+" as "+role, func(t *testing.T) {
				path, body, session := c.request(t, w, role)
				res, doc := w.do(c.method, path, "", "en", body, cookie(session)...)
				check(t, res, doc, c.want[n])
			})
		}
	}
}

// TestInjectedViewerMatchesSessions runs the workspace rows of the table
// with the test-only injected viewer that the other tests of this package
// use, to keep it a faithful stand-in for a session.
func TestInjectedViewerMatchesSessions(t *testing.T) {
	w := mustWorkspace(t)
	for _, c := range routeCases(w) {
		if c.pattern == "" {
			continue
		}
		for n, role := range roles {
			t.Run(c.method+" "+c.path+" as "+role, func(t *testing.T) {
				path, body, _ := c.request(t, w, role)
				res, doc := w.do(c.method, path, role, "en", body)
				check(t, res, doc, c.want[n])
			})
		}
	}
}

// TestWritesRefuseCrossSiteRequests checks that a state-changing form
// posted from another site is refused and writes nothing, while the same
// post from this site goes through.
func TestWritesRefuseCrossSiteRequests(t *testing.T) {
	w := mustWorkspace(t)
	_, before, _ := w.st.FindIncidents(as(admin), vigil.IncidentFilter{})
	body := url.Values{"title.en": {"forged"}, "event": {"arrest"}, "sensitivity": {"restricted"}}
	cases := []struct {
		name   string
		header []string
		want   int
	}{
		{"cross-site fetch metadata", []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"foreign origin", []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"same origin", []string{"Sec-Fetch-Site", "same-origin"}, http.StatusSeeOther},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, _ := w.do("POST", "/incidents", "editor", "en", body, c.header...)
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d", res.StatusCode, c.want)
			}
		})
	}
	_, after, _ := w.st.FindIncidents(as(admin), vigil.IncidentFilter{})
	if after != before+1 {
		t.Fatalf("incidents %d → %d: only the same-origin post may write", before, after)
	}
}

// TestWorkspacePagesKeepTheCSP checks the workspace pages against the
// strict CSP: no inline styles or scripts, every script with the nonce,
// and the html lang of the page's language.
func TestWorkspacePagesKeepTheCSP(t *testing.T) {
	w := mustWorkspace(t)
	withConflict(w)
	for _, path := range []string{"/incidents", "/incidents/2", "/incidents/2/edit", "/incidents/2/claims/new", "/incidents/2/override",
		"/sources", "/sources/1", "/sources/1/edit", "/places", "/places/4", "/places/new", "/actors", "/actors/18", "/actors/new", "/audit", "/incidents/2/history",
		"/campaigns", "/campaigns/1", "/campaigns/new", "/campaigns/1/edit", "/asks/1/edit", "/asks/1/state", "/campaign-actions/new", "/outcomes/1/edit", "/events/1", "/events/1/edit",
		"/events/1/photos/new", "/photos/1/edit", "/letters/1", "/letters/new", "/letters/1/edit", "/letters/1/text", "/deliveries/1/edit"} {
		for _, lang := range []string{"en", "ko"} {
			res, doc := w.do("GET", path, "admin", lang, nil)
			if res.StatusCode != 200 {
				t.Fatalf("%s: status %d", path, res.StatusCode)
			}
			csp := res.Header.Get("Content-Security-Policy")
			doc.Find("script").Each(func(_ int, s *goquery.Selection) {
				n, _ := s.Attr("nonce")
				if _, src := s.Attr("src"); !src || n == "" || !strings.Contains(csp, "'nonce-"+n+"'") {
					t.Errorf("%s: script %q without our nonce", path, s.AttrOr("src", "inline"))
				}
			})
			if doc.Find("[style], style").Length() > 0 {
				t.Errorf("%s: inline styles break style-src 'self'", path)
			}
			doc.Find("[onclick], [onchange], [onsubmit], a[href^='javascript:']").Each(func(_ int, s *goquery.Selection) {
				t.Errorf("%s: inline handler on %s", path, goquery.NodeName(s))
			})
			if got := doc.Find("html").AttrOr("lang", ""); got != lang {
				t.Errorf("%s: html lang %q, want %q", path, got, lang)
			}
			// Every input has a label, and ids are unique.
			ids := map[string]int{}
			doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { ids[s.AttrOr("id", "")]++ })
			for id, n := range ids {
				if n > 1 {
					t.Errorf("%s: id %q used %d times", path, id, n)
				}
			}
			doc.Find("main input:not([type=hidden]):not([type=radio]), main select, main textarea").Each(func(_ int, s *goquery.Selection) {
				id := s.AttrOr("id", "")
				if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
					t.Errorf("%s: %s %q has no label", path, goquery.NodeName(s), s.AttrOr("name", ""))
				}
			})
		}
	}
}
