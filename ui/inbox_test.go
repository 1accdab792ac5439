package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/demo"
	"vigil/feed"
	"vigil/httpserver"
	"vigil/internal/newsroom"
	"vigil/store"
	"vigil/triage"
	"vigil/ui"
)

// inboxServer serves the UI with the monitoring pages over the demo data,
// with the newsroom's English Atom feed polled once and an item whose
// title tries to inject markup.
type inboxServer struct {
	srv   *httptest.Server
	st    *store.Store
	news  *newsroom.Newsroom
	token string
}

func mustInboxServer(t *testing.T) *inboxServer {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, t.TempDir()+"/vigil.db", store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		t.Fatal(err)
	}
	s := &inboxServer{st: st, news: newsroom.Start()}
	t.Cleanup(s.news.Close)
	if s.token, err = st.CreateToken(admin, &vigil.Token{Name: "w", Scope: vigil.ScopeWrite, Clearance: vigil.Restricted}); err != nil {
		t.Fatal(err)
	}
	fd := &vigil.Feed{URL: s.news.URL + newsroom.EnAtom, Title: "Rights Wire", Active: true}
	if err := st.CreateFeed(admin, fd); err != nil {
		t.Fatal(err)
	}
	fetcher := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 5 * time.Second})
	poller := &feed.Poller{Svc: st, Fetcher: fetcher}
	if _, err := poller.PollDue(vigil.WithViewer(ctx, feed.PollerViewer)); err != nil {
		t.Fatal(err)
	}
	evil := `<script>alert(1)</script> 60 defectors repatriated`
	if _, err := st.RecordPoll(vigil.WithViewer(ctx, feed.PollerViewer), &vigil.FeedPoll{FeedID: fd.ID, Status: 200, NextPollAt: time.Now().Add(time.Hour), Items: []*vigil.FeedItem{{
		URL: "https://news.example/evil", Title: evil, Text: "<img src=x onerror=alert(1)>", Language: "en", ContentHash: feed.ContentHash(evil, "x"), Rules: []string{"repatriat*"},
	}}}); err != nil {
		t.Fatal(err)
	}
	blobs, err := archive.OpenBlobs(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	desk := &triage.Desk{Svc: st, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: blobs}}
	u, err := ui.New(st, ui.Options{Desk: desk})
	if err != nil {
		t.Fatal(err)
	}
	a := api.New(st, api.Options{Monitor: &api.Monitor{Desk: desk, Blobs: blobs}})
	s.srv = httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, a.Register, u.Register).Handler())
	t.Cleanup(s.srv.Close)
	return s
}

func (s *inboxServer) get(t *testing.T, path, token string) *goquery.Document {
	t.Helper()
	h := []string{"Accept-Language", "en"}
	if token != "" {
		h = append(h, "Authorization", "Bearer "+token)
	}
	res, doc := mustGet(t, http.DefaultClient, s.srv.URL+path, h...)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return doc
}

