package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/store"
	"vigil/triage"
)

// fixture is a live API server over a real SQLite store holding the demo
// data set, with tokens of each kind.
type fixture struct {
	srv   *httptest.Server
	st    *store.Store
	api   *api.API
	write string // write scope, restricted clearance
	read  string // read scope, coalition clearance
	blobs *archive.Blobs
}

func mustFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		tb.Fatal(err)
	}
	f := &fixture{st: st}
	if f.write, err = st.CreateToken(admin, &vigil.Token{Name: "writer", Scope: vigil.ScopeWrite, Clearance: vigil.Restricted}); err != nil {
		tb.Fatal(err)
	}
	if f.read, err = st.CreateToken(admin, &vigil.Token{Name: "reader", Scope: vigil.ScopeRead, Clearance: vigil.Coalition}); err != nil {
		tb.Fatal(err)
	}
	f.blobs, err = archive.OpenBlobs(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	// The archiver may reach loopback, where the tests' newsroom listens.
	fetcher := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 5 * time.Second})
	f.api = api.New(st, api.Options{Monitor: &api.Monitor{Desk: &triage.Desk{Svc: st, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: f.blobs}}, Blobs: f.blobs}})
	f.srv = httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, f.api.Register).Handler())
	tb.Cleanup(f.srv.Close)
	return f
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(tb testing.TB, v any) {
	tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		tb.Fatalf("response %d is not JSON: %v\n%s", r.status, err, r.body)
	}
}

func (r response) apiError(tb testing.TB) vigil.Error {
	tb.Helper()
	var e vigil.Error
	r.json(tb, &e)
	return e
}

