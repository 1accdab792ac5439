package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/feed"
	"vigil/httpserver"
	"vigil/internal/newsroom"
	"vigil/triage"
)

// mustMonitoringData gives the fixture a feed, an inbox item and a
// snapshot, so every monitoring route has a record to work on.
func mustMonitoringData(t *testing.T, f *fixture) {
	t.Helper()
	r := f.do(t, "POST", "/api/v1/feeds", f.write, map[string]any{"url": "https://news.example/rss", "title": "Wire", "active": true})
	if r.status != 201 {
		t.Fatalf("create feed: %d %s", r.status, r.body)
	}
	var fd vigil.Feed
	r.json(t, &fd)
	ctx := vigil.WithViewer(context.Background(), feed.PollerViewer)
	text := "Chinese police arrested 15 North Korean defectors in Shenyang on May 6."
	if _, err := f.st.RecordPoll(ctx, &vigil.FeedPoll{FeedID: fd.ID, Status: 200, NextPollAt: time.Now().Add(time.Hour), Items: []*vigil.FeedItem{{
		URL: "https://news.example/a/1", Title: "Defectors arrested", Text: text, Language: "en", Published: "2024-05-08",
		ContentHash: feed.ContentHash("Defectors arrested", text), Rules: []string{"defector*"},
	}}}); err != nil {
		t.Fatal(err)
	}
	sum, err := f.blobs.Put([]byte("<p>preserved</p>"))
	if err != nil {
		t.Fatal(err)
	}
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := f.st.CreateSnapshot(admin, &vigil.Snapshot{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, URL: "https://news.example/a/1", Status: 200,
		RetrievedAt: time.Now(), SHA256: sum, Size: 16, ContentType: "text/html"}); err != nil {
		t.Fatal(err)
	}
}

