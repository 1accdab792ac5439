package ui_test

import (
	"bytes"
	"context"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/demo"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/internal/newsroom"
	"vigil/photo/phototest"
	"vigil/publish"
	"vigil/store"
	"vigil/store/storetest"
	"vigil/triage"
	"vigil/ui"
)

// The viewers of the route × role table: one per role, with the clearance
// a real account of that role would have.
var (
	anonymous   = vigil.Anonymous
	reader      = vigil.Viewer{Actor: "test:reader", Role: vigil.RoleViewer, Clearance: vigil.Public}
	contributor = vigil.Viewer{Actor: "test:contributor", Role: vigil.RoleContributor, Clearance: vigil.Coalition}
	editor      = vigil.Viewer{Actor: "test:editor", Role: vigil.RoleEditor, Clearance: vigil.Restricted}
	admin       = vigil.Viewer{Actor: "test:admin", Role: vigil.RoleAdmin, Clearance: vigil.Restricted}
	viewers     = map[string]vigil.Viewer{"anonymous": anonymous, "viewer": reader, "contributor": contributor, "editor": editor, "admin": admin}
)

// viewerHeader names the test viewer of a request. It is read by a
// test-only middleware inside the server's middleware chain, so requests
// still pass the security headers, cross-origin protection and body
// limits; it stands in for the sessions that will set the viewer.
const viewerHeader = "X-Test-Viewer"

// testNow is the UI's clock in these tests.
var testNow = time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)

// workspace is a running server over a real SQLite store with the demo,
// accounts with cheap password hashes, the monitoring pages over a local
// newsroom, and the live public site beside the UI and the API.
type workspace struct {
	t   testing.TB
	srv *httptest.Server
	st  *store.Store
	ui  *ui.UI
	// ids of records the tests add: a coalition and a restricted
	// incident, for the clearance rows of the route table.
	coalitionInc, restrictedInc int64
	// Accounts and sessions (sessions_test.go); the monitoring fixture
	// (a newsroom, its feed and the triage desk).
	accounts
	news *newsroom.Newsroom
	feed *vigil.Feed
	desk *triage.Desk
	// public is the live public site (package publish), served beside
	// the UI; its routes have rows in the route × role table too.
	public *publish.Handler
	// uiNow is the UI's now, in Unix seconds; testNow unless a test
	// moves it (setNow). The store runs on accounts.clock, real time
	// moved forward in TOTP steps.
	uiNow atomic.Int64
}

// setNow moves the UI's clock.
func (w *workspace) setNow(t time.Time) { w.uiNow.Store(t.Unix()) }

func mustWorkspace(tb testing.TB) *workspace {
	tb.Helper()
	return mustWorkspaceWith(tb, httpserver.Config{})
}

// mustWorkspaceWith is mustWorkspace with a server configuration (its
// Service is set here).
func mustWorkspaceWith(tb testing.TB, cfg httpserver.Config) *workspace {
	tb.Helper()
	w := &workspace{t: tb}
	w.setNow(testNow)
	ctx := context.Background()
	base, err := store.Open(ctx, tb.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { base.Close() })
	w.clock = &offsetClock{}
	// The route table signs in often and fails on purpose from one
	// address; the address limit has its own tests.
	policy := storetest.TestAccountPolicy()
	policy.AddressThreshold = 1000
	st, err := base.WithAccounts(policy)
	if err != nil {
		tb.Fatal(err)
	}
	w.st = st.WithClock(w.clock.Now)
	if err := demo.Load(as(admin), w.st); err != nil {
		tb.Fatal(err)
	}
	w.news = newsroom.Start()
	tb.Cleanup(w.news.Close)
	w.feed = &vigil.Feed{URL: w.news.URL + newsroom.EnAtom, Title: "Rights Wire", Active: true}
	if err := w.st.CreateFeed(as(admin), w.feed); err != nil {
		tb.Fatal(err)
	}
	blobs, err := archive.OpenBlobs(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	fetcher := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 5 * time.Second})
	w.desk = &triage.Desk{Svc: w.st, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: blobs}}
	if w.ui, err = ui.New(w.st, ui.Options{Now: func() time.Time { return time.Unix(w.uiNow.Load(), 0).UTC() }, Desk: w.desk}); err != nil {
		tb.Fatal(err)
	}
	site, err := publish.NewSite()
	if err != nil {
		tb.Fatal(err)
	}
	// The live public site, a registrar of its own as in serve, shares
	// the public data with the public API.
	cache := publish.NewCache(w.st, publish.Options{}, 0)
	w.public = publish.NewHandler(site, cache, nil)
	routes := func(mux *http.ServeMux) {
		inner := http.NewServeMux()
		api.New(w.st, api.Options{PublicCache: cache}).Register(inner)
		w.ui.Register(inner)
		w.public.Register(inner)
		mux.Handle("/", http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			if name := r.Header.Get(viewerHeader); name != "" {
				v, ok := viewers[name]
				if !ok {
					http.Error(rw, "unknown test viewer", http.StatusTeapot)
					return
				}
				r = r.WithContext(vigil.WithViewer(r.Context(), v))
			}
			inner.ServeHTTP(rw, r)
		}))
	}
	cfg.Service = w.st
	w.srv = httptest.NewServer(httpserver.New(cfg, routes).Handler())
	tb.Cleanup(w.srv.Close)
	w.coalitionInc = w.incident(vigil.Coalition, "Coalition-only arrest", vigil.EventArrest, "2024-05-10").ID
	w.restrictedInc = w.incident(vigil.Restricted, "Restricted detention report", vigil.EventDetention, "2024-05-12").ID
	return w
}