func (f *fixture) do(tb testing.TB, method, path, token string, body any, headers ...string) response {
	tb.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			tb.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		tb.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

func TestStatsOfTheDemoMatchDomain(t *testing.T) {
	f := mustFixture(t)
	var st struct {
		Total struct {
			Low           int  `json:"low"`
			Best          int  `json:"best"`
			High          *int `json:"high"`
			LowIncomplete bool `json:"low_incomplete"`
			HighUnbounded bool `json:"high_unbounded"`
		} `json:"total"`
		Incidents []int64 `json:"incidents"`
		Months    []struct {
			Month string `json:"month"`
		} `json:"months"`
	}
	t.Run("repatriations", func(t *testing.T) {
		r := f.do(t, "GET", "/api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31", "", nil)
		if r.status != 200 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		r.json(t, &st)
		if st.Total.Best != 855 || st.Total.Low != 770 || st.Total.High == nil || *st.Total.High != 940 {
			t.Errorf("total = %+v, want low 770, best 855, high 940", st.Total)
		}
		if st.Total.LowIncomplete || st.Total.HighUnbounded {
			t.Errorf("flags = %+v, want both false", st.Total)
		}
		if len(st.Incidents) != 3 {
			t.Errorf("incidents = %v, want the three repatriations", st.Incidents)
		}
		var months []string
		for _, m := range st.Months {
			months = append(months, m.Month)
		}
		if strings.Join(months, ",") != "2023-10,2024-04" {
			t.Errorf("months = %v, want 2023-10 and 2024-04", months)
		}
	})
	t.Run("arrests awaiting repatriation", func(t *testing.T) {
		r := f.do(t, "GET", "/api/v1/stats?event=arrest&from=2024-05-01&to=2024-05-31", "", nil)
		r.json(t, &st)
		if st.Total.Best != 61 || st.Total.High != nil || !st.Total.HighUnbounded || len(st.Incidents) != 1 {
			t.Errorf("arrests = %+v %v, want best 61, high null and unbounded, one incident", st.Total, st.Incidents)
		}
	})
	t.Run("event is required", func(t *testing.T) {
		r := f.do(t, "GET", "/api/v1/stats?from=2023-10-01", "", nil)
		if e := r.apiError(t); r.status != 400 || e.Fields["event"] == "" {
			t.Errorf("status %d, error %+v: want 400 naming event", r.status, e)
		}
	})
	t.Run("bad day names the parameter", func(t *testing.T) {
		r := f.do(t, "GET", "/api/v1/stats?event=arrest&from=2024-13-01", "", nil)
		if e := r.apiError(t); r.status != 400 || e.Fields["from"] == "" {
			t.Errorf("status %d, error %+v: want 400 naming from", r.status, e)
		}
	})
}

func TestWritesNeedAToken(t *testing.T) {
	f := mustFixture(t)
	body := map[string]any{"kind": "city", "names": map[string]string{"en": "Tumen", "ko": "투먼", "zh": "图们"}, "sensitivity": "public"}
	cases := []struct {
		name   string
		token  string
		status int
	}{
		{"anonymous is 401", "", 401},
		{"read scope is 403", "read", 403},
		{"write scope creates", "write", 201},
		{"unknown token is 401", "vgl_nottoken", 401},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := map[string]string{"read": f.read, "write": f.write}[c.token]
			if tok == "" {
				tok = c.token
			}
			r := f.do(t, "POST", "/api/v1/places", tok, body)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.status == 201 {
				var p vigil.Place
				r.json(t, &p)
				if p.ID == 0 || p.Version != 1 || p.Names.Ko != "투먼" || r.header.Get("Location") == "" {
					t.Errorf("created %+v, Location %q", p, r.header.Get("Location"))
				}
			}
		})
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	f := mustFixture(t)
	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"malformed JSON", "POST", "/api/v1/sources", `{"publisher": "x",`, 400, ""},
		{"unknown field", "POST", "/api/v1/sources", `{"publisher":"x","publsher":"y"}`, 400, "publsher"},
		{"wrong type", "POST", "/api/v1/sources", `{"publisher": 12}`, 400, "publisher"},
		{"validation names the field", "POST", "/api/v1/sources", `{"publisher":"x","reliability":"Z"}`, 400, "reliability"},
		{"bad figure text", "POST", "/api/v1/claims", `{"source_id":1,"event":"arrest","figure":{"text":"about two hundred and"}}`, 400, "figure"},
		{"bad EDTF date", "POST", "/api/v1/incidents", `{"title":{"en":"x"},"event":"arrest","date":"2024-13-45"}`, 400, "date"},
		{"patch without version", "PATCH", "/api/v1/places/1", `{"kind":"country"}`, 400, "version"},
		{"bad id", "GET", "/api/v1/places/abc", "", 400, "id"},
		{"unknown list parameter", "GET", "/api/v1/incidents?evnt=arrest", "", 400, "evnt"},
		{"bad limit", "GET", "/api/v1/incidents?limit=5000", "", 400, "limit"},
		{"bad sort", "GET", "/api/v1/incidents?sort=password", "", 400, "sort"},
		{"reference to a missing source", "POST", "/api/v1/claims", `{"source_id":99999,"event":"arrest","figure":{"text":"15"}}`, 400, "source_id"},
		{"unknown endpoint", "GET", "/api/v1/nothing-here", "", 404, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body any
			if c.body != "" {
				body = c.body
			}
			r := f.do(t, c.method, c.path, f.write, body)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			e := r.apiError(t)
			if e.Code == "" || e.Message == "" {
				t.Errorf("error body lacks code or message: %s", r.body)
			}
			if c.field != "" && e.Fields[c.field] == "" {
				t.Errorf("error does not name field %q: %s", c.field, r.body)
			}
		})
	}
	t.Run("figure error says why", func(t *testing.T) {
		r := f.do(t, "POST", "/api/v1/claims", f.write, `{"source_id":1,"event":"arrest","figure":{"text":"about two hundred and"}}`)
		if e := r.apiError(t); !strings.Contains(e.Fields["figure"], "about two hundred and") {
			t.Errorf("figure reason %q does not quote the input", e.Fields["figure"])
		}
	})
	t.Run("oversized body is refused", func(t *testing.T) {
		big := `{"publisher":"` + strings.Repeat("x", 2<<20) + `"}`
		r := f.do(t, "POST", "/api/v1/sources", f.write, big)
		if r.status != 413 {
			t.Fatalf("status %d, want 413", r.status)
		}
	})
}

func TestOptimisticConcurrency(t *testing.T) {
	f := mustFixture(t)
	r := f.do(t, "POST", "/api/v1/sources", f.write, map[string]any{"publisher": "연합뉴스", "language": "ko", "sensitivity": "public"})
	var s vigil.Source
	r.json(t, &s)
	path := "/api/v1/sources/" + itoa(s.ID)
	first := f.do(t, "PATCH", path, f.write, map[string]any{"version": s.Version, "publisher": "Yonhap"})
	if first.status != 200 {
		t.Fatalf("first edit: %d %s", first.status, first.body)
	}
	stale := f.do(t, "PATCH", path, f.write, map[string]any{"version": s.Version, "publisher": "Yonhap News Agency"})
	if stale.status != 409 {
		t.Fatalf("stale edit: status %d, want 409: %s", stale.status, stale.body)
	}
	var now vigil.Source
	f.do(t, "GET", path, f.write, nil).json(t, &now)
	if now.Publisher != "Yonhap" || now.Version != 2 {
		t.Errorf("after stale edit: publisher %q version %d, want Yonhap 2", now.Publisher, now.Version)
	}
	if d := f.do(t, "DELETE", path+"?version=1", f.write, nil); d.status != 409 {
		t.Errorf("stale delete: %d, want 409", d.status)
	}
	if d := f.do(t, "DELETE", path+"?version=2", f.write, nil); d.status != 204 {
		t.Errorf("delete: %d %s, want 204", d.status, d.body)
	}
	if g := f.do(t, "GET", path, f.write, nil); g.status != 404 {
		t.Errorf("after delete: %d, want 404", g.status)
	}
}

