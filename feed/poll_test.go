package feed_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/archive"
	"vigil/feed"
	"vigil/internal/newsroom"
	"vigil/store"
)

// pollFixture is a SQLite store with one feed per newsroom path, and a
// poller allowed to reach the newsroom on loopback.
type pollFixture struct {
	st     *store.Store
	news   *newsroom.Newsroom
	poller *feed.Poller
	ctx    context.Context
	feeds  map[string]*vigil.Feed
	now    time.Time
}

func mustPollFixture(t *testing.T, paths ...string) *pollFixture {
	t.Helper()
	f := &pollFixture{news: newsroom.Start(), feeds: map[string]*vigil.Feed{}, now: time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)}
	t.Cleanup(f.news.Close)
	clock := func() time.Time { return f.now }
	st, err := store.Open(context.Background(), t.TempDir()+"/vigil.db", store.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	f.ctx = vigil.WithViewer(context.Background(), feed.PollerViewer)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	for _, p := range paths {
		fd := &vigil.Feed{URL: f.news.URL + p, Title: p, Active: true}
		if err := st.CreateFeed(admin, fd); err != nil {
			t.Fatal(err)
		}
		f.feeds[p] = fd
	}
	f.poller = &feed.Poller{
		Svc:         st,
		Fetcher:     archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 400 * time.Millisecond, MaxBytes: 1 << 20}),
		Concurrency: 3, Interval: 30 * time.Minute, MaxBackoff: 24 * time.Hour, Now: clock,
	}
	return f
}

func (f *pollFixture) pollDue(t *testing.T) map[string]feed.Report {
	t.Helper()
	reports, err := f.poller.PollDue(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]feed.Report{}
	for _, r := range reports {
		out[strings.TrimPrefix(r.URL, f.news.URL)] = r
	}
	return out
}

