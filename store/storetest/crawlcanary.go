package storetest

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/demo"
	"vigil/feed"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/store"
	"vigil/triage"
	"vigil/ui"
)

// level is the canaries of one sensitivity, and where each was planted.
type level struct {
	name    string
	where   map[string]string // lower-cased canary → table.column
	never   map[string]bool   // canaries no response carries
	strings []string
}

func newLevel(name string, c *Canaries) *level {
	l := &level{name: name, where: map[string]string{}, never: map[string]bool{}}
	for f, toks := range c.Fields {
		for _, tok := range toks {
			l.where[strings.ToLower(tok)] = f
		}
	}
	for _, s := range c.Strings {
		l.add(s, l.where[strings.ToLower(s)])
	}
	for _, s := range c.Never {
		l.never[strings.ToLower(s)] = true
	}
	return l
}

func (l *level) add(s, where string) {
	s = strings.ToLower(s)
	if !slices.Contains(l.strings, s) {
		l.strings = append(l.strings, s)
	}
	l.where[s] = where
}

// find lists the canaries of the level in text.
func (l *level) find(text string) []string {
	low := strings.ToLower(text)
	var out []string
	for _, s := range l.strings {
		if strings.Contains(low, s) {
			out = append(out, s)
		}
	}
	return out
}

// expected lists the canaries a reader cleared for the level must meet.
func (l *level) expected() []string {
	var out []string
	for _, s := range l.strings {
		if !l.never[s] {
			out = append(out, s)
		}
	}
	return out
}

// crawlRole is a reader the crawler reads as.
type crawlRole struct {
	name      string
	role      vigil.Role
	clearance vigil.Sensitivity
	minPages  int
}

// crawlRoles are the readers of the crawl, the editor first: every
// address the editor reached is then asked for by the others too (the
// pages of records they may not see, their edit forms and histories), so
// forced browsing is crawled as well as the links each reader is given.
// minPages, per language, keeps a crawler that visits nothing from
// passing.
var crawlRoles = []crawlRole{
	{"editor", vigil.RoleEditor, vigil.Restricted, 1000},
	{"anonymous", "", vigil.Public, 1000},
	{"viewer", vigil.RoleViewer, vigil.Public, 1000},
	{"contributor", vigil.RoleContributor, vigil.Coalition, 1000},
}