func TestAnonymousSeesPublicOnly(t *testing.T) {
	f := mustFixture(t)
	// A coalition-only incident is invisible to anonymous readers, in
	// lists, by id and in totals.
	r := f.do(t, "POST", "/api/v1/incidents", f.write, map[string]any{
		"title": map[string]string{"en": "Coalition-only arrest"}, "event": "repatriation", "date": "2024-04-02", "sensitivity": "coalition",
		"override": map[string]any{"low": 5, "best": 5, "high": 5, "rationale": "internal count"},
	})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var inc vigil.Incident
	r.json(t, &inc)
	if g := f.do(t, "GET", "/api/v1/incidents/"+itoa(inc.ID), "", nil); g.status != 404 {
		t.Errorf("anonymous GET: %d, want 404", g.status)
	}
	if g := f.do(t, "GET", "/api/v1/incidents/"+itoa(inc.ID), f.read, nil); g.status != 200 {
		t.Errorf("coalition token GET: %d, want 200", g.status)
	}
	var list struct {
		Items []vigil.Incident `json:"items"`
		Total int              `json:"total"`
	}
	f.do(t, "GET", "/api/v1/incidents?limit=500", "", nil).json(t, &list)
	for _, it := range list.Items {
		if it.Sensitivity != vigil.Public {
			t.Errorf("anonymous list holds %s incident %d", it.Sensitivity, it.ID)
		}
	}
	var st struct {
		Total struct{ Best int } `json:"total"`
	}
	f.do(t, "GET", "/api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31", "", nil).json(t, &st)
	if st.Total.Best != 855 {
		t.Errorf("anonymous total %d, want 855 (coalition incident excluded)", st.Total.Best)
	}
	f.do(t, "GET", "/api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31", f.read, nil).json(t, &st)
	if st.Total.Best != 860 {
		t.Errorf("coalition total %d, want 860", st.Total.Best)
	}
	// Protected people appear under their pseudonym.
	all := f.do(t, "GET", "/api/v1/actors?kind=person&limit=500", "", nil)
	for _, secret := range []string{"김규리", "Gyuri Kim", "김혁", "Hyuk Kim"} {
		if bytes.Contains(all.body, []byte(secret)) {
			t.Errorf("anonymous actor list leaks %q", secret)
		}
	}
	if !bytes.Contains(all.body, []byte("Affected individual A")) {
		t.Errorf("anonymous actor list lacks the pseudonym: %s", all.body)
	}
	if audit := f.do(t, "GET", "/api/v1/audit", "", nil); audit.status != 403 && audit.status != 401 {
		t.Errorf("anonymous audit read: %d, want 401 or 403", audit.status)
	}
}

func TestCrossOriginWritesAreRefused(t *testing.T) {
	f := mustFixture(t)
	r := f.do(t, "POST", "/api/v1/places", f.write, map[string]any{"kind": "city", "names": map[string]string{"en": "Hunchun"}},
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if r.status != 403 {
		t.Fatalf("cross-site POST: %d, want 403", r.status)
	}
	var list struct{ Total int }
	f.do(t, "GET", "/api/v1/places?name=Hunchun", f.write, nil).json(t, &list)
	if list.Total != 0 {
		t.Errorf("the refused request wrote %d places", list.Total)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := mustFixture(t)
	r := f.do(t, "GET", "/api/v1/incidents", "", nil)
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
	} {
		if got := r.header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want it to contain %q", h, got, want)
		}
	}
}

func TestFigureAndDateEndpoints(t *testing.T) {
	f := mustFixture(t)
	r := f.do(t, "GET", "/api/v1/figure?text=50-60", "", nil)
	if got := strings.TrimSpace(string(r.body)); got != `{"text":"50-60","qualifier":"range","low":50,"high":60,"interval":{"low":50,"best":55,"high":60}}` {
		t.Errorf("figure: %s", got)
	}
	r = f.do(t, "GET", "/api/v1/date?text=around+April+26&ref=2024-05-20", "", nil)
	if got := strings.TrimSpace(string(r.body)); got != `{"edtf":"2024-04-26~","earliest":"2024-04-26","latest":"2024-04-26"}` {
		t.Errorf("date: %s", got)
	}
	if r := f.do(t, "GET", "/api/v1/figure?text=3+buses", "", nil); r.status != 400 || r.apiError(t).Fields["text"] == "" {
		t.Errorf("figure of buses: %d %s", r.status, r.body)
	}
}

func itoa(n int64) string { return strings.TrimSpace(string(must(json.Marshal(n)))) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
