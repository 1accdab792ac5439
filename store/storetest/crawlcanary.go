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
	// Every reader must meet the pseudonyms of the public protected
	// persons on a page in each language: public views show them.
	var pseudonyms []string
	for _, a := range actors {
		if !a.Protected || a.ID == rc.ProtectedCoalition {
			continue
		}
		if a.Sensitivity == vigil.Public {
			pseudonyms = append(pseudonyms, a.Pseudonym.Ko, a.Pseudonym.En)
		}
		if a.ID == rc.ProtectedPublic {
			continue
		}
		for _, n := range []string{a.Name.Ko, a.Name.En, a.Name.Zh} {
			if n != "" {
				restricted.add(n, "demo protected person "+a.Pseudonym.En)
				demoNames++
			}
		}
	}
	if demoNames == 0 || len(pseudonyms) < 4 {
		t.Fatal("the demo has no public protected person: the crawl would not check the seed's names")
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
				for _, ps := range pseudonyms {
					if !slices.ContainsFunc(c.Pages, func(p *Page) bool { return p.HTML() && strings.Contains(string(p.Body), ps) }) {
						t.Errorf("as %s in %s no page shows the pseudonym %q: a protected person must be shown under it", r.name, lang, ps)
					}
				}
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
				// A canary in the address is the reader's own words (the id
				// they asked for, echoed by "not found"); the page that
				// gave them the address is checked itself.
				if strings.Contains(p.URL, s) && !m.cleared(l) {
					continue
				}
				m.seen[s] = true
				if p.HTML() {
					m.html[s] = true
				}
				if p.Text != "" && strings.Contains(strings.ToLower(p.Text), s) && m.cleared(l) {
					m.pdf++
				}
				if l.never[s] || !m.cleared(l) {
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

// plantHiddenIDs makes, for the restricted and the coalition level,
// records whose ids are random numbers of nine digits or more, and adds
// those numbers to the canaries of their level: a reader below their
// clearance must never meet them, not even as a number. They hang from
// public records where a derived value or a list of a public record's
// parts would name them: an incident that is a public incident's part_of
// parent (by a link of its level), the best-graded claim of a public
// incident (from a source of its level), a place under a public place,
// an organization under a public one with a post and a membership of a
// public person, a violation of a public incident, a campaign about a
// public incident with a letter, an event of a public campaign, an
// archived copy of the hidden source, a report (plantFeeds adds a feed
// and its inbox item).
func plantHiddenIDs(t *testing.T, s *store.Store, c *Canaries, restricted, coalition *level) {
	t.Helper()
	ctx := As(Admin)
	pub, err := s.FindIncidentByID(ctx, c.PublicIncident)
	MustOK(t, err, "public incident")
	camps, _, err := s.FindCampaigns(As(Anonymous), vigil.CampaignFilter{})
	MustOK(t, err, "public campaigns")
	if len(camps) == 0 || pub.PlaceID == nil {
		t.Fatal("no public campaign or place to hang hidden records from")
	}
	provs, _, err := s.FindProvisions(As(Anonymous), vigil.ProvisionFilter{})
	MustOK(t, err, "public provisions")
	if len(provs) == 0 {
		t.Fatal("no public provision")
	}
	for _, h := range []struct {
		sens  vigil.Sensitivity
		l     *level
		child int64
	}{{vigil.Restricted, restricted, c.PublicIncident}, {vigil.Coalition, coalition, c.OtherPublicIncident}} {
		meta := vigil.Meta{Sensitivity: h.sens}
		// made creates a record as the next one of table, whose id is
		// bumped first, and records the id.
		made := func(table string, create func() int64) int64 {
			t.Helper()
			want := bumpID(t, s, table)
			if got := create(); got != want {
				t.Fatalf("the %s record of %s has id %d, want %d", h.sens, table, got, want)
			}
			h.l.add(strconv.FormatInt(want, 10), table+".id ("+string(h.sens)+")")
			return want
		}
		whole := made("incidents", func() int64 {
			return MustCreate(t, s.CreateIncident, &vigil.Incident{Meta: meta, Title: vigil.Names{En: "whole"}, Event: vigil.EventRepatriation}).ID
		})
		made("incident_links", func() int64 {
			return MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: meta, FromID: h.child, ToID: whole, Kind: vigil.LinkPartOf}).ID
		})
		src := made("sources", func() int64 {
			sr := NewSource("Canary Hidden Desk", "", "A", "2024-05-05")
			sr.Sensitivity = h.sens
			return MustCreate(t, s.CreateSource, sr).ID
		})
		best := made("claims", func() int64 {
			return MustCreate(t, s.CreateClaim, &vigil.Claim{Meta: meta, SourceID: src, IncidentID: &h.child, Quote: "the best graded",
				Figure: figure.Figure{Text: "about 900"}, Event: vigil.EventRepatriation, Date: "2024-04-20", Credibility: 1}).ID
		})
		if got := Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: h.child}}); !sameID(got.PreferredClaimID, &best) || !sameID(got.ParentID, &whole) {
			t.Fatalf("public incident %d: preferred claim %s, parent %s; want the %s ones", h.child, idOf(got.PreferredClaimID), idOf(got.ParentID), h.sens)
		}
		made("places", func() int64 {
			return MustCreate(t, s.CreatePlace, &vigil.Place{Meta: meta, Kind: vigil.PlaceFacility, Names: vigil.Names{En: "annex"}, ParentID: pub.PlaceID}).ID
		})
		org := made("actors", func() int64 {
			return MustCreate(t, s.CreateActor, &vigil.Actor{Meta: meta, Kind: vigil.ActorOrganization, Name: vigil.Names{En: "cell"}, ParentID: &c.PublicOrg}).ID
		})
		made("posts", func() int64 {
			return MustCreate(t, s.CreatePost, &vigil.Post{Meta: meta, OrganizationID: c.PublicOrg, Label: vigil.Names{En: "liaison"}}).ID
		})
		made("memberships", func() int64 {
			return MustCreate(t, s.CreateMembership, &vigil.Membership{Meta: meta, PersonID: c.PublicPerson, OrganizationID: org, PostID: nil,
				Role: vigil.Names{En: "member"}}).ID
		})
		made("violations", func() int64 {
			return MustCreate(t, s.CreateViolation, &vigil.Violation{Meta: meta, IncidentID: h.child, ProvisionID: provs[0].ID, CountryCode: "CN",
				Analysis: vigil.Names{En: "breach"}}).ID
		})
		camp := made("campaigns", func() int64 {
			return MustCreate(t, s.CreateCampaign, &vigil.Campaign{Meta: meta, Title: vigil.Names{En: "quiet"}, IncidentIDs: []int64{h.child}}).ID
		})
		made("letters", func() int64 {
			l := &vigil.Letter{Meta: meta, CampaignID: &camp, Title: vigil.Names{En: "note"}}
			MustOK(t, s.CreateLetter(ctx, l, &vigil.LetterVersion{Title: vigil.Names{En: "note"}, Body: vigil.Names{En: "text"}}), "letter")
			return l.ID
		})
		made("events", func() int64 {
			return MustCreate(t, s.CreateEvent, &vigil.Event{Meta: meta, CampaignID: &camps[0].ID, Kind: vigil.EventMeeting, Title: vigil.Names{En: "talk"},
				Date: "2024-05-12", Participants: figure.Figure{Text: "2"}}).ID
		})
		made("snapshots", func() int64 {
			sn := &vigil.Snapshot{Meta: meta, SourceID: &src, URL: "https://example.org/page", Status: 200, RetrievedAt: time.Now().UTC(),
				SHA256: strings.Repeat("e", 64), Size: 1, ContentType: "text/html", Blob: strings.Repeat("f", 64), BlobKey: "key"}
			MustOK(t, s.CreateSnapshot(ctx, sn), "snapshot")
			return sn.ID
		})
		made("reports", func() int64 {
			r := NewReport("hidden-"+string(h.sens), "en", "draft", "text")
			r.Sensitivity = h.sens
			return MustCreate(t, s.CreateReport, r).ID
		})
	}
}

