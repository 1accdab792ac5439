package publish

import (
	"cmp"
	"slices"
	"strings"

	"vigil"
	"vigil/legal"
)

// langPages lists the pages of one language.
func (s *Site) langPages(d *Data, lang string, live bool) []File {
	T := func(key string) func(string) string { return func(l string) string { return s.T(l, key) } }
	out := []File{
		s.page(lang, "index.html", "home", "public_home", T("pub.site.title"), func(l string) (any, error) { return s.homeData(d, l) }, live),
		s.page(lang, "incidents/index.html", "incidents", "public_incidents", T("pub.incidents.title"), func(l string) (any, error) { return timeline(d), nil }, live),
		s.page(lang, "law.html", "law", "public_law", T("pub.law.title"), func(l string) (any, error) { return s.lawData(d, l), nil }, live),
		s.page(lang, "organizations.html", "organizations", "public_organizations", T("pub.orgs.title"), func(l string) (any, error) { return orgData(d), nil }, live),
		s.page(lang, "campaigns.html", "campaigns", "public_campaigns", T("pub.campaigns.title"), func(l string) (any, error) { return d.Campaigns, nil }, live),
		s.page(lang, "reports/index.html", "reports", "public_reports", T("pub.reports.title"), func(l string) (any, error) { return d.ReportsIn(l), nil }, live),
		s.page(lang, "data.html", "data", "public_data", T("pub.data.title"), func(l string) (any, error) { return dataLinks(), nil }, live),
	}
	for _, inc := range d.Incidents {
		out = append(out, s.page(lang, incidentPath(inc.ID), "incidents", "public_incident",
			func(l string) string { return inc.Title.In(l) }, func(l string) (any, error) { return s.incidentData(d, inc, l), nil }, live))
	}
	for _, p := range d.Periods {
		rel := "totals/index.html"
		if p.Key != "all" {
			rel = "totals/" + p.Key + ".html"
		}
		out = append(out, s.page(lang, rel, "totals", "public_totals", T("pub.totals.title"), func(l string) (any, error) {
			return s.totalsData(d, l, p, live)
		}, live))
	}
	seen := map[string]bool{}
	for _, r := range d.Reports {
		for _, dr := range mustDirectives(r.Body) {
			if dr.Kind != vigil.DirectiveTotal || seen[StatsKey(dr.Total)] {
				continue
			}
			seen[StatsKey(dr.Total)] = true
			f := dr.Total
			out = append(out, s.page(lang, figurePath(f), "totals", "public_figure", T("pub.figure.title"), func(l string) (any, error) {
				return figureData{Stats: d.StatsFor(f), Incidents: incidentsOf(d, d.StatsFor(f).Incidents), Excluded: exclusions(d, d.StatsFor(f))}, nil
			}, live))
		}
		if r.Lang == lang {
			out = append(out, s.reportPage(d, r, live))
		}
	}
	return out
}

func mustDirectives(body string) []vigil.Directive {
	ds, _ := vigil.ParseDirectives(body)
	return ds
}

// homeData is the front page: the whole record's totals and the latest
// reports.
func (s *Site) homeData(d *Data, lang string) (any, error) {
	totals, err := s.totals(lang, func(ev vigil.EventType) *vigil.Stats { return d.StatsFor(vigil.StatsFilter{Event: ev}) }, "", "")
	if err != nil {
		return nil, err
	}
	reports := d.ReportsIn(lang)
	if len(reports) > 3 {
		reports = reports[:3]
	}
	return struct {
		Totals    []eventTotal
		Reports   []*Report
		Incidents int
	}{totals, reports, len(d.Incidents)}, nil
}

// monthGroup is the incidents of one month on the timeline.
type monthGroup struct {
	Month     string // YYYY-MM, "" for undated
	Incidents []*Incident
}

// timeline groups the incidents by the month of their earliest day.
func timeline(d *Data) []monthGroup {
	var out []monthGroup
	for _, inc := range d.Incidents {
		m := ""
		if len(inc.DateStart) >= 7 {
			m = inc.DateStart[:7]
		}
		if len(out) == 0 || out[len(out)-1].Month != m {
			out = append(out, monthGroup{Month: m})
		}
		out[len(out)-1].Incidents = append(out[len(out)-1].Incidents, inc)
	}
	return out
}

// incidentPage is an incident with what its page shows.
type incidentPage struct {
	Inc        *Incident
	Sources    []*Source
	Claims     []claimRow
	Related    []relatedRow
	Violations []violationRow
	Notes      []string
}

type claimRow struct {
	Claim  Claim
	Source *Source
}

type relatedRow struct {
	Kind     string // message key
	Incident *Incident
}

type violationRow struct {
	Provision  *Provision
	Instrument *Instrument
	Analysis   vigil.Names
	State      string
}