func as(v vigil.Viewer) context.Context { return vigil.WithViewer(context.Background(), v) }

func ptr[T any](v T) *T { return &v }

// incident stores an incident with an editor's date.
func (w *workspace) incident(sens vigil.Sensitivity, title string, ev vigil.EventType, date string) *vigil.Incident {
	w.t.Helper()
	i := &vigil.Incident{Meta: vigil.Meta{Sensitivity: sens}, Title: vigil.Names{En: title}, Event: ev, Date: date}
	if err := w.st.CreateIncident(as(admin), i); err != nil {
		w.t.Fatal(err)
	}
	return i
}

// claim stores a public claim of source about incident.
func (w *workspace) claim(source, incident int64, text, date string, cred int) *vigil.Claim {
	w.t.Helper()
	c := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Public}, SourceID: source, IncidentID: &incident, Quote: "quote: " + text,
		Figure: figure.Figure{Text: text}, Event: vigil.EventRepatriation, Date: date, Credibility: cred}
	if err := w.st.CreateClaim(as(admin), c); err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *workspace) find(id int64) *vigil.Incident {
	w.t.Helper()
	i, err := w.st.FindIncidentByID(as(admin), id)
	if err != nil {
		w.t.Fatal(err)
	}
	return i
}

// noRedirects is a client that shows redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do sends a request as the viewer (by name) in lang and parses HTML.
func (w *workspace) do(method, path, viewer, lang string, form url.Values, header ...string) (*http.Response, *goquery.Document) {
	w.t.Helper()
	var body []byte
	switch {
	case form.Has(uploadKey):
		var ct string
		ct, body = uploadForm(w.t, form)
		header = append([]string{"Content-Type", ct}, header...)
	case form != nil:
		body = []byte(form.Encode())
		header = append([]string{"Content-Type", "application/x-www-form-urlencoded"}, header...)
	}
	return w.doRaw(method, path, viewer, lang, body, header...)
}

// doRaw sends a request with a body as it is (set its Content-Type in
// header) and parses HTML.
func (w *workspace) doRaw(method, path, viewer, lang string, body []byte, header ...string) (*http.Response, *goquery.Document) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	if viewer != "" && viewer != "anonymous" {
		req.Header.Set(viewerHeader, viewer)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := noRedirects.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return res, doc
}

// uploadForm encodes a form with uploadKey as multipart/form-data: the
// other values as fields, and a small JPEG (image/jpeg, as a browser
// sends it) in the file field that uploadKey names.
func uploadForm(tb testing.TB, form url.Values) (string, []byte) {
	tb.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, k := range slices.Sorted(maps.Keys(form)) {
		if k == uploadKey {
			continue
		}
		for _, v := range form[k] {
			if err := mw.WriteField(k, v); err != nil {
				tb.Fatal(err)
			}
		}
	}
	name := form.Get(uploadKey)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="`+name+`"; filename="`+name+`.jpg"`)
	h.Set("Content-Type", "image/jpeg")
	part, err := mw.CreatePart(h)
	if err == nil {
		_, err = part.Write(phototest.MustJPEG(tb, 0))
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		tb.Fatal(err)
	}
	return mw.FormDataContentType(), b.Bytes()
}

// get fetches a page and fails unless it has the status.
func (w *workspace) get(path, viewer, lang string, status int) *goquery.Document {
	w.t.Helper()
	res, doc := w.do("GET", path, viewer, lang, nil)
	if res.StatusCode != status {
		w.t.Fatalf("GET %s as %s: status %d, want %d: %s", path, viewer, res.StatusCode, status, text(doc.Find("main")))
	}
	return doc
}

// post submits a form and fails unless the response has the status.
func (w *workspace) post(path, viewer, lang string, form url.Values, status int) (*http.Response, *goquery.Document) {
	w.t.Helper()
	res, doc := w.do("POST", path, viewer, lang, form)
	if res.StatusCode != status {
		w.t.Fatalf("POST %s as %s: status %d, want %d: %s", path, viewer, res.StatusCode, status, text(doc.Find("main")))
	}
	return res, doc
}

// formValues reads the current values of a form on a page, as a browser
// would submit it unchanged.
func formValues(f *goquery.Selection) url.Values {
	v := url.Values{}
	f.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			sel := s.Find("option[selected]")
			if sel.Length() == 0 {
				sel = s.Find("option").First()
			}
			v.Add(name, sel.AttrOr("value", ""))
		default:
			switch s.AttrOr("type", "text") {
			case "checkbox", "radio":
				if _, on := s.Attr("checked"); on {
					v.Add(name, s.AttrOr("value", "on"))
				}
			case "submit":
			default:
				v.Add(name, s.AttrOr("value", ""))
			}
		}
	})
	return v
}

// text is the trimmed, space-collapsed text of a selection.
func text(s *goquery.Selection) string {
	return strings.Join(strings.Fields(s.Text()), " ")
}