// bumpID moves the next id of table ahead by a random nine-digit number,
// and returns it.
func bumpID(t *testing.T, s *store.Store, table string) int64 {
	t.Helper()
	n, err := rand.Int(rand.Reader, big.NewInt(400_000_000))
	MustOK(t, err, "random id")
	next := QueryInt(t, s, "SELECT COALESCE(MAX(id), 0) FROM "+table) + 100_000_000 + n.Int64()
	if s.Dialect() == store.Postgres {
		QueryInt(t, s, "SELECT setval(pg_get_serial_sequence('"+table+"', 'id'), ?)", next-1)
	} else {
		// sqlite_sequence has a row per table once the table had one.
		if QueryInt(t, s, "SELECT COUNT(*) FROM sqlite_sequence WHERE name = ?", table) == 0 {
			Exec(t, s, "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", table, next-1)
		} else {
			Exec(t, s, "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", next-1, table)
		}
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
		// Their ids are canaries too (plantHiddenIDs).
		feedID, itemID := bumpID(t, s, "feeds"), bumpID(t, s, "feed_items")
		fd := &vigil.Feed{Meta: vigil.Meta{Sensitivity: f.sens}, URL: "https://news.example/" + tok("url"), Title: tok("title"), Active: false}
		MustOK(t, s.CreateFeed(As(Admin), fd), "feed")
		it := &vigil.FeedItem{URL: "https://news.example/item/" + tok("item url"), Title: tok("item title") + " 북송", Text: tok("item text") + " 탈북민 30명 북송",
			Language: "ko", ContentHash: strings.Repeat(f.hash, 64), Rules: []string{"북송"}}
		out, err := s.RecordPoll(As(feed.PollerViewer), &vigil.FeedPoll{FeedID: fd.ID, Status: 200, NextPollAt: time.Now().Add(time.Hour), Items: []*vigil.FeedItem{it}})
		MustOK(t, err, "poll")
		if fd.ID != feedID || len(out.ItemIDs) != 1 || out.ItemIDs[0] != itemID {
			t.Fatalf("the %s feed is %d with items %v, want %d with %d", f.sens, fd.ID, out.ItemIDs, feedID, itemID)
		}
		f.l.add(strconv.FormatInt(feedID, 10), "feeds.id ("+string(f.sens)+")")
		f.l.add(strconv.FormatInt(itemID, 10), "feed_items.id ("+string(f.sens)+")")
	}
}