func TestPollTheNewsroom(t *testing.T) {
	f := mustPollFixture(t, newsroom.KoRSS, newsroom.EnAtom, newsroom.EnJSON, newsroom.EUCKR, newsroom.Control,
		newsroom.Error500, newsroom.Slow, newsroom.Huge, newsroom.NotFeed, newsroom.ETagged)
	reports := f.pollDue(t)
	if len(reports) != 10 {
		t.Fatalf("%d reports, want one per feed", len(reports))
	}
	cases := []struct {
		path    string
		entries int
		err     string
		warn    string
	}{
		{newsroom.KoRSS, 3, "", ""},
		{newsroom.EnAtom, 2, "", ""},
		{newsroom.EnJSON, 3, "", ""},
		{newsroom.EUCKR, 1, "", "decoded from euc-kr"},
		{newsroom.Control, 1, "", "removed"},
		{newsroom.Error500, 0, "500", ""},
		{newsroom.Slow, 0, "timed out", ""},
		{newsroom.Huge, 0, "over the size limit", ""},
		{newsroom.NotFeed, 0, "not an RSS, Atom or JSON feed", ""},
		{newsroom.ETagged, 1, "", ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			r := reports[c.path]
			if r.Entries != c.entries || !strings.Contains(r.Err, c.err) || (c.err == "" && r.Err != "") {
				t.Fatalf("report %+v: want %d entries, error %q", r, c.entries, c.err)
			}
			if !strings.Contains(strings.Join(r.Warnings, "; "), c.warn) {
				t.Fatalf("warnings %v, want %q", r.Warnings, c.warn)
			}
			fd, err := f.st.FindFeedByID(f.ctx, f.feeds[c.path].ID)
			if err != nil {
				t.Fatal(err)
			}
			wantNext := f.now.Add(30 * time.Minute)
			if c.err != "" {
				wantNext = f.now.Add(time.Hour) // first failure: twice the interval
				if fd.Failures != 1 || !strings.Contains(fd.LastError, c.err) {
					t.Fatalf("feed state after a failure: failures %d, error %q", fd.Failures, fd.LastError)
				}
			}
			if fd.NextPollAt == nil || !fd.NextPollAt.Equal(wantNext) {
				t.Fatalf("next poll %v, want %v", fd.NextPollAt, wantNext)
			}
		})
	}
	// Korean and English items were stored once each, deduplicated across
	// the Atom and JSON feeds, and the inbox has only those the rules route.
	all, n, err := f.st.FindFeedItems(f.ctx, vigil.FeedItemFilter{Page: vigil.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	// ko RSS 3, en (Atom ∪ JSON) 3, control 1; the EUC-KR and ETag feeds
	// repeat stories already stored.
	if n != 7 {
		titles := []string{}
		for _, it := range all {
			titles = append(titles, it.Title)
		}
		t.Fatalf("%d items stored, want 7: %q", n, titles)
	}
	inbox, _, err := f.st.FindFeedItems(f.ctx, vigil.FeedItemFilter{Inbox: true, Status: vigil.ItemNew, Page: vigil.Page{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	for _, it := range inbox {
		routed[it.Title] = true
		if it.Title == "내일 전국 맑음" || it.Title == "Markets close higher" {
			t.Errorf("%q was routed to the inbox by %v", it.Title, it.Rules)
		}
	}
	for _, want := range []string{"단둥서 탈북민 체포 잇따라", "투먼 구류장 탈북민 강제북송", "China sends North Korean defectors back via Dandong", "Arrests in Shenyang", "Defectors repatriated from Yanji"} {
		if !routed[want] {
			t.Errorf("%q is not in the inbox (inbox: %v)", want, routed)
		}
	}

	// An hour later: healthy feeds are due again, failing ones wait twice
	// as long as before; the ETag feed answers 304 to the conditional GET.
	f.now = f.now.Add(time.Hour)
	second := f.pollDue(t)
	if r, ok := second[newsroom.ETagged]; !ok || !r.NotModified || r.Status != 304 || r.Added != 0 {
		t.Fatalf("second poll of the ETag feed: %+v", r)
	}
	if r := second[newsroom.KoRSS]; r.Added != 0 || r.Duplicates != 3 {
		t.Fatalf("second poll of the Korean feed: %+v", r)
	}
	if r, ok := second[newsroom.Error500]; !ok || r.Err == "" {
		t.Fatalf("the failing feed was not retried after its backoff: %+v", r)
	}
	fd, _ := f.st.FindFeedByID(f.ctx, f.feeds[newsroom.Error500].ID)
	if fd.Failures != 2 || !fd.NextPollAt.Equal(f.now.Add(2*time.Hour)) {
		t.Fatalf("after two failures: %d failures, next %v", fd.Failures, fd.NextPollAt)
	}
	// Nothing is due right away now.
	if third := f.pollDue(t); len(third) != 0 {
		t.Fatalf("feeds polled again before their time: %v", third)
	}
	if n := f.news.Hits(newsroom.ETagged); n != 2 {
		t.Fatalf("the ETag feed was fetched %d times, want 2", n)
	}
}

func TestPollRecoversAFeedThatHeals(t *testing.T) {
	f := mustPollFixture(t, newsroom.KoRSS)
	// Point the feed at a path that fails, then back at the real one.
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	fd := f.feeds[newsroom.KoRSS]
	fd.URL = f.news.URL + newsroom.Error500
	if err := f.st.UpdateFeed(admin, fd); err != nil {
		t.Fatal(err)
	}
	f.pollDue(t)
	got, _ := f.st.FindFeedByID(f.ctx, fd.ID)
	if got.Failures != 1 {
		t.Fatalf("failures %d", got.Failures)
	}
	got.URL = f.news.URL + newsroom.KoRSS
	if err := f.st.UpdateFeed(admin, got); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(time.Hour)
	r := f.pollDue(t)[newsroom.KoRSS]
	if r.Err != "" || r.Added != 3 {
		t.Fatalf("%+v", r)
	}
	healed, _ := f.st.FindFeedByID(f.ctx, fd.ID)
	if healed.Failures != 0 || healed.LastError != "" || healed.LastStatus != 200 {
		t.Fatalf("healed feed state %+v", healed)
	}
}

// TestRefusedFeedErrorNamesTheHostOnly: a feed whose name resolves to a
// loopback address, polled by a fetcher that refuses loopback, keeps an
// error that names the feed's host and the class of address, never the
// address the name resolved to (the error is shown on /feeds and by the
// API and the CLI).
func TestRefusedFeedErrorNamesTheHostOnly(t *testing.T) {
	f := mustPollFixture(t)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	url := strings.Replace(f.news.URL, "127.0.0.1", "localhost", 1) + newsroom.EnAtom
	fd := &vigil.Feed{URL: url, Title: "by name", Active: true}
	if err := f.st.CreateFeed(admin, fd); err != nil {
		t.Fatal(err)
	}
	f.poller.Fetcher = archive.NewFetcher(archive.FetchOptions{Timeout: 5 * time.Second})
	reports, err := f.poller.PollDue(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 1 || !strings.Contains(reports[0].Err, "localhost resolves to a private or local address") {
		t.Fatalf("reports %+v", reports)
	}
	got, err := f.st.FindFeedByID(f.ctx, fd.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.LastError, "localhost resolves to a private or local address") || strings.Contains(got.LastError, "127.0.0.1") {
		t.Fatalf("stored error %q", got.LastError)
	}
}