// testCrawlCanary loads the demo, plants restricted canaries
// (PlantCanaries, the demo's protected names, a restricted feed) and
// coalition canaries (PlantCoalitionCanaries, a coalition feed), serves
// the store as vigil serve does (UI, API with monitoring, public site) and
// crawls it as an anonymous reader, a viewer, a contributor and an editor
// with real session cookies. No response may carry a canary of a level
// the reader is not cleared for; a contributor must meet every coalition
// canary and an editor every canary, so the crawl provably reaches the
// data.
func testCrawlCanary(t *testing.T, open Opener) {
	clock := NewClock(time.Now())
	s, err := open(t).WithAccounts(TestAccountPolicy())
	MustOK(t, err, "accounts")
	s = s.WithClock(clock.Now)
	MustOK(t, demo.Load(As(Admin), s), "load the demo")
	rc := PlantCanaries(t, s)
	cc := PlantCoalitionCanaries(t, s, rc)
	MustCoverCoalition(t, cc)
	restricted, coalition := newLevel("restricted", rc), newLevel("coalition", cc)
	plantFeeds(t, s, restricted, coalition)
	plantHiddenIDs(t, s, rc, restricted, coalition)
	// The demo's protected persons: their names are as secret as any
	// canary.
	actors, _, err := s.FindActors(As(Admin), vigil.ActorFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "actors")
	demoNames := 0
	for _, a := range actors {
		if !a.Protected || a.ID == rc.ProtectedPublic || a.ID == rc.ProtectedCoalition {
			continue
		}
		for _, n := range []string{a.Name.Ko, a.Name.En, a.Name.Zh} {
			if n != "" {
				restricted.add(n, "demo protected person "+a.Pseudonym.En)
				demoNames++
			}
		}
	}
	if demoNames == 0 {
		t.Fatal("the demo has no protected person: the crawl would not check the seed's names")
	}

	srv := crawlServer(t, s)
	var reached []string // by the editor
	for _, r := range crawlRoles {
		t.Run(r.name, func(t *testing.T) {
			client := crawlClient(t, s, clock, srv.URL, r)
			m := &meetings{role: r, levels: []*level{restricted, coalition}, seen: map[string]bool{}, html: map[string]bool{}, statuses: map[int]int{}}
			// Both languages: the pages show each language's words.
			for _, lang := range []string{"en", "ko"} {
				c := &Crawler{Base: srv.URL, Client: client, Lang: lang, Max: 6000, PerPath: 500}
				// Searching the word every canary carries ("카나리아") and
				// the public records' "Canary" lists whatever a reader may
				// find.
				starts := append([]string{"/", "/public/", "/api/v1/", "/api/v1/openapi.json", "/public/ko/index.html",
					"/search?q=카나리아", "/search?q=canary", "/api/v1/search?q=카나리아&limit=100", "/api/v1/search?q=canary&limit=100"}, reached...)
				c.Crawl(t, starts...)
				if r.clearance == vigil.Restricted {
					for _, p := range c.Pages {
						reached = append(reached, p.URL)
					}
				}
				if c.Truncated || c.Capped > 0 {
					t.Fatalf("the crawl in %s stopped at %d fetches (%d addresses left out by the bound per path) before it was done: raise the bounds",
						lang, len(c.Pages), c.Capped)
				}
				if len(c.Pages) < r.minPages {
					t.Fatalf("the crawl in %s fetched %d addresses, want at least %d", lang, len(c.Pages), r.minPages)
				}
				m.scan(t, c)
			}
			m.expect(t)
			t.Logf("as %s: %s", r.name, m)
		})
	}
}

// meetings are the canaries one reader's crawl met.
type meetings struct {
	role     crawlRole
	levels   []*level
	seen     map[string]bool // canaries met anywhere
	html     map[string]bool // canaries met on HTML pages
	pdf      int             // canaries of a cleared level met in the text of a PDF
	fetches  int
	statuses map[int]int
}

// cleared reports whether the reader may read the level's canaries.
func (m *meetings) cleared(l *level) bool {
	return vigil.Viewer{Clearance: m.role.clearance}.CanRead(vigil.Sensitivity(l.name))
}

// scan checks every response of a crawl: no server error, and no canary
// of a level the reader is not cleared for, nor one that never leaves the
// server.
func (m *meetings) scan(t *testing.T, c *Crawler) {
	t.Helper()
	// Pages that give the reader a link: HTML pages and redirects.
	html := map[string]bool{}
	for _, p := range c.Pages {
		if p.HTML() || (p.Status >= 300 && p.Status < 400) {
			html[p.URL] = true
		}
	}
	for _, p := range c.Pages {
		m.fetches++
		m.statuses[p.Status]++
		if p.Status >= 500 {
			t.Errorf("GET %s (in %s, linked from %s): status %d", p.URL, c.Lang, p.From, p.Status)
		}
		// A page's link to a record the reader may not see would tell
		// them that it exists (and its id).
		if p.Status == 404 && html[p.From] {
			t.Errorf("%s links %s to %s, which is not found for them", p.From, m.role.name, p.URL)
		}
		hay := p.Haystack()
		for _, l := range m.levels {
			for _, s := range l.find(hay) {
				m.seen[s] = true
				if p.HTML() {
					m.html[s] = true
				}
				if p.Text != "" && strings.Contains(strings.ToLower(p.Text), s) && m.cleared(l) {
					m.pdf++
				}
				// A canary in the address is the reader's own words (the id
				// they asked for, echoed by "not found"); the page that
				// gave them the address is checked itself.
				if (l.never[s] || !m.cleared(l)) && !strings.Contains(p.URL, s) {
					t.Errorf("GET %s (%d, in %s, linked from %s) as %s shows %s canary %s (%s)", p.URL, p.Status, c.Lang, p.From, m.role.name, l.name, s, l.where[s])
				}
			}
		}
	}
}

