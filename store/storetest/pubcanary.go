package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"vigil"
	"vigil/api"
	"vigil/exchange"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/store"
)

// PublicationCanaries are the strings PlantPublicationCanaries planted.
// The publication canary (testPublicationCanary) runs every public output
// and asserts that none appears: the pages of the live site and the
// static export, the Atom feeds, every export format, and the public
// API, asked anonymously and with a restricted token (the public outputs
// ignore who asks).
type PublicationCanaries struct {
	tokens []string
	fields map[string]string // token → where it was planted
}

func (c *PublicationCanaries) plant(where string) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	tok := "cnry" + hex.EncodeToString(b[:])
	c.tokens = append(c.tokens, tok)
	c.fields[tok] = where
	return tok + " 카나리아"
}

func (c *PublicationCanaries) names(where string) vigil.Names {
	return vigil.Names{Ko: c.plant(where + ".ko"), En: c.plant(where + ".en"), Zh: c.plant(where + ".zh")}
}

// Find lists the planted strings in b, with where they were planted.
func (c *PublicationCanaries) Find(b []byte) []string {
	low := bytes.ToLower(b)
	var out []string
	for _, tok := range c.tokens {
		if bytes.Contains(low, []byte(tok)) {
			out = append(out, tok+" ("+c.fields[tok]+")")
		}
	}
	return out
}

// linkKinds are the kinds of the planted links between two public
// incidents, one per sensitivity (a pair may have one link of a kind).
var linkKinds = map[vigil.Sensitivity]vigil.LinkKind{vigil.Coalition: vigil.LinkFollowUpOf, vigil.Restricted: vigil.LinkSameCohort}

