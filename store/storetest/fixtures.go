package storetest

import (
	"context"
	"fmt"
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

// MustCreate creates rec as Admin and fails the test on error.
func MustCreate[T any](tb testing.TB, create func(context.Context, *T) error, rec *T) *T {
	tb.Helper()
	MustOK(tb, create(As(Admin), rec), fmt.Sprintf("create %T", rec))
	return rec
}

// NewPlace returns an unsaved public place.
func NewPlace(kind vigil.PlaceKind, en, ko string, parent *vigil.Place) *vigil.Place {
	p := &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: kind, Names: vigil.Names{En: en, Ko: ko}}
	if parent != nil {
		p.ParentID = &parent.ID
		p.CountryCode = parent.CountryCode
	}
	return p
}

// NewOrg returns an unsaved public organization.
func NewOrg(en, ko string) *vigil.Actor {
	return &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorOrganization, Name: vigil.Names{En: en, Ko: ko}}
}

// NewSource returns an unsaved public source.
func NewSource(publisher, relayedFrom, reliability, published string) *vigil.Source {
	return &vigil.Source{
		Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.SourceArticle, Publisher: publisher,
		Language: "ko", Title: vigil.Names{Ko: publisher + " 보도"}, Published: published,
		Reliability: reliability, RelayedFrom: relayedFrom,
	}
}

// NewIncident returns an unsaved public incident whose date and figure
// come from its claims.
func NewIncident(titleKo string, event vigil.EventType, place *vigil.Place) *vigil.Incident {
	i := &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Public}, Title: vigil.Names{Ko: titleKo, En: "incident"},
		Event: event, DateBasis: vigil.BasisClaims}
	if place != nil {
		i.PlaceID = &place.ID
	}
	return i
}

// NewClaim returns an unsaved public claim of src about inc (nil for
// none), with the figure as written.
func NewClaim(src *vigil.Source, inc *vigil.Incident, text string, event vigil.EventType, date string) *vigil.Claim {
	c := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Public}, SourceID: src.ID, Quote: text + " 강제북송",
		Figure: figure.Figure{Text: text}, Event: event, Date: date, Credibility: 2}
	if inc != nil {
		c.IncidentID = &inc.ID
	}
	return c
}

// World is the seed-like scenario of DOMAIN.md §4.
type World struct {
	China, Jilin, Baishan, BaishanDC, Guangxi, Nanning, Dandong *vigil.Place
	NKHR, DailyNK, PublicSecurity                               *vigil.Actor
	Release, Relay                                              *vigil.Source
	// Repatriations: ~600 on 9 Oct 2023, ~200 from Baishan on 26 Apr
	// 2024, 50–60 around 26 Apr 2024; arrests: more than 60 in Nanning.
	Oct9, Baishan200, More50, Nanning60 *vigil.Incident
}

// Seed stores the scenario.
func Seed(tb testing.TB, s *store.Store) *World {
	tb.Helper()
	w := &World{}
	w.China = MustCreate(tb, s.CreatePlace, &vigil.Place{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.PlaceCountry,
		Names: vigil.Names{En: "China", Ko: "중국", Zh: "中国"}, CountryCode: "CN"})
	w.Jilin = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Jilin", "지린성", w.China))
	w.Baishan = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceCity, "Baishan", "바이산", w.Jilin))
	w.BaishanDC = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceFacility, "Baishan Detention Center", "바이산 구류소", w.Baishan))
	w.Guangxi = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Guangxi", "광시", w.China))
	w.Nanning = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceCity, "Nanning", "난닝", w.Guangxi))
	w.Dandong = MustCreate(tb, s.CreatePlace, NewPlace(vigil.PlaceCrossing, "Dandong", "단둥", nil))

	w.NKHR = MustCreate(tb, s.CreateActor, NewOrg("Citizens' Alliance for North Korean Human Rights", "북한인권시민연합"))
	w.DailyNK = MustCreate(tb, s.CreateActor, NewOrg("Daily NK", "데일리NK"))
	w.PublicSecurity = MustCreate(tb, s.CreateActor, NewOrg("Chinese public security", "중국 공안"))

	w.Release = NewSource("NKHR", "", "B", "2024-05-20")
	w.Release.Kind, w.Release.PublisherID = vigil.SourceNewsRelease, &w.NKHR.ID
	w.Release.Title = vigil.Names{Ko: "중국 정부는 탈북민 강제북송을 즉각 중단하라", En: "China must stop forced repatriation"}
	MustCreate(tb, s.CreateSource, w.Release)
	w.Relay = MustCreate(tb, s.CreateSource, NewSource("Daily NK", "anonymous source in North Hamgyong Province", "C", "2024-04-29"))

	rep := vigil.EventRepatriation
	w.Oct9 = MustCreate(tb, s.CreateIncident, NewIncident("2023년 10월 9일 강제북송", rep, w.Dandong))
	w.Baishan200 = MustCreate(tb, s.CreateIncident, NewIncident("바이산 구류소 200여 명 북송", rep, w.BaishanDC))
	w.More50 = MustCreate(tb, s.CreateIncident, NewIncident("50~60명 추가 북송", rep, w.Jilin))
	w.Nanning60 = MustCreate(tb, s.CreateIncident, NewIncident("난닝 60여 명 체포", vigil.EventArrest, w.Nanning))

	MustCreate(tb, s.CreateClaim, NewClaim(w.Release, w.Oct9, "some 600", rep, "2023-10-09"))
	MustCreate(tb, s.CreateClaim, NewClaim(w.Release, w.Baishan200, "about 200", rep, "2024-04-26"))
	MustCreate(tb, s.CreateClaim, NewClaim(w.Relay, w.More50, "50-60", rep, "2024-04-26~"))
	MustCreate(tb, s.CreateClaim, NewClaim(w.Release, w.Nanning60, "more than 60", vigil.EventArrest, "2024-05-06"))
	for _, i := range []*vigil.Incident{w.Oct9, w.Baishan200, w.More50, w.Nanning60} {
		Reload(tb, s, i)
	}
	return w
}

// Reload reads an incident again as Admin.
func Reload(tb testing.TB, s *store.Store, i *vigil.Incident) *vigil.Incident {
	tb.Helper()
	got, err := s.FindIncidentByID(As(Admin), i.ID)
	MustOK(tb, err, "reload incident")
	*i = *got
	return i
}
