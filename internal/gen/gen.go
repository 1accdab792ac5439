// Package gen generates realistic synthetic vigil data for benchmarks and
// tests, deterministically from a seed (math/rand/v2's PCG): Korean and
// English publishers, titles and quotes built from templates; figures in
// every qualifier class at the frequencies reports use them; EDTF dates
// of mixed precision over 2017–2025; places from a small gazetteer;
// same_cohort chains (arrested, then detained, then repatriated) and
// part_of children; and a mix of sensitivities. Nothing here is real
// except the place names.
package gen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"vigil"
	"vigil/figure"
)

// Config says how much to generate.
type Config struct {
	// Seed makes the output reproducible: the same seed and size give the
	// same dataset.
	Seed uint64
	// Claims is the number of claims; incidents (about one per 2.2
	// claims) and sources (about one per 1.5 claims) follow from it.
	Claims int
}

// Dataset generates a dataset whose records carry keys (1…) in every
// section: the gazetteer's places, sources, incidents with their links,
// and claims. It is ready for store.Store.Import.
func Dataset(cfg Config) *vigil.Dataset {
	g := &generator{rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)), d: &vigil.Dataset{Places: Gazetteer()}}
	for _, p := range gazetteer {
		if p.facilityOrSite && p.country == "CN" {
			g.sites = append(g.sites, p)
		}
	}
	g.d.Claims = make([]*vigil.Claim, 0, cfg.Claims)
	for len(g.d.Claims) < cfg.Claims {
		g.story(cfg.Claims - len(g.d.Claims))
	}
	return g.d
}

// generator holds the state of one Dataset call.
type generator struct {
	rng    *rand.Rand
	d      *vigil.Dataset
	sites  []gazPlace
	src    *vigil.Source // the article being written; the next claim may cite it too
	srcUse int
}