// PlantPublicationCanaries seeds s with the World and plants a unique
// string in every field of every coalition and restricted record, and in
// the internal fields of public records (notes, rationales, relayed-from,
// a protected person's identity and affiliations, a photo's consent note,
// an unpublished draft). None may reach a public output; Find says which
// did. The CLI's tests use it too.
func PlantPublicationCanaries(t *testing.T, s *store.Store) *PublicationCanaries {
	t.Helper()
	w := Seed(t, s)
	c := &PublicationCanaries{fields: map[string]string{}}
	ctx := As(Admin)
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("plant %s: %v", what, err)
		}
	}

	// Internal fields of public records.
	w.Release.Notes = c.plant("public source notes")
	w.Release.RelayedFrom = c.plant("public source relayed_from")
	must("source notes", s.UpdateSource(ctx, w.Release))
	w.Oct9.DateRationale = c.plant("public incident date_rationale")
	w.Oct9.ConflictResolution = c.plant("public incident conflict_resolution")
	w.Oct9.Override = &vigil.FigureOverride{Best: 600, Low: Ptr(540), High: Ptr(660), Rationale: c.plant("public incident override rationale")}
	must("incident rationales", s.UpdateIncident(ctx, w.Oct9))
	w.NKHR.Notes = c.plant("public actor notes")
	must("actor notes", s.UpdateActor(ctx, w.NKHR))
	protected := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Classification: "affected", Protected: true,
		Name: c.names("protected person name"), Pseudonym: vigil.Names{En: "Affected individual A", Ko: "피해 당사자 A"},
		OtherNames:  []vigil.OtherName{{Name: c.plant("protected person other name"), Lang: "ko"}},
		Identifiers: []vigil.Identifier{{Scheme: "passport", Identifier: c.plant("protected person identifier")}},
		URL:         "https://example.org/" + strings.Fields(c.plant("protected person url"))[0], Notes: c.plant("protected person notes")}
	must("protected person", s.CreateActor(ctx, protected))
	must("protected membership", s.CreateMembership(ctx, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: protected.ID,
		OrganizationID: w.NKHR.ID, Role: c.names("protected person's membership role")}))
	img, err := s.PutImage(ctx, "image/png", MustPNG(t, 9))
	must("image", err)
	report := NewReport("canary-report", "en", "A public report", "Cited {{cite "+id(w.Release.ID)+"}}, total {{total repatriation ..}}.\n\n{{photo 1}}")
	report.Status = vigil.ReportPublished
	report.Photos = []vigil.ReportPhoto{{Image: img.SHA256, Caption: "At the ministry", Alt: "banners", Credit: "Photographer", Consent: true, ConsentNote: c.plant("photo consent note")}}
	must("published report", s.CreateReport(ctx, report))
	draft := NewReport("canary-draft", "en", c.plant("public draft title"), c.plant("public draft body"))
	draft.Summary = c.plant("public draft summary")
	must("public draft", s.CreateReport(ctx, draft))

	// A public campaign: its notes, asks and the steps and outcomes
	// above public stay out; its public step and outcome show.
	camp := &vigil.Campaign{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{En: "Raise repatriation at the ministers' meeting"},
		Notes: c.plant("public campaign notes"), Deadline: "2024-05-13"}
	must("public campaign", s.CreateCampaign(ctx, camp))
	must("public action", s.CreateAction(ctx, &vigil.CampaignAction{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: camp.ID,
		Kind: vigil.ActionDemonstration, Title: vigil.Names{En: "Demonstration at the ministry"}, Date: "2024-05-09", SourceID: &w.Release.ID}))
	must("public outcome", s.CreateOutcome(ctx, &vigil.Outcome{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: camp.ID,
		Change: vigil.Names{En: "The minister raised the issue"}, ChangedBy: "Minister of Foreign Affairs", Date: "2024-05-13",
		Significance: vigil.Names{En: "significant"}, Contribution: vigil.Names{En: "the letter"}, SourceIDs: []int64{w.Release.ID}}))
	must("public ask", s.CreateAsk(ctx, &vigil.Ask{Meta: vigil.Meta{Sensitivity: vigil.Public}, CampaignID: camp.ID,
		Text: c.names("public campaign's ask"), StateNote: c.plant("public ask state note")}))

	// Whole records above public.
	for _, sens := range []vigil.Sensitivity{vigil.Coalition, vigil.Restricted} {
		p := string(sens) + " "
		meta := vigil.Meta{Sensitivity: sens}
		place := &vigil.Place{Meta: meta, Kind: vigil.PlaceFacility, Names: c.names(p + "place"), Variants: []string{c.plant(p + "place variant")},
			ParentID: &w.Baishan.ID, Lat: Ptr(41.0 + float64(len(c.tokens))/1000), Lon: Ptr(126.0)}
		must(p+"place", s.CreatePlace(ctx, place))
		org := &vigil.Actor{Meta: meta, Kind: vigil.ActorOrganization, Name: c.names(p + "organization"), Classification: "ngo",
			URL: "https://example.org/" + strings.Fields(c.plant(p + "organization url"))[0], Notes: c.plant(p + "organization notes")}
		must(p+"organization", s.CreateActor(ctx, org))
		post := &vigil.Post{Meta: meta, OrganizationID: w.NKHR.ID, Label: c.names(p + "post")}
		must(p+"post", s.CreatePost(ctx, post))
		person := &vigil.Actor{Meta: meta, Kind: vigil.ActorPerson, Name: c.names(p + "person")}
		must(p+"person", s.CreateActor(ctx, person))
		must(p+"membership", s.CreateMembership(ctx, &vigil.Membership{Meta: meta, PersonID: person.ID, OrganizationID: w.NKHR.ID, PostID: &post.ID, Role: c.names(p + "membership role")}))
		src := &vigil.Source{Meta: meta, Kind: vigil.SourceTestimony, Publisher: c.plant(p + "source publisher"), Title: c.names(p + "source title"),
			URL: "https://example.org/" + strings.Fields(c.plant(p + "source url"))[0], Published: "2024-05-02", Reliability: "C",
			RelayedFrom: c.plant(p + "source relayed_from"), Notes: c.plant(p + "source notes")}
		must(p+"source", s.CreateSource(ctx, src))
		// A claim of this source about a public incident.
		must(p+"claim", s.CreateClaim(ctx, &vigil.Claim{Meta: meta, SourceID: src.ID, IncidentID: &w.Baishan200.ID, Quote: c.plant(p + "claim quote"),
			Figure: figure.Figure{Text: "about 210"}, Event: vigil.EventRepatriation, Date: "2024-04-26", PlaceID: &place.ID,
			PlaceText: c.plant(p + "claim place_text"), Credibility: 3, Notes: c.plant(p + "claim notes")}))
		inc := &vigil.Incident{Meta: meta, Title: c.names(p + "incident title"), Summary: c.names(p + "incident summary"), Event: vigil.EventRepatriation,
			Date: "2024-04-20", DateRationale: c.plant(p + "incident date_rationale"), PlaceID: &place.ID, PerpetratorID: &org.ID,
			VictimGroup: c.plant(p + "incident victim group"), Override: &vigil.FigureOverride{Best: 7, Rationale: c.plant(p + "incident override rationale")}}
		must(p+"incident", s.CreateIncident(ctx, inc))
		must(p+"link", s.CreateLink(ctx, &vigil.IncidentLink{Meta: meta, FromID: w.More50.ID, ToID: w.Baishan200.ID, Kind: linkKinds[sens], Note: c.plant(p + "link note")}))
		instr := &vigil.Instrument{Meta: meta, Code: "canary-" + string(sens), Name: c.names(p + "instrument"), URL: "https://example.org/" + strings.Fields(c.plant(p + "instrument url"))[0]}
		must(p+"instrument", s.CreateInstrument(ctx, instr))
		prov := &vigil.LegalProvision{Meta: meta, InstrumentID: instr.ID, Article: "9", Title: c.names(p + "provision title"), Summary: c.names(p + "provision summary")}
		must(p+"provision", s.CreateProvision(ctx, prov))
		must(p+"state party", s.CreateStateParty(ctx, &vigil.StateParty{Meta: meta, InstrumentID: instr.ID, CountryCode: "CN", Action: vigil.ActionAccession,
			Date: "1990", Reservations: c.plant(p + "state party reservations")}))
		must(p+"violation", s.CreateViolation(ctx, &vigil.Violation{Meta: meta, IncidentID: w.Oct9.ID, ProvisionID: prov.ID, CountryCode: "CN", Analysis: c.names(p + "violation analysis")}))
		hidden := &vigil.Campaign{Meta: meta, Title: c.names(p + "campaign title"), Goal: c.names(p + "campaign goal"), Notes: c.plant(p + "campaign notes")}
		must(p+"campaign", s.CreateCampaign(ctx, hidden))
		must(p+"action of a public campaign", s.CreateAction(ctx, &vigil.CampaignAction{Meta: meta, CampaignID: camp.ID, Kind: vigil.ActionMeeting,
			Title: c.names(p + "action title"), Summary: c.names(p + "action summary"), Date: "2024-05-10", SourceID: &src.ID}))
		must(p+"outcome of a public campaign", s.CreateOutcome(ctx, &vigil.Outcome{Meta: meta, CampaignID: camp.ID, Change: c.names(p + "outcome change"),
			ChangedBy: c.plant(p + "outcome changed_by"), Date: "2024-05-14", Significance: c.names(p + "outcome significance"),
			Contribution: c.names(p + "outcome contribution"), SourceIDs: []int64{src.ID}}))
		rep := NewReport("canary-"+string(sens), "ko", c.plant(p+"report title"), c.plant(p+"report body")+" {{cite "+id(src.ID)+"}}")
		rep.Sensitivity, rep.Summary, rep.Byline = sens, c.plant(p+"report summary"), c.plant(p+"report byline")
		must(p+"report", s.CreateReport(ctx, rep))
	}

	reports, _, err := s.FindReports(ctx, vigil.ReportFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read reports")
	// The planting worked: a restricted reader sees every planted string
	// (in a full export and the reports), so the scans can fail.
	camps, _, err := s.FindCampaigns(ctx, vigil.CampaignFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read campaigns")
	acts, _, err := s.FindActions(ctx, vigil.ActionFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read actions")
	outs, _, err := s.FindOutcomes(ctx, vigil.OutcomeFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read outcomes")
	asks, _, err := s.FindAsks(ctx, vigil.AskFilter{Page: vigil.Page{Limit: vigil.MaxLimit}})
	MustOK(t, err, "read asks")
	all := append(exportFormat(t, s, "json", Admin), jsonOf([]any{reports, camps, acts, outs, asks})...)
	if got := c.Find(all); len(got) != len(c.tokens) {
		t.Fatalf("a restricted reader sees %d of %d planted strings: the planting failed", len(got), len(c.tokens))
	}
	return c
}

func testPublicationCanary(t *testing.T, open Opener) {
	s := open(t)
	c := PlantPublicationCanaries(t, s)
	scan := func(t *testing.T, what string, b []byte) {
		t.Helper()
		if found := c.Find(b); len(found) > 0 {
			t.Errorf("%s shows planted strings: %v", what, found)
		}
	}
	site, err := publish.NewSite()
	MustOK(t, err, "site")
	d, err := publish.Load(As(Admin), s, publish.Options{}) // whoever asks, Load reads as anonymous
	MustOK(t, err, "load public data")
	if st := d.StatsFor(vigil.StatsFilter{Event: vigil.EventRepatriation}); st == nil || st.Total.Best != 855 {
		t.Fatalf("the public repatriation total is %+v, want best 855: records above public were counted", st)
	}
	if len(d.Campaigns) != 1 || len(d.Campaigns[0].Steps) != 1 || len(d.Campaigns[0].Outcomes) != 1 {
		t.Fatalf("public campaigns %+v: want the public campaign with its public step and outcome", d.Campaigns)
	}

	t.Run("pages, feeds and downloads", func(t *testing.T) {
		for _, live := range []bool{false, true} {
			files, err := site.Files(d, live)
			MustOK(t, err, "files")
			for _, f := range files {
				b, err := f.Make()
				MustOK(t, err, "make "+f.Path)
				scan(t, f.Path, b)
			}
		}
	})
	t.Run("static export", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "site")
		_, err := site.WriteDir(context.Background(), d, dir)
		MustOK(t, err, "write the site")
		n := 0
		MustOK(t, filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			n++
			scan(t, p, b)
			return err
		}), "walk the site")
		if n < 40 {
			t.Fatalf("the static export has only %d files", n)
		}
	})
	t.Run("export formats", func(t *testing.T) {
		for _, f := range exchange.ExportFormats {
			b, err := publish.Export(d, f.Name)
			MustOK(t, err, "export "+f.Name)
			scan(t, "public export "+f.Name, b)
		}
	})
	t.Run("live site and public API", func(t *testing.T) {
		cache := publish.NewCache(s, publish.Options{}, 0)
		srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: s}, api.New(s, api.Options{PublicCache: cache}).Register,
			publish.NewHandler(site, cache, nil).Register).Handler())
		defer srv.Close()
		token, err := s.CreateToken(As(Admin), &vigil.Token{Name: "canary reader", Scope: vigil.ScopeRead, Clearance: vigil.Restricted})
		MustOK(t, err, "token")
		files, err := site.Files(d, true)
		MustOK(t, err, "files")
		paths := []string{publish.Prefix + "en/totals/index.html?from=2024-01-01&to=2024-12-31", publish.Prefix + "ko/totals/index.html?from=2024-04-01"}
		for _, f := range files {
			paths = append(paths, publish.Prefix+f.Path)
		}
		for _, res := range []string{"incidents", "reports", "sources", "actors"} {
			paths = append(paths, "/api/v1/public/"+res+"?limit=500")
		}
		for _, inc := range d.Incidents {
			paths = append(paths, "/api/v1/public/incidents/"+strconv.FormatInt(inc.ID, 10))
		}
		for id := int64(1); id <= 40; id++ { // every incident id there is, public or not
			paths = append(paths, "/api/v1/public/incidents/"+strconv.FormatInt(id, 10), "/api/v1/public/reports/"+strconv.FormatInt(id, 10))
		}
		for _, ev := range vigil.EventTypes {
			paths = append(paths, "/api/v1/public/stats?event="+string(ev))
		}
		for _, f := range exchange.ExportFormats {
			paths = append(paths, "/api/v1/public/exports/"+f.Name, "/api/v1/export?format="+f.Name)
		}
		for _, who := range []struct{ name, token string }{{"anonymous", ""}, {"restricted token", token}} {
			for _, p := range paths {
				if who.token != "" && strings.HasPrefix(p, "/api/v1/export") {
					continue // the token's own export is not public output
				}
				status, body := get(t, srv.URL+p, who.token)
				if status >= 500 {
					t.Errorf("GET %s as %s: status %d", p, who.name, status)
				}
				scan(t, fmt.Sprintf("GET %s as %s (%d)", p, who.name, status), body)
			}
		}
		// The control: the same server shows restricted records to the
		// restricted token outside the public outputs.
		_, body := get(t, srv.URL+"/api/v1/incidents?limit=500", token)
		if len(c.Find(body)) == 0 {
			t.Fatal("the restricted token sees no planted string in /api/v1/incidents: the scan could not fail")
		}
	})
}

// get fetches url with an optional bearer token.
func get(t *testing.T, url, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	MustOK(t, err, "request")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	MustOK(t, err, "GET "+url)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	MustOK(t, err, "read "+url)
	return res.StatusCode, b
}
