package api_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// callers are the columns of the API's route × token table.
var callers = []string{"anonymous", "read token", "write token"}

// allowed stands for any answer but 401 and 403: the caller got through
// to the handler (which may still find the body invalid, 400, or the
// version stale, 409).
const allowed = 0

// readableByAll is what a GET of public data answers.
var readableByAll = [3]int{200, 200, 200}

// apiReads are the GET routes that do not answer every caller alike: the
// rest answer 200 to all three. Monitoring records, archives and photos
// are coalition data (an anonymous caller finds nothing: its lists are
// empty, see hiddenLists), and the audit log is for editors.
var apiReads = map[string][3]int{
	"/api/v1/archives/{id}":         {404, 200, 200},
	"/api/v1/archives/{id}/content": {404, 200, 200},
	"/api/v1/feeds/{id}":            {404, 200, 200},
	"/api/v1/inbox/{id}":            {404, 200, 200},
	"/api/v1/photos/{id}":           {404, 200, 200},
	"/api/v1/photos/{id}/image":     {404, 200, 200},
	"/api/v1/audit":                 {403, 403, 200},
}

// hiddenLists are lists that must be empty for an anonymous caller and
// not for a token with clearance.
var hiddenLists = []string{"/api/v1/archives", "/api/v1/feeds", "/api/v1/inbox", "/api/v1/photos"}