// expect checks that the reader met every canary they may read: the
// crawl reaches every record, so its silence about the others means
// something.
func (m *meetings) expect(t *testing.T) {
	t.Helper()
	for _, l := range m.levels {
		if !m.cleared(l) {
			continue
		}
		for _, s := range l.expected() {
			if !m.seen[s] {
				t.Errorf("as %s the crawl never met %s canary %s (%s): it does not reach every record the reader may read", m.role.name, l.name, s, l.where[s])
			}
		}
	}
	if m.role.clearance != vigil.Public && m.pdf == 0 {
		t.Errorf("as %s no canary was found in the text of a PDF: the letters' PDFs were not read", m.role.name)
	}
}

func (m *meetings) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d fetches (en and ko), statuses %v", m.fetches, m.statuses)
	for _, l := range m.levels {
		n, h := 0, 0
		for _, s := range l.strings {
			if m.seen[s] {
				n++
			}
			if m.html[s] {
				h++
			}
		}
		fmt.Fprintf(&b, "; %s canaries met %d (%d on HTML pages) of %d", l.name, n, h, len(l.strings))
	}
	return b.String()
}

// crawlServer serves s as vigil serve does: the JSON API with the
// monitoring endpoints, the UI with the feeds and inbox pages, and the
// live public site.
func crawlServer(t *testing.T, s *store.Store) *httptest.Server {
	t.Helper()
	blobs, err := archive.OpenBlobs(t.TempDir())
	MustOK(t, err, "blobs")
	fetcher := archive.NewFetcher(archive.FetchOptions{Timeout: time.Second})
	desk := &triage.Desk{Svc: s, Archiver: &archive.Archiver{Fetcher: fetcher, Blobs: blobs}}
	site, err := publish.NewSite()
	MustOK(t, err, "site")
	cache := publish.NewCache(s, publish.Options{}, 0)
	web, err := ui.New(s, ui.Options{Desk: desk})
	MustOK(t, err, "ui")
	a := api.New(s, api.Options{Monitor: &api.Monitor{Desk: desk, Blobs: blobs}, PublicCache: cache})
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: s}, a.Register, web.Register, publish.NewHandler(site, cache, nil).Register).Handler())
	t.Cleanup(srv.Close)
	return srv
}

// crawlClient signs an account of the role in (with a second factor when
// the role needs one) and returns a client carrying its session cookie;
// anonymous gets a client without one. Redirects are not followed.
func crawlClient(t *testing.T, s *store.Store, clock *Clock, base string, r crawlRole) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	MustOK(t, err, "cookie jar")
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if r.role == "" {
		return c
	}
	email := "crawl-" + r.name + "@example.org"
	MustUser(t, s, email, r.role, r.clearance)
	se, secret := MustLogin(t, s, email)
	if se.Stage == vigil.StageEnrol {
		clock.Advance(30 * time.Second)
		secret, _ = MustEnrol(t, s, clock, email)
	} else if se.Stage != vigil.StageFull {
		t.Fatalf("sign-in of %s stopped at %s", email, se.Stage)
	}
	u, err := url.Parse(base)
	MustOK(t, err, "base")
	jar.SetCookies(u, []*http.Cookie{{Name: httpserver.SessionCookie, Value: secret, Path: "/"}})
	return c
}