var (
	start = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	days  = int(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
)

// weighted picks an index by weights.
func (g *generator) weighted(w ...int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := g.rng.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// sensitivity is public 80%, coalition 15%, restricted 5%.
func (g *generator) sensitivity() vigil.Sensitivity {
	return []vigil.Sensitivity{vigil.Public, vigil.Coalition, vigil.Restricted}[g.weighted(80, 15, 5)]
}

// story generates one event: a lone incident, or a cohort followed from
// arrest through detention to repatriation (same_cohort links), possibly
// with part_of children, and the claims about it. It writes at most
// budget claims.
func (g *generator) story(budget int) {
	day := g.rng.IntN(days - 200)
	site := g.sites[g.rng.IntN(len(g.sites))]
	size := g.size()
	switch r := g.rng.IntN(100); {
	case r < 15: // a cohort followed through three events
		var prev *vigil.Incident
		for _, ev := range []vigil.EventType{vigil.EventArrest, vigil.EventDetention, vigil.EventRepatriation} {
			inc := g.incident(ev, day, site, size)
			budget -= g.claims(inc, day, site, size, budget)
			if prev != nil {
				g.link(inc, prev, vigil.LinkSameCohort)
			}
			prev = inc
			day += 10 + g.rng.IntN(60)
			if budget <= 0 {
				return
			}
		}
	case r < 23: // a repatriation with parts
		parent := g.incident(vigil.EventRepatriation, day, site, size)
		budget -= g.claims(parent, day, site, size, budget)
		for k := 1 + g.rng.IntN(3); k > 0 && budget > 0; k-- {
			part := g.sites[g.rng.IntN(len(g.sites))]
			child := g.incident(vigil.EventRepatriation, day, part, max(1, size/(2+g.rng.IntN(3))))
			budget -= g.claims(child, day, part, size/3+1, budget)
			g.link(child, parent, vigil.LinkPartOf)
		}
	case r < 26: // a claim no one has tied to an incident yet
		g.claim(nil, day, site, size, vigil.EventRepatriation)
	default:
		ev := vigil.EventTypes[g.weighted(25, 20, 35, 5, 3, 5, 3, 3, 1)]
		inc := g.incident(ev, day, site, size)
		g.claims(inc, day, site, size, budget)
	}
}

// size is the true size of a group: mostly small, sometimes hundreds.
func (g *generator) size() int {
	switch g.weighted(50, 35, 12, 3) {
	case 0:
		return 1 + g.rng.IntN(15)
	case 1:
		return 10 + g.rng.IntN(90)
	case 2:
		return 100 + g.rng.IntN(400)
	}
	return 500 + g.rng.IntN(2000)
}

func (g *generator) incident(ev vigil.EventType, day int, site gazPlace, size int) *vigil.Incident {
	key := int64(len(g.d.Incidents) + 1)
	when := start.AddDate(0, 0, day)
	place := site.key
	inc := &vigil.Incident{Meta: vigil.Meta{ID: key, Sensitivity: g.sensitivity()}, Event: ev, PlaceID: &place,
		Title: vigil.Names{
			Ko: fmt.Sprintf("%d년 %d월 %s 탈북민 %d명 %s", when.Year(), int(when.Month()), site.ko, size, eventKo[ev]),
			En: fmt.Sprintf("%d North Koreans %s in %s, %s", size, eventEn[ev], site.en, when.Format("January 2006")),
		},
		VictimGroup: "North Korean defectors", DateBasis: vigil.BasisClaims}
	if g.rng.IntN(10) == 0 { // an editor fixed the date
		inc.Date, inc.DateBasis = when.Format("2006-01"), vigil.BasisEditor
	}
	if g.rng.IntN(5) == 0 {
		inc.Places = []vigil.IncidentPlace{{PlaceID: site.key, Role: vigil.RoleOrigin}}
	}
	g.d.Incidents = append(g.d.Incidents, inc)
	return inc
}

func (g *generator) link(from, to *vigil.Incident, kind vigil.LinkKind) {
	s := from.Sensitivity
	if to.Sensitivity.Rank() > s.Rank() {
		s = to.Sensitivity
	}
	g.d.Links = append(g.d.Links, &vigil.IncidentLink{Meta: vigil.Meta{ID: int64(len(g.d.Links) + 1), Sensitivity: s},
		FromID: from.ID, ToID: to.ID, Kind: kind})
}

// claims writes 1–6 claims about an incident (about 2.2 on average),
// at most budget, and returns how many.
func (g *generator) claims(inc *vigil.Incident, day int, site gazPlace, size, budget int) int {
	n := min(budget, 1+g.weighted(40, 25, 15, 10, 6, 4))
	for k := 0; k < n; k++ {
		g.claim(inc, day, site, size, inc.Event)
	}
	return n
}

func (g *generator) claim(inc *vigil.Incident, day int, site gazPlace, size int, ev vigil.EventType) {
	src := g.source(day, site, size, ev)
	ko := src.Language == "ko"
	text := g.figureText(size, ko)
	place := site.key
	placeText := site.en
	if ko {
		placeText = site.ko
	}
	if g.rng.IntN(4) == 0 && len(site.variants) > 0 {
		placeText = site.variants[g.rng.IntN(len(site.variants))]
	}
	c := &vigil.Claim{Meta: vigil.Meta{ID: int64(len(g.d.Claims) + 1), Sensitivity: g.sensitivity()}, SourceID: src.ID,
		Figure: figure.Figure{Text: text}, Event: ev, Date: g.date(day), PlaceID: &place, PlaceText: placeText,
		Credibility: 1 + g.weighted(10, 35, 30, 10, 5, 10)}
	if ko {
		c.Quote = fmt.Sprintf(quoteKo[g.rng.IntN(len(quoteKo))], placeText, text, eventKo[ev])
	} else {
		c.Quote = fmt.Sprintf(quoteEn[g.rng.IntN(len(quoteEn))], text, eventEn[ev], placeText)
	}
	if inc != nil {
		id := inc.ID
		c.IncidentID = &id
	}
	if g.rng.IntN(20) == 0 {
		c.Notes = "교차 확인 필요 / needs a second source"
	}
	g.d.Claims = append(g.d.Claims, c)
}

// source returns the source of the next claim: the article being written
// (an article often gives two or three cohorts), or a new one.
func (g *generator) source(day int, site gazPlace, size int, ev vigil.EventType) *vigil.Source {
	if g.src != nil && g.srcUse < 3 && g.rng.IntN(3) == 0 {
		g.srcUse++
		return g.src
	}
	pub := publishers[g.rng.IntN(len(publishers))]
	key := int64(len(g.d.Sources) + 1)
	published := start.AddDate(0, 0, day+g.rng.IntN(30))
	s := &vigil.Source{Meta: vigil.Meta{ID: key, Sensitivity: g.sensitivity()}, Publisher: pub.name, Language: pub.lang,
		Kind: []vigil.SourceKind{vigil.SourceArticle, vigil.SourceNewsRelease, vigil.SourceReport, vigil.SourceStatement,
			vigil.SourceTestimony, vigil.SourcePost}[g.weighted(60, 15, 10, 5, 5, 5)],
		URL:         fmt.Sprintf(pub.url, key),
		Published:   published.Format("2006-01-02"),
		Reliability: string("ABCDEF"[g.weighted(5, 30, 35, 15, 5, 10)]),
	}
	if pub.lang == "ko" {
		s.Title.Ko = fmt.Sprintf(titleKo[g.rng.IntN(len(titleKo))], site.ko, size, eventKo[ev])
	} else {
		s.Title.En = fmt.Sprintf(titleEn[g.rng.IntN(len(titleEn))], size, eventEn[ev], site.en)
	}
	if g.rng.IntN(10) < 3 {
		s.RelayedFrom = origins[g.rng.IntN(len(origins))]
	}
	if g.rng.IntN(10) == 0 {
		s.Published = published.Format("2006-01") // only the month is known
	}
	g.d.Sources = append(g.d.Sources, s)
	g.src, g.srcUse = s, 1
	return s
}

// date writes the day as a source would: mostly the day, sometimes
// approximate, uncertain, only the month or year, or an interval.
func (g *generator) date(day int) string {
	d := start.AddDate(0, 0, max(0, day+g.rng.IntN(3)-1))
	switch g.weighted(55, 15, 5, 15, 5, 5) {
	case 0:
		return d.Format("2006-01-02")
	case 1:
		return d.Format("2006-01-02") + "~"
	case 2:
		return d.Format("2006-01-02") + "?"
	case 3:
		return d.Format("2006-01")
	case 4:
		return d.Format("2006")
	}
	return d.Format("2006-01-02") + "/" + d.AddDate(0, 0, 1+g.rng.IntN(20)).Format("2006-01-02")
}