// TestRouteTokenTable calls every API route (each documented operation,
// and the catch-all) as an anonymous caller, with a read-scope token and
// with a write-scope token. A change (POST, PATCH, DELETE) is refused
// with 401 anonymously and 403 with a read token before its body is
// looked at, and reaches the handler with a write token; a read answers
// as apiReads says, else 200 to all.
func TestRouteTokenTable(t *testing.T) {
	f := mustFixture(t)
	if r := f.do(t, "POST", "/api/v1/incident-links", f.write, map[string]any{"from_id": 2, "to_id": 1, "kind": "follow_up_of", "sensitivity": "public"}); r.status != 201 {
		t.Fatalf("create link: %d %s", r.status, r.body)
	}
	mustMonitoringData(t, f)
	// A coalition incident, so that the public API and the export have
	// something to leave out (created before the public data is read).
	secret := f.do(t, "POST", "/api/v1/incidents", f.write, map[string]any{
		"title": map[string]string{"en": "Coalition-only detention"}, "event": "detention", "date": "2024-04-03", "sensitivity": "coalition"})
	if secret.status != 201 {
		t.Fatalf("create incident: %d %s", secret.status, secret.body)
	}
	var secretInc struct {
		ID int64 `json:"id"`
	}
	secret.json(t, &secretInc)
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(f.do(t, "GET", "/api/v1/openapi.json", "", nil).body, &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	var ops []string
	for p, methods := range doc.Paths {
		for m := range methods {
			op := strings.ToUpper(m) + " " + p
			documented[op] = true
			ops = append(ops, op)
		}
	}
	sort.Strings(ops)
	for _, p := range f.api.Routes() {
		if p != "/api/v1/" && !documented[p] && !strings.HasPrefix(p, "GET "+osdiRoot) {
			t.Errorf("route %q is served but not documented, so the table does not call it", p)
		}
	}
	for p := range apiReads {
		if !documented["GET "+p] {
			t.Errorf("apiReads names %q, which is not served", p)
		}
	}
	tokens := []string{"", f.read, f.write}
	// check calls url as each caller; documented, when set, are the
	// statuses the OpenAPI document promises for the operation.
	check := func(t *testing.T, method, url string, body any, want [3]int, served bool, documented map[string]any) {
		t.Helper()
		for n, tok := range tokens {
			r := f.do(t, method, url, tok, body)
			if _, ok := documented[strconv.Itoa(r.status)]; documented != nil && !ok {
				t.Errorf("%s: status %d is not in the OpenAPI document (%v)", callers[n], r.status, keysOf(documented))
			}
			switch {
			case want[n] == allowed && (r.status == 401 || r.status == 403):
				t.Errorf("%s: status %d, want the handler's answer: %s", callers[n], r.status, r.body)
			case want[n] != allowed && r.status != want[n]:
				t.Errorf("%s: status %d, want %d: %s", callers[n], r.status, want[n], r.body)
			}
			if served && r.status == 404 && strings.Contains(string(r.body), "no API endpoint") {
				t.Errorf("%s: the route is not served", callers[n])
			}
		}
	}
	for _, op := range ops {
		method, p, _ := strings.Cut(op, " ")
		t.Run(op, func(t *testing.T) {
			url := p
			if strings.Contains(url, "{id}") {
				list, _, _ := strings.Cut(p, "/{id}")
				url = strings.Replace(url, "{id}", strconv.FormatInt(firstID(t, f, list), 10), 1)
			}
			url = strings.Replace(url, "{format}", "geojson", 1)
			url = strings.Replace(url, "{sha256}", firstImage(t, f), 1)
			switch method {
			case "GET":
				want, ok := apiReads[p]
				if !ok {
					want = readableByAll
				}
				check(t, method, url+exampleQuery(p), nil, want, true, doc.Paths[p][strings.ToLower(method)].Responses)
			case "POST", "PATCH", "DELETE":
				if method == "DELETE" {
					url += "?version=999"
				}
				check(t, method, url, "{}", [3]int{401, 403, allowed}, true, doc.Paths[p][strings.ToLower(method)].Responses)
			default:
				t.Fatalf("method %s: the API changes things only with POST, PATCH and DELETE", method)
			}
		})
	}
	t.Run("unknown paths", func(t *testing.T) {
		check(t, "GET", "/api/v1/no-such-thing", nil, [3]int{404, 404, 404}, false, nil)
		check(t, "POST", "/api/v1/no-such-thing", "{}", [3]int{404, 404, 404}, false, nil)
	})
	// The OSDI subset is read-only and public: every caller reads the
	// entry point, each collection and a record of it; nothing is posted.
	for _, p := range f.api.Routes() {
		path, ok := strings.CutPrefix(p, "GET ")
		if !ok || !strings.HasPrefix(path, osdiRoot) {
			continue
		}
		t.Run(p, func(t *testing.T) {
			url := strings.TrimSuffix(path, "{$}")
			// A record ({id}) or a record's collection ({id}/attendances):
			// the {id} is the first record of the collection before it.
			if coll, rest, ok := strings.Cut(url, "/{id}"); ok {
				var page struct {
					Embedded map[string][]struct {
						Links struct {
							Self struct {
								Href string `json:"href"`
							} `json:"self"`
						} `json:"_links"`
					} `json:"_embedded"`
				}
				f.do(t, "GET", coll, "", nil).json(t, &page)
				items := page.Embedded["osdi:"+strings.TrimPrefix(coll, osdiRoot+"/")]
				if len(items) == 0 {
					t.Fatalf("%s is empty in the demo data", coll)
				}
				url = items[0].Links.Self.Href + rest
			}
			check(t, "GET", url, nil, readableByAll, true, nil)
			if url != osdiRoot+"/" && !strings.HasSuffix(path, "{id}") {
				for n, tok := range tokens {
					if r := f.do(t, "POST", url, tok, "{}"); r.status != http.StatusMethodNotAllowed {
						t.Errorf("POST %s as %s: %d, want 405", url, callers[n], r.status)
					}
				}
			}
		})
	}
	t.Run("lists of coalition data are empty for anonymous callers", func(t *testing.T) {
		for _, list := range hiddenLists {
			var anon, cleared struct {
				Total int `json:"total"`
			}
			f.do(t, "GET", list, "", nil).json(t, &anon)
			f.do(t, "GET", list, f.write, nil).json(t, &cleared)
			if anon.Total != 0 || cleared.Total == 0 {
				t.Errorf("%s: anonymous total %d, cleared total %d", list, anon.Total, cleared.Total)
			}
		}
	})
	// The public API serves the public projection whoever asks: the same
	// bytes to every caller, without the coalition incident that a token
	// with clearance reads from /api/v1/incidents; nothing is posted to
	// it. The export holds what the caller's clearance allows.
	t.Run("the public API answers every caller alike", func(t *testing.T) {
		incID := strconv.FormatInt(secretInc.ID, 10)
		if r := f.do(t, "GET", "/api/v1/incidents/"+incID, f.write, nil); r.status != 200 {
			t.Fatalf("the coalition incident as a write token: %d", r.status)
		}
		for _, p := range []string{"/api/v1/public/incidents?limit=500", "/api/v1/public/reports", "/api/v1/public/exports/json", "/api/v1/public/incidents/" + incID} {
			var bodies [3]string
			for n, tok := range tokens {
				r := f.do(t, "GET", p, tok, nil)
				bodies[n] = strconv.Itoa(r.status) + " " + string(r.body)
				if strings.Contains(string(r.body), "Coalition-only detention") {
					t.Errorf("%s as %s shows the coalition incident", p, callers[n])
				}
			}
			if bodies[0] != bodies[1] || bodies[0] != bodies[2] {
				t.Errorf("%s answers callers differently", p)
			}
			for n, tok := range tokens {
				if r := f.do(t, "POST", strings.Split(p, "?")[0], tok, "{}"); r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
					t.Errorf("POST %s as %s: %d, want 404 or 405", p, callers[n], r.status)
				}
			}
		}
		for n, tok := range tokens {
			r := f.do(t, "GET", "/api/v1/export?format=json", tok, nil)
			if has := strings.Contains(string(r.body), "Coalition-only detention"); r.status != 200 || has != (tok != "") {
				t.Errorf("export as %s: status %d, holds the coalition incident: %v", callers[n], r.status, has)
			}
		}
	})
	if !slices.Contains(f.api.Routes(), "GET /api/v1/incidents") || len(ops) < 100 {
		t.Fatalf("only %d operations called", len(ops))
	}
}

// osdiRoot is where the OSDI read subset is served.
const osdiRoot = "/api/osdi/v1"