// TestMonitoringOverHTTP is the full pass through the JSON API: a poll
// fills the inbox, an item's candidate claim is accepted into a new
// incident (archiving the page), and the totals change.
func TestMonitoringOverHTTP(t *testing.T) {
	f := mustFixture(t)
	news := newsroom.Start()
	t.Cleanup(news.Close)
	r := f.do(t, "POST", "/api/v1/feeds", f.write, map[string]any{"url": news.URL + newsroom.EnAtom, "title": "Rights Wire", "active": true})
	if r.status != 201 {
		t.Fatalf("create feed: %d %s", r.status, r.body)
	}
	if r := f.do(t, "GET", "/api/v1/feeds", "", nil); r.status != 200 || bytes.Contains(r.body, []byte("Rights Wire")) {
		t.Fatalf("anonymous feed list: %d %s", r.status, r.body)
	}
	poller := &feed.Poller{Svc: f.st, Fetcher: archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}})}
	if _, err := poller.PollDue(vigil.WithViewer(context.Background(), feed.PollerViewer)); err != nil {
		t.Fatal(err)
	}
	var inbox struct {
		Items []vigil.FeedItem `json:"items"`
		Total int              `json:"total"`
	}
	f.do(t, "GET", "/api/v1/inbox", f.read, nil).json(t, &inbox)
	if inbox.Total != 2 {
		t.Fatalf("inbox: %+v", inbox)
	}
	var item vigil.FeedItem
	for _, it := range inbox.Items {
		if it.URL == news.ArticleURL("en-dandong-repatriation") {
			item = it
		}
	}
	var entry struct {
		Text       string `json:"text"`
		Candidates []struct {
			Start     int    `json:"start"`
			CountText string `json:"count_text"`
			Quote     string `json:"quote"`
		} `json:"candidates"`
	}
	f.do(t, "GET", fmt.Sprintf("/api/v1/inbox/%d", item.ID), f.read, nil).json(t, &entry)
	if len(entry.Candidates) != 1 || entry.Candidates[0].CountText != "about 40" {
		t.Fatalf("entry %+v", entry)
	}
	stats := func() int {
		var st vigil.Stats
		f.do(t, "GET", "/api/v1/stats?event=repatriation&from=2023-10-01&to=2024-05-31", f.write, nil).json(t, &st)
		return st.Total.Best
	}
	before := stats()
	accept := map[string]any{"version": item.Version, "start": entry.Candidates[0].Start, "new_incident": true, "sensitivity": "coalition"}
	if r := f.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "", accept); r.status != 401 {
		t.Fatalf("anonymous accept: %d", r.status)
	}
	if r := f.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), f.read, accept); r.status != 403 {
		t.Fatalf("read-token accept: %d %s", r.status, r.body)
	}
	r = f.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), f.write, accept)
	if r.status != 201 {
		t.Fatalf("accept: %d %s", r.status, r.body)
	}
	var acc struct {
		Snapshot vigil.Snapshot `json:"snapshot"`
		Incident vigil.Incident `json:"incident"`
	}
	r.json(t, &acc)
	if got := stats(); got != before+40 {
		t.Fatalf("best total %d → %d, want +40", before, got)
	}
	// The snapshot's bytes are served to those who may see it, and hash
	// to what the snapshot records.
	content := f.do(t, "GET", fmt.Sprintf("/api/v1/archives/%d/content", acc.Snapshot.ID), f.read, nil)
	if content.status != 200 || archive.Sum(content.body) != acc.Snapshot.SHA256 || content.header.Get("Content-Disposition") == "" {
		t.Fatalf("content: %d %s", content.status, content.header)
	}
	if r := f.do(t, "GET", fmt.Sprintf("/api/v1/archives/%d/content", acc.Snapshot.ID), "", nil); r.status != 404 {
		t.Fatalf("anonymous reads a coalition snapshot: %d", r.status)
	}

	t.Run("archive a URL", func(t *testing.T) {
		body := map[string]any{"url": news.ArticleURL("ko-tumen-repatriation"), "sensitivity": "restricted"}
		if r := f.do(t, "POST", "/api/v1/archives", "", body); r.status != 401 {
			t.Fatalf("anonymous archive: %d", r.status)
		}
		r := f.do(t, "POST", "/api/v1/archives", f.write, body)
		if r.status != 201 {
			t.Fatalf("archive: %d %s", r.status, r.body)
		}
		var sn vigil.Snapshot
		r.json(t, &sn)
		res, err := http.Get(news.ArticleURL("ko-tumen-repatriation"))
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if sn.SHA256 != archive.Sum(page) || sn.Title != "투먼 구류장 탈북민 강제북송" {
			t.Fatalf("snapshot %+v", sn)
		}
		// A restricted snapshot is not served to a coalition token.
		if r := f.do(t, "GET", fmt.Sprintf("/api/v1/archives/%d/content", sn.ID), f.read, nil); r.status != 404 {
			t.Fatalf("coalition token reads a restricted snapshot: %d", r.status)
		}
		if r := f.do(t, "POST", "/api/v1/archives", f.write, map[string]any{"url": news.URL + newsroom.Error500}); r.status != 422 {
			t.Fatalf("archive of a 500 page: %d %s", r.status, r.body)
		}
		if r := f.do(t, "POST", "/api/v1/archives", f.write, map[string]any{"url": "gopher://x"}); r.status != 400 {
			t.Fatalf("bad URL: %d %s", r.status, r.body)
		}
	})
	t.Run("dismiss", func(t *testing.T) {
		var other vigil.FeedItem
		for _, it := range inbox.Items {
			if it.ID != item.ID {
				other = it
			}
		}
		r := f.do(t, "POST", fmt.Sprintf("/api/v1/inbox/%d/dismiss", other.ID), f.write, map[string]any{"version": other.Version, "reason": "outside our scope"})
		if r.status != 200 {
			t.Fatalf("dismiss: %d %s", r.status, r.body)
		}
		f.do(t, "GET", "/api/v1/inbox", f.read, nil).json(t, &inbox)
		if inbox.Total != 0 {
			t.Fatalf("inbox after accepting one and dismissing the other: %+v", inbox)
		}
	})
}

// TestArchiveRefusalNamesTheHostOnly: an archive request for a name that
// resolves to a loopback address, with the guard as in production, is
// refused with an error naming the host, never the address it resolved
// to.
func TestArchiveRefusalNamesTheHostOnly(t *testing.T) {
	f := mustFixture(t)
	news := newsroom.Start()
	t.Cleanup(news.Close)
	fetcher := archive.NewFetcher(archive.FetchOptions{Timeout: 5 * time.Second})
	a := api.New(f.st, api.Options{Monitor: &api.Monitor{Desk: &triage.Desk{Svc: f.st, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: f.blobs}}, Blobs: f.blobs}})
	f.srv = httptest.NewServer(httpserver.New(httpserver.Config{Service: f.st}, a.Register).Handler())
	t.Cleanup(f.srv.Close)
	target := strings.Replace(news.ArticleURL("ko-tumen-repatriation"), "127.0.0.1", "localhost", 1)
	r := f.do(t, "POST", "/api/v1/archives", f.write, map[string]any{"url": target})
	if r.status != 422 {
		t.Fatalf("archive of a loopback name: %d %s", r.status, r.body)
	}
	msg := r.apiError(t).Message
	if !strings.Contains(msg, "localhost resolves to a private or local address") || strings.Contains(msg, "127.0.0.1") || strings.Contains(string(r.body), "127.0.0.1") {
		t.Fatalf("refusal %q", r.body)
	}
}