func (s *Site) incidentData(d *Data, inc *Incident, lang string) *incidentPage {
	p := &incidentPage{Inc: inc}
	for _, id := range inc.SourceIDs {
		p.Sources = append(p.Sources, d.Source(id))
	}
	for _, c := range inc.Claims {
		p.Claims = append(p.Claims, claimRow{Claim: c, Source: d.Source(c.SourceID)})
	}
	for _, l := range inc.Links {
		var key string
		other := l.ToID
		switch {
		case l.Kind == vigil.LinkSameCohort:
			key = "pub.incident.same_cohort"
			if other == inc.ID {
				other = l.FromID
			}
		case l.FromID == inc.ID:
			key = "pub.incident." + string(l.Kind)
		default:
			key, other = "pub.incident.has_"+string(l.Kind), l.FromID
		}
		p.Related = append(p.Related, relatedRow{Kind: key, Incident: d.Incident(other)})
	}
	states := stateNames(d)
	byCountry := map[string][]*vigil.LegalProvision{}
	var countries []string
	for _, v := range inc.Violations {
		pr := d.Provision(v.ProvisionID)
		row := violationRow{Provision: pr, Instrument: d.Instrument(pr.InstrumentID), Analysis: v.Analysis, State: states[v.CountryCode].In(lang)}
		if row.State == "" {
			row.State = v.CountryCode
		}
		p.Violations = append(p.Violations, row)
		if _, ok := byCountry[v.CountryCode]; !ok {
			countries = append(countries, v.CountryCode)
		}
		byCountry[v.CountryCode] = append(byCountry[v.CountryCode], legalProvision(pr))
	}
	for _, cc := range countries {
		if note := legal.Note(lang, legal.Facts{State: states[cc], CountryCode: cc, Provisions: byCountry[cc],
			Instruments: legalInstruments(d), Parties: legalParties(d, cc)}); note != "" {
			p.Notes = append(p.Notes, note)
		}
	}
	return p
}

// The legal package reads root records: these copy public fields back
// into them, for the note only.
func legalProvision(p *Provision) *vigil.LegalProvision {
	return &vigil.LegalProvision{Meta: vigil.Meta{ID: p.ID, Sensitivity: vigil.Public}, InstrumentID: p.InstrumentID, Article: p.Article, Title: p.Title, Summary: p.Summary}
}

func legalInstruments(d *Data) []*vigil.Instrument {
	var out []*vigil.Instrument
	for _, in := range d.Instruments {
		out = append(out, &vigil.Instrument{Meta: vigil.Meta{ID: in.ID, Sensitivity: vigil.Public}, Code: in.Code, Name: in.Name, Adopted: in.Adopted, URL: in.URL})
	}
	return out
}

func legalParties(d *Data, cc string) []*vigil.StateParty {
	var out []*vigil.StateParty
	for _, sp := range d.StateParties {
		if sp.CountryCode == cc {
			out = append(out, &vigil.StateParty{Meta: vigil.Meta{ID: sp.ID, Sensitivity: vigil.Public}, InstrumentID: sp.InstrumentID,
				CountryCode: sp.CountryCode, Action: sp.Action, Date: sp.Date, Reservations: sp.Reservations, SourceURL: sp.SourceURL})
		}
	}
	return out
}

// stateNames maps country codes to the names of the gazetteer's public
// country entries.
func stateNames(d *Data) map[string]vigil.Names {
	out := map[string]vigil.Names{}
	for _, p := range d.Places {
		if p.Kind == vigil.PlaceCountry && p.CountryCode != "" {
			out[p.CountryCode] = p.Names
		}
	}
	return out
}

// totalsPage is a period's totals with charts and maps.
type totalsPage struct {
	Period   Period
	Periods  []Period
	From, To string
	Totals   []eventTotal
	Maps     *mapView
	Live     bool
}

func (s *Site) totalsData(d *Data, lang string, p Period, live bool) (*totalsPage, error) {
	totals, err := s.totals(lang, func(ev vigil.EventType) *vigil.Stats {
		return d.StatsFor(vigil.StatsFilter{Event: ev, From: p.From, To: p.To})
	}, p.From, p.To)
	if err != nil {
		return nil, err
	}
	return s.totalsPage(d, lang, p, totals, live)
}

func (s *Site) totalsPage(d *Data, lang string, p Period, totals []eventTotal, live bool) (*totalsPage, error) {
	maps, err := s.maps(d, lang, totals)
	if err != nil {
		return nil, err
	}
	return &totalsPage{Period: p, Periods: d.Periods, From: p.From, To: p.To, Totals: totals, Maps: maps, Live: live}, nil
}

// figureData is the page behind a live figure.
type figureData struct {
	Stats     *vigil.Stats
	Incidents []*Incident
	Excluded  []exclusionRow
}

type exclusionRow struct {
	Incident *Incident
	Reason   string
}

func incidentsOf(d *Data, ids []int64) []*Incident {
	var out []*Incident
	for _, id := range ids {
		if inc := d.Incident(id); inc != nil {
			out = append(out, inc)
		}
	}
	return out
}

func exclusions(d *Data, st *vigil.Stats) []exclusionRow {
	var out []exclusionRow
	for _, e := range st.Excluded {
		if inc := d.Incident(e.ID); inc != nil {
			out = append(out, exclusionRow{Incident: inc, Reason: e.Reason})
		}
	}
	return out
}

