package storetest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/archive"
	"vigil/feed"
	"vigil/internal/newsroom"
	"vigil/store"
	"vigil/triage"
)

// testMonitoring covers feeds, rules, the inbox and snapshots, and the
// full pass against a local newsroom: a poll puts items in the inbox,
// accepting a claim archives the page and records its hash, and the
// claim joins an incident so the totals change.
func testMonitoring(t *testing.T, open Opener) {
	t.Run("Feeds", func(t *testing.T) {
		s := open(t)
		f := &vigil.Feed{URL: "https://news.example/rss", Title: "Wire", Active: true}
		MustOK(t, s.CreateFeed(As(Contributor), f), "create feed")
		if f.Sensitivity != vigil.Coalition || f.NextPollAt == nil || f.Version != 1 {
			t.Fatalf("new feed %+v", f)
		}
		MustField(t, s.CreateFeed(As(Admin), &vigil.Feed{URL: "https://x.example/", Meta: vigil.Meta{Sensitivity: vigil.Public}}), "sensitivity", "never public")
		MustField(t, s.CreateFeed(As(Admin), &vigil.Feed{URL: "ftp://x.example/"}), "url", "not an http(s) URL")
		MustCode(t, s.CreateFeed(As(Member), &vigil.Feed{URL: "https://y.example/"}), vigil.EFORBIDDEN, "viewer creates a feed")
		MustCode(t, s.CreateFeed(As(Admin), &vigil.Feed{URL: f.URL}), vigil.ECONFLICT, "duplicate feed URL")
		if _, n, err := s.FindFeeds(As(Anonymous), vigil.FeedFilter{}); err != nil || n != 0 {
			t.Fatalf("anonymous sees %d feeds (%v)", n, err)
		}
		MustCode(t, func() error { _, err := s.FindFeedByID(As(Anonymous), f.ID); return err }(), vigil.ENOTFOUND, "anonymous reads a feed")
		got, err := s.FindFeedByID(As(Member), f.ID)
		MustOK(t, err, "member reads the feed")
		// A user's update keeps the poll state.
		_, err = s.RecordPoll(As(feed.PollerViewer), &vigil.FeedPoll{FeedID: f.ID, Status: 200, ETag: `"v1"`, NextPollAt: time.Now().Add(time.Hour)})
		MustOK(t, err, "record poll")
		got.Title, got.ETag = "Wire 2", "forged"
		got.Version = 1
		MustOK(t, s.UpdateFeed(As(Editor), got), "update feed")
		got, _ = s.FindFeedByID(As(Member), f.ID)
		if got.Title != "Wire 2" || got.ETag != `"v1"` || got.LastStatus != 200 {
			t.Fatalf("after update: %+v", got)
		}
		rules, err := s.FindKeywordRules(As(Member))
		MustOK(t, err, "rules")
		if len(rules) != 5 {
			t.Fatalf("%d seeded rules, want 5", len(rules))
		}
		MustCode(t, s.CreateKeywordRule(As(Editor), &vigil.KeywordRule{Term: "북송", Lang: "ko"}), vigil.ECONFLICT, "duplicate rule")
		MustField(t, s.CreateKeywordRule(As(Editor), &vigil.KeywordRule{Term: "a*b"}), "term", "at most one *")
		r := &vigil.KeywordRule{Term: "refoulement", Lang: "en"}
		MustOK(t, s.CreateKeywordRule(As(Editor), r), "create rule")
		MustOK(t, s.DeleteKeywordRule(As(Editor), r.ID, r.Version), "delete rule")
		MustVerify(t, s)
	})
	t.Run("FullPass", func(t *testing.T) { testFullPass(t, open(t)) })
	t.Run("SnapshotClearance", func(t *testing.T) {
		s := open(t)
		src := NewSource("Inside source", "", "C", "2024-05-01")
		src.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateSource, src)
		sn := &vigil.Snapshot{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, SourceID: &src.ID, URL: "https://x.example/a", Status: 200,
			RetrievedAt: time.Now(), SHA256: archive.Sum([]byte("x")), Size: 1}
		MustOK(t, s.CreateSnapshot(As(Editor), sn), "create snapshot")
		if sn.Sensitivity != vigil.Restricted {
			t.Fatalf("a snapshot of a restricted source is %s", sn.Sensitivity)
		}
		MustCode(t, func() error { _, err := s.FindSnapshotByID(As(Member), sn.ID); return err }(), vigil.ENOTFOUND, "member reads a restricted source's snapshot")
		if _, n, _ := s.FindSnapshots(As(Member), vigil.SnapshotFilter{SHA256: sn.SHA256}); n != 0 {
			t.Fatalf("member lists %d snapshots of a restricted source", n)
		}
		_, err := s.FindSnapshotByID(As(Staff), sn.ID)
		MustOK(t, err, "staff reads the snapshot")
	})
}