// plantHiddenIDs makes a restricted and a coalition incident and claim
// whose ids are random nine-digit numbers, and adds those numbers to the
// canaries of their level: a reader below their clearance must never meet
// them, not even as a number. Each incident is the parent of a public
// incident (a part_of link of its sensitivity) and each claim the best
// graded claim of a public incident, so the stored parent_id,
// preferred_claim_id and figure_rationale of public incidents name them.
func plantHiddenIDs(t *testing.T, s *store.Store, c *Canaries, restricted, coalition *level) {
	t.Helper()
	src := MustCreate(t, s.CreateSource, NewSource("Canary Hidden Desk", "", "A", "2024-05-05"))
	for _, h := range []struct {
		sens  vigil.Sensitivity
		l     *level
		child int64
	}{{vigil.Restricted, restricted, c.PublicIncident}, {vigil.Coalition, coalition, c.OtherPublicIncident}} {
		meta := vigil.Meta{Sensitivity: h.sens}
		id := bumpID(t, s, "incidents")
		parent := MustCreate(t, s.CreateIncident, &vigil.Incident{Meta: meta, Title: vigil.Names{En: "whole"}, Event: vigil.EventRepatriation})
		if parent.ID != id {
			t.Fatalf("the %s incident has id %d, want %d", h.sens, parent.ID, id)
		}
		h.l.add(strconv.FormatInt(id, 10), "incidents.id ("+string(h.sens)+")")
		MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: meta, FromID: h.child, ToID: parent.ID, Kind: vigil.LinkPartOf})
		id = bumpID(t, s, "claims")
		cl := MustCreate(t, s.CreateClaim, &vigil.Claim{Meta: meta, SourceID: src.ID, IncidentID: &h.child, Quote: "the best graded",
			Figure: figure.Figure{Text: "about 900"}, Event: vigil.EventRepatriation, Date: "2024-04-20", Credibility: 1})
		if cl.ID != id {
			t.Fatalf("the %s claim has id %d, want %d", h.sens, cl.ID, id)
		}
		h.l.add(strconv.FormatInt(id, 10), "claims.id ("+string(h.sens)+")")
		if got := Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: h.child}}); got.PreferredClaimID == nil || *got.PreferredClaimID != cl.ID || got.ParentID == nil || *got.ParentID != parent.ID {
			t.Fatalf("public incident %d: preferred claim %s, parent %s; want the %s ones", h.child, idOf(got.PreferredClaimID), idOf(got.ParentID), h.sens)
		}
	}
}

// bumpID makes the next id of table a random nine-digit number, and
// returns it.
func bumpID(t *testing.T, s *store.Store, table string) int64 {
	t.Helper()
	n, err := rand.Int(rand.Reader, big.NewInt(800_000_000))
	MustOK(t, err, "random id")
	next := 100_000_000 + n.Int64()
	if s.Dialect() == store.Postgres {
		QueryInt(t, s, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), ?)", next-1)
	} else {
		Exec(t, s, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", next-1, table)
	}
	return next
}

// plantFeeds adds a restricted and a coalition feed, each with an item in
// the inbox, their words canaries of their level.
func plantFeeds(t *testing.T, s *store.Store, restricted, coalition *level) {
	t.Helper()
	for _, f := range []struct {
		sens vigil.Sensitivity
		l    *level
		hash string
	}{{vigil.Restricted, restricted, "a"}, {vigil.Coalition, coalition, "b"}} {
		tok := func(what string) string {
			v := canaryToken(t)
			f.l.add(v, "feeds."+what)
			return v
		}
		fd := &vigil.Feed{Meta: vigil.Meta{Sensitivity: f.sens}, URL: "https://news.example/" + tok("url"), Title: tok("title"), Active: false}
		MustOK(t, s.CreateFeed(As(Admin), fd), "feed")
		it := &vigil.FeedItem{URL: "https://news.example/item/" + tok("item url"), Title: tok("item title") + " 북송", Text: tok("item text") + " 탈북민 30명 북송",
			Language: "ko", ContentHash: strings.Repeat(f.hash, 64), Rules: []string{"북송"}}
		_, err := s.RecordPoll(As(feed.PollerViewer), &vigil.FeedPoll{FeedID: fd.ID, Status: 200, NextPollAt: time.Now().Add(time.Hour), Items: []*vigil.FeedItem{it}})
		MustOK(t, err, "poll")
	}
}