// lawPage lists the public provisions by instrument with the state
// parties, and the legal note of every state some incident shows in
// breach.
type lawPage struct {
	Instruments []lawInstrument
	Notes       []stateNote
}

type lawInstrument struct {
	Instrument *Instrument
	Provisions []*Provision
	Parties    []partyRow
}

type partyRow struct {
	Party *StateParty
	State string
}

type stateNote struct {
	State, Text string
}

func (s *Site) lawData(d *Data, lang string) *lawPage {
	states := stateNames(d)
	p := &lawPage{}
	for _, in := range d.Instruments {
		li := lawInstrument{Instrument: in}
		for _, pr := range d.Provisions {
			if pr.InstrumentID == in.ID {
				li.Provisions = append(li.Provisions, pr)
			}
		}
		for _, sp := range d.StateParties {
			if sp.InstrumentID == in.ID {
				name := states[sp.CountryCode].In(lang)
				if name == "" {
					name = sp.CountryCode
				}
				li.Parties = append(li.Parties, partyRow{Party: sp, State: name})
			}
		}
		p.Instruments = append(p.Instruments, li)
	}
	byCountry := map[string][]*vigil.LegalProvision{}
	for _, inc := range d.Incidents {
		for _, v := range inc.Violations {
			pr := d.Provision(v.ProvisionID)
			if !slices.ContainsFunc(byCountry[v.CountryCode], func(lp *vigil.LegalProvision) bool { return lp.ID == pr.ID }) {
				byCountry[v.CountryCode] = append(byCountry[v.CountryCode], legalProvision(pr))
			}
		}
	}
	for _, cc := range slices.Sorted(mapKeys(byCountry)) {
		text := legal.Note(lang, legal.Facts{State: states[cc], CountryCode: cc, Provisions: byCountry[cc], Instruments: legalInstruments(d), Parties: legalParties(d, cc)})
		if text != "" {
			name := states[cc].In(lang)
			if name == "" {
				name = cc
			}
			p.Notes = append(p.Notes, stateNote{State: name, Text: text})
		}
	}
	return p
}

// orgPage lists the coalition's organizations (NGOs), then the other
// public organizations with their public posts and people.
type orgPage struct {
	Coalition []*Actor
	Others    []orgRow
}

type orgRow struct {
	Org     *Actor
	Members []memberRow
}

type memberRow struct {
	Person *Actor
	Role   vigil.Names
	Post   *Post
}

func orgData(d *Data) *orgPage {
	p := &orgPage{}
	posts := map[int64]*Post{}
	for _, po := range d.Posts {
		posts[po.ID] = po
	}
	for _, a := range d.Actors {
		if a.Kind != vigil.ActorOrganization {
			continue
		}
		if a.Classification == "ngo" {
			p.Coalition = append(p.Coalition, a)
			continue
		}
		row := orgRow{Org: a}
		for _, m := range d.Memberships {
			if m.OrganizationID == a.ID {
				mr := memberRow{Person: d.Actor(m.PersonID), Role: m.Role}
				if m.PostID != nil {
					mr.Post = posts[*m.PostID]
				}
				row.Members = append(row.Members, mr)
			}
		}
		p.Others = append(p.Others, row)
	}
	sortByName := func(a, b *Actor) int {
		return cmp.Compare(strings.ToLower(a.Name.In("en")), strings.ToLower(b.Name.In("en")))
	}
	slices.SortStableFunc(p.Coalition, sortByName)
	return p
}

// dataLink is one download of the data page.
type dataLink struct {
	Path, Key, Format string
}

func dataLinks() []dataLink {
	var out []dataLink
	for _, f := range exportFormats {
		out = append(out, dataLink{Path: "data/" + f.file, Key: "pub.data." + f.name, Format: f.name})
	}
	return out
}

// reportPage is a report's page: its alternates are its translations
// only.
func (s *Site) reportPage(d *Data, r *Report, live bool) File {
	p := r.Lang + "/" + reportPath(r.Slug)
	return File{Path: p, Type: "text/html; charset=utf-8", Make: func() ([]byte, error) {
		v := &view{Lang: r.Lang, Path: p, Section: "reports", Title: r.Title, Live: live, site: s}
		v.Alternates = []alternate{{Lang: r.Lang, Path: p}}
		tr := d.Translation(r)
		if tr != nil {
			v.Alternates = append(v.Alternates, alternate{Lang: tr.Lang, Path: tr.Lang + "/" + reportPath(tr.Slug)})
			slices.SortFunc(v.Alternates, func(a, b alternate) int { return cmp.Compare(a.Lang, b.Lang) })
		}
		body, err := s.renderReport(d, r, v)
		if err != nil {
			return nil, err
		}
		v.Data = struct {
			Report      *Report
			Body        *renderedReport
			Translation *Report
		}{r, body, tr}
		return s.render("public_report", v)
	}}
}