// testFullPass is the end-to-end pass of the monitoring issue.
func testFullPass(t *testing.T, s *store.Store) {
	w := Seed(t, s)
	news := newsroom.Start()
	t.Cleanup(news.Close)
	for _, p := range []string{newsroom.KoRSS, newsroom.EnAtom, newsroom.Error500} {
		MustOK(t, s.CreateFeed(As(Editor), &vigil.Feed{URL: news.URL + p, Title: "Newsroom " + p, Active: true}), "create feed")
	}
	fetcher := archive.NewFetcher(archive.FetchOptions{Guard: archive.Guard{AllowLoopback: true}, Timeout: 5 * time.Second, MaxBytes: 1 << 20})
	poller := &feed.Poller{Svc: s, Fetcher: fetcher, Concurrency: 2}
	reports, err := poller.PollDue(As(feed.PollerViewer))
	MustOK(t, err, "poll")
	if len(reports) != 3 {
		t.Fatalf("%d reports", len(reports))
	}
	inbox, n, err := s.FindFeedItems(As(Member), vigil.FeedItemFilter{Inbox: true, Status: vigil.ItemNew})
	MustOK(t, err, "inbox")
	if n != 4 {
		t.Fatalf("inbox has %d items, want 4 (2 Korean, 2 English)", n)
	}
	if QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE action = 'poll'") != 2 {
		t.Fatal("want one audit entry per poll that stored items")
	}
	var item *vigil.FeedItem
	for _, it := range inbox {
		if it.URL == news.ArticleURL("en-dandong-repatriation") {
			item = it
		}
	}
	if item == nil {
		t.Fatal("the Dandong story is not in the inbox")
	}
	blobs, err := archive.OpenBlobs(t.TempDir())
	MustOK(t, err, "blobs")
	desk := &triage.Desk{Svc: s, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: blobs}}
	entry, err := desk.Entry(As(Editor), item.ID)
	MustOK(t, err, "entry")
	if len(entry.Candidates) != 1 {
		t.Fatalf("candidates %+v", entry.Candidates)
	}
	c := entry.Candidates[0]
	if c.CountText != "about 40" || c.Event != "repatriation" || c.Date != "2024-05-02" || c.PlaceID != w.Dandong.ID {
		t.Fatalf("candidate %+v", c.Candidate)
	}
	if len(c.Matches) == 0 || c.Matches[0].Incident.Event != vigil.EventRepatriation {
		t.Fatalf("suggestions %+v", c.Matches)
	}

	total := func() vigil.Total {
		st, err := s.Stats(As(Staff), vigil.StatsFilter{Event: vigil.EventRepatriation, From: "2023-10-01", To: "2024-05-31"})
		MustOK(t, err, "stats")
		return st.Total
	}
	before := total()
	MustCode(t, func() error {
		_, err := desk.Accept(As(Member), item.ID, triage.AcceptRequest{Version: item.Version, Start: &c.Start, NewIncident: true})
		return err
	}(), vigil.EFORBIDDEN, "a viewer accepts")
	MustField(t, func() error {
		_, err := desk.Accept(As(Editor), item.ID, triage.AcceptRequest{Version: item.Version, Start: Ptr(c.Start + 1), NewIncident: true})
		return err
	}(), "start", "no claim starts")
	acc, err := desk.Accept(As(Editor), item.ID, triage.AcceptRequest{Version: item.Version, Start: &c.Start, NewIncident: true, Sensitivity: vigil.Public, Reliability: "B", Credibility: 2})
	MustOK(t, err, "accept")

	// The page was archived: its bytes are in the blob store under their
	// SHA-256, which the snapshot records with the HTTP facts.
	res, err := http.Get(news.ArticleURL("en-dandong-repatriation"))
	MustOK(t, err, "fetch article")
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	sn := acc.Snapshot
	if sn.ID == 0 || sn.SHA256 != archive.Sum(page) || sn.Status != 200 || sn.SourceID == nil || *sn.SourceID != acc.Source.ID {
		t.Fatalf("snapshot %+v", sn)
	}
	if !strings.Contains(sn.Text, "about 40 North Korean defectors") || strings.Contains(sn.Text, "track()") {
		t.Fatalf("snapshot text %q", sn.Text)
	}
	stored, n2, err := s.FindSnapshots(As(Member), vigil.SnapshotFilter{SourceID: &acc.Source.ID})
	MustOK(t, err, "snapshots of the source")
	if n2 != 1 || stored[0].SHA256 != sn.SHA256 || stored[0].RetrievedAt.IsZero() || len(stored[0].Headers) == 0 {
		t.Fatalf("stored snapshots %+v", stored)
	}
	v, err := blobs.Verify([]string{archive.Name(sn)})
	MustOK(t, err, "verify blobs")
	if !v.OK() || v.Blobs != 1 {
		t.Fatalf("verify %+v", v)
	}
	// The claim made a new incident, and the totals grew by its interval.
	if acc.Claim.Quote != "Chinese authorities forcibly repatriated about 40 North Korean defectors through Dandong on May 2, according to a rights group." {
		t.Fatalf("quote %q", acc.Claim.Quote)
	}
	if acc.Incident == nil || acc.Incident.Figure == nil || acc.Incident.Figure.Best != 40 || acc.Incident.ClaimCount != 1 || acc.Incident.DateStart != "2024-05-02" {
		t.Fatalf("incident %+v", acc.Incident)
	}
	after := total()
	if after.Best != before.Best+40 || after.Low != before.Low+36 || *after.High != *before.High+44 {
		t.Fatalf("totals %+v → %+v, want best +40, low +36, high +44", before, after)
	}
	if acc.Item.Status != vigil.ItemAccepted || acc.Item.SourceID == nil {
		t.Fatalf("item after acceptance %+v", acc.Item)
	}
	// A second claim from the same item reuses its source: no new fetch.
	hits := news.Hits("/articles/en-dandong-repatriation")
	again, err := desk.Accept(As(Editor), item.ID, triage.AcceptRequest{Version: acc.Item.Version, Start: &c.Start, IncidentID: &w.Oct9.ID, Sensitivity: vigil.Public})
	MustOK(t, err, "second acceptance")
	if again.Snapshot != nil || again.Source.ID != acc.Source.ID || news.Hits("/articles/en-dandong-repatriation") != hits {
		t.Fatalf("second acceptance archived again: %+v", again)
	}
	oct9, _ := s.FindIncidentByID(As(Staff), w.Oct9.ID)
	if oct9.ClaimCount != w.Oct9.ClaimCount+1 {
		t.Fatalf("Oct 9 incident has %d claims, want %d", oct9.ClaimCount, w.Oct9.ClaimCount+1)
	}

	// Dismissal needs a reason, and a dismissed item cannot be accepted.
	var ko *vigil.FeedItem
	for _, it := range inbox {
		if it.URL == news.ArticleURL("ko-dandong-arrest") {
			ko = it
		}
	}
	MustField(t, s.DismissFeedItem(As(Contributor), ko.ID, ko.Version, "  "), "reason", "is required")
	MustOK(t, s.DismissFeedItem(As(Contributor), ko.ID, ko.Version, "already recorded"), "dismiss")
	MustCode(t, s.DismissFeedItem(As(Contributor), ko.ID, ko.Version, "again"), vigil.ECONFLICT, "stale dismissal")
	koEntry, err := desk.Entry(As(Editor), ko.ID)
	MustOK(t, err, "Korean entry")
	if len(koEntry.Candidates) != 1 || koEntry.Candidates[0].CountText != "12명" {
		t.Fatalf("Korean candidates %+v", koEntry.Candidates)
	}
	MustCode(t, func() error {
		_, err := desk.Accept(As(Editor), ko.ID, triage.AcceptRequest{Version: ko.Version + 1, Start: &koEntry.Candidates[0].Start, NewIncident: true})
		return err
	}(), vigil.ECONFLICT, "accept a dismissed item")
	if _, n, _ := s.FindFeedItems(As(Member), vigil.FeedItemFilter{Inbox: true, Status: vigil.ItemNew}); n != 2 {
		t.Fatalf("inbox has %d new items, want 2", n)
	}
	// A failed archive writes nothing.
	var tumen *vigil.FeedItem
	for _, it := range inbox {
		if strings.Contains(it.URL, "ko-tumen") {
			tumen = it
		}
	}
	refusing := &triage.Desk{Svc: s, Archiver: &archive.Archiver{Fetcher: archive.NewFetcher(archive.FetchOptions{}), Blobs: blobs}}
	tEntry, _ := refusing.Entry(As(Editor), tumen.ID)
	audits := AuditCount(t, s)
	MustCode(t, func() error {
		_, err := refusing.Accept(As(Editor), tumen.ID, triage.AcceptRequest{Version: tumen.Version, Start: &tEntry.Candidates[0].Start, NewIncident: true})
		return err
	}(), vigil.EUNPROCESSABLE, "archive refused by the SSRF guard")
	if AuditCount(t, s) != audits {
		t.Fatal("a failed acceptance wrote audit entries")
	}
	MustVerify(t, s)
}