func TestInboxPages(t *testing.T) {
	s := mustInboxServer(t)
	doc := s.get(t, "/inbox", s.token)
	rows := doc.Find("table.inbox tr.item")
	if rows.Length() != 3 {
		t.Fatalf("%d inbox rows, want 3", rows.Length())
	}
	if doc.Find(`nav a[href="/inbox"]`).Length() != 1 {
		t.Fatal("no inbox link in the navigation")
	}
	if doc.Find("script:not([src])").Length() != 0 || strings.Contains(doc.Text(), "[monitor.") {
		t.Fatal("an inline script or a missing locale key on the inbox page")
	}
	var itemPath string
	rows.Find("a").Each(func(_ int, a *goquery.Selection) {
		if a.Text() == "China sends North Korean defectors back via Dandong" {
			itemPath, _ = a.Attr("href")
		}
	})
	if itemPath == "" {
		t.Fatal("the Dandong story is not listed")
	}

	doc = s.get(t, itemPath, s.token)
	marks := doc.Find("div.item-text mark")
	if marks.Length() != 1 || marks.Text() != "about 40" {
		t.Fatalf("highlighted spans: %d %q", marks.Length(), marks.Text())
	}
	if title, _ := marks.Attr("title"); !strings.Contains(title, "Repatriation") {
		t.Fatalf("mark title %q", title)
	}
	cand := doc.Find("section.candidate")
	if cand.Length() != 1 || cand.AttrOr("data-event", "") != "repatriation" || cand.Find("dd.date").Text() != "2024-05-02" || cand.Find("dd.place").Text() != "Dandong" {
		t.Fatalf("candidate: %s", cand.Text())
	}
	if cand.Find("form.accept label.match").Length() == 0 {
		t.Fatal("no suggested incidents")
	}
	if doc.Find("form.dismiss").Length() != 1 {
		t.Fatal("no dismiss form for a writer")
	}

	// Accept into a new incident through the form; the page then shows the
	// archived source with its hash.
	id := strings.TrimPrefix(itemPath, "/inbox/")
	form := url.Values{"version": {doc.Find(`form.accept input[name="version"]`).AttrOr("value", "")}, "start": {cand.AttrOr("data-start", "")},
		"incident_id": {"new"}, "sensitivity": {"coalition"}}
	req, _ := http.NewRequest("POST", s.srv.URL+"/inbox/"+id+"/accept", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+s.token)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	doc = s.get(t, itemPath, s.token)
	sum := doc.Find("section.archive code.sha256").Text()
	snaps, _, err := s.st.FindSnapshots(vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "t", Role: vigil.RoleViewer, Clearance: vigil.Restricted}), vigil.SnapshotFilter{})
	if err != nil || len(snaps) != 1 || sum != snaps[0].SHA256 {
		t.Fatalf("shown hash %q, stored %+v (%v)", sum, snaps, err)
	}
	if doc.Find(`article.inbox-item[data-status="accepted"]`).Length() != 1 || doc.Find("form.dismiss").Length() != 0 {
		t.Fatal("the item is not shown as accepted")
	}
}

func TestInboxEscapesFeedText(t *testing.T) {
	s := mustInboxServer(t)
	items, _, err := s.st.FindFeedItems(vigil.WithViewer(context.Background(), feed.PollerViewer), vigil.FeedItemFilter{Inbox: true})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, it := range items {
		if strings.HasPrefix(it.Title, "<script>") {
			id = it.ID
		}
	}
	doc := s.get(t, fmt.Sprintf("/inbox/%d", id), s.token)
	if doc.Find("script:not([src]), img").Length() != 0 {
		t.Fatal("feed text became markup")
	}
	if !strings.Contains(doc.Find("h1").Text(), "<script>alert(1)</script>") {
		t.Fatalf("title not shown as text: %q", doc.Find("h1").Text())
	}
	if doc.Find("div.item-text mark").Text() != "60" {
		t.Fatalf("count in the escaped title not highlighted: %q", doc.Find("div.item-text").Text())
	}
}

func TestInboxNeedsCoalitionClearance(t *testing.T) {
	s := mustInboxServer(t)
	doc := s.get(t, "/inbox", "")
	if doc.Find("table.inbox tr.item").Length() != 0 || doc.Find(`nav a[href="/inbox"]`).Length() != 0 {
		t.Fatal("an anonymous reader sees the inbox")
	}
	res, _ := mustGet(t, http.DefaultClient, s.srv.URL+"/inbox/1")
	if res.StatusCode != 404 {
		t.Fatalf("anonymous item page: %d", res.StatusCode)
	}
	doc = s.get(t, "/feeds", s.token)
	if doc.Find("table.feeds tr.feed").Length() != 1 || doc.Find("ul.rules li").Length() != 5 {
		t.Fatal("feeds page incomplete")
	}
}
