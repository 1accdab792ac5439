package storetest

import (
	"context"
	"testing"
	"time"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

// crud is the round trip of one record type: create, read back equal,
// change, read back the change, list, delete, gone.
type crud[T any] struct {
	create, update func(context.Context, *T) error
	find           func(context.Context, int64) (*T, error)
	list           func(context.Context) ([]*T, int, error)
	del            func(context.Context, int64, int) error
	meta           func(*T) *vigil.Meta
	change         func(*T)
	check          func(testing.TB, *T)
}

func (c crud[T]) run(t *testing.T, s *store.Store, rec *T) {
	t.Helper()
	ctx := As(Admin)
	before := time.Now().UTC().Add(-time.Second)
	MustOK(t, c.create(ctx, rec), "create")
	m := c.meta(rec)
	if m.ID <= 0 || m.Version != 1 || m.CreatedAt.Before(before) || !m.UpdatedAt.Equal(m.CreatedAt) {
		t.Fatalf("create set meta %+v, want an id, version 1 and equal timestamps", *m)
	}
	got, err := c.find(ctx, m.ID)
	MustOK(t, err, "find after create")
	MustEqualJSON(t, got, rec, "read back after create")

	c.change(got)
	MustOK(t, c.update(ctx, got), "update")
	if gm := c.meta(got); gm.Version != 2 || !gm.CreatedAt.Equal(m.CreatedAt) || gm.UpdatedAt.Before(m.UpdatedAt) {
		t.Fatalf("update set meta %+v, want version 2 and the same created_at", *gm)
	}
	again, err := c.find(ctx, m.ID)
	MustOK(t, err, "find after update")
	MustEqualJSON(t, again, got, "read back after update")
	c.check(t, again)

	if c.list != nil {
		all, n, err := c.list(ctx)
		MustOK(t, err, "list")
		found := false
		for _, r := range all {
			found = found || c.meta(r).ID == m.ID
		}
		if !found || n < 1 || n < len(all) {
			t.Fatalf("list returned %d of %d records, want record %d among them", len(all), n, m.ID)
		}
	}

	MustCode(t, c.del(ctx, m.ID, 1), vigil.ECONFLICT, "delete with the old version")
	MustOK(t, c.del(ctx, m.ID, 2), "delete")
	_, err = c.find(ctx, m.ID)
	MustCode(t, err, vigil.ENOTFOUND, "find after delete")
	MustCode(t, c.del(ctx, m.ID, 2), vigil.ENOTFOUND, "delete twice")
}

func testCRUD(t *testing.T, open Opener) {
	t.Run("source", func(t *testing.T) {
		s := open(t)
		org := MustCreate(t, s.CreateActor, NewOrg("NKHR", "북한인권시민연합"))
		src := NewSource("북한인권시민연합", "함경북도 소식통", "b", "2024-05-20")
		src.PublisherID, src.URL, src.Notes = &org.ID, "https://nkhr.or.kr/?p=1", "내부 메모"
		src.Title.Zh = "中国政府应立即停止强制遣返"
		crud[vigil.Source]{
			create: s.CreateSource, update: s.UpdateSource, find: s.FindSourceByID, del: s.DeleteSource,
			list: func(ctx context.Context) ([]*vigil.Source, int, error) {
				return s.FindSources(ctx, vigil.SourceFilter{Query: "강제송환"})
			},
			meta:   func(x *vigil.Source) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Source) { x.Title.Ko = "탈북민 강제송환 중단 촉구" },
			check: func(tb testing.TB, x *vigil.Source) {
				if x.Reliability != "B" || x.PublishedStart != "2024-05-20" || x.Title.Ko != "탈북민 강제송환 중단 촉구" {
					tb.Fatalf("source read back as %+v", x)
				}
			},
		}.run(t, s, src)
	})
	t.Run("claim", func(t *testing.T) {
		s := open(t)
		src := MustCreate(t, s.CreateSource, NewSource("데일리NK", "", "C", "2024-04-29"))
		inc := MustCreate(t, s.CreateIncident, NewIncident("바이산 북송", vigil.EventRepatriation, nil))
		place := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Baishan", "바이산", nil))
		c := NewClaim(src, inc, "about 200", vigil.EventRepatriation, "2024-04-26")
		c.PlaceID, c.PlaceText, c.Notes = &place.ID, "지린성 바이산", "확인 필요"
		crud[vigil.Claim]{
			create: s.CreateClaim, update: s.UpdateClaim, find: s.FindClaimByID, del: s.DeleteClaim,
			list: func(ctx context.Context) ([]*vigil.Claim, int, error) {
				return s.FindClaims(ctx, vigil.ClaimFilter{IncidentID: &inc.ID})
			},
			meta: func(x *vigil.Claim) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Claim) {
				x.Figure = figure.Figure{Text: "50-60"}
				x.Quote = "50~60명이 추가로 북송됐다"
			},
			check: func(tb testing.TB, x *vigil.Claim) {
				iv := x.Interval
				if x.Figure.Qualifier != figure.Range || iv.Low == nil || *iv.Low != 50 || iv.Best != 55 || iv.High == nil || *iv.High != 60 {
					tb.Fatalf("claim figure read back as %+v %+v", x.Figure, iv)
				}
				if x.DateStart != "2024-04-26" || x.DateEnd != "2024-04-26" {
					tb.Fatalf("claim date bounds %q %q", x.DateStart, x.DateEnd)
				}
			},
		}.run(t, s, c)
	})
	t.Run("incident", func(t *testing.T) {
		s := open(t)
		dc := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceFacility, "Baishan Detention Center", "바이산 구류소", nil))
		cross := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCrossing, "Tumen", "투먼", nil))
		perp := MustCreate(t, s.CreateActor, NewOrg("Chinese public security", "중국 공안"))
		inc := NewIncident("바이산 구류소 탈북민 200여 명 강제북송", vigil.EventRepatriation, dc)
		inc.Summary = vigil.Names{Ko: "지린성 바이산 구류소에 수감됐던 탈북민들이 북송됐다.", Zh: "白山看守所"}
		inc.Date, inc.DateBasis, inc.DateRationale = "2024-04-26", vigil.BasisEditor, "보도일 기준"
		inc.PerpetratorID, inc.VictimGroup = &perp.ID, "구류소에 수감된 탈북민"
		inc.Places = []vigil.IncidentPlace{{PlaceID: dc.ID, Role: vigil.RoleOrigin}, {PlaceID: cross.ID, Role: vigil.RoleCrossing}}
		crud[vigil.Incident]{
			create: s.CreateIncident, update: s.UpdateIncident, find: s.FindIncidentByID, del: s.DeleteIncident,
			list: func(ctx context.Context) ([]*vigil.Incident, int, error) {
				return s.FindIncidents(ctx, vigil.IncidentFilter{Query: "구류소"})
			},
			meta: func(x *vigil.Incident) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Incident) {
				x.Places = x.Places[1:]
				x.Override = &vigil.FigureOverride{Low: Ptr(180), Best: 200, High: Ptr(220), Rationale: "단체 발표 기준"}
			},
			check: func(tb testing.TB, x *vigil.Incident) {
				if len(x.Places) != 1 || x.Places[0].PlaceID != cross.ID {
					tb.Fatalf("places read back as %+v", x.Places)
				}
				if x.Figure == nil || x.Figure.Best != 200 || x.FigureBasis != vigil.BasisEditor || x.FigureRationale != "단체 발표 기준" {
					tb.Fatalf("override read back as figure %+v basis %s", x.Figure, x.FigureBasis)
				}
				if x.CohortID != x.ID || x.DateStart != "2024-04-26" {
					tb.Fatalf("cohort %d date_start %q", x.CohortID, x.DateStart)
				}
			},
		}.run(t, s, inc)
	})
	t.Run("link", func(t *testing.T) {
		s := open(t)
		a := MustCreate(t, s.CreateIncident, NewIncident("체포", vigil.EventArrest, nil))
		b := MustCreate(t, s.CreateIncident, NewIncident("북송", vigil.EventRepatriation, nil))
		l := &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: a.ID, ToID: b.ID, Kind: vigil.LinkSameCohort, Note: "같은 사람들"}
		crud[vigil.IncidentLink]{
			create: s.CreateLink, update: s.UpdateLink, find: s.FindLinkByID, del: s.DeleteLink,
			list: func(ctx context.Context) ([]*vigil.IncidentLink, int, error) {
				return s.FindLinks(ctx, vigil.LinkFilter{IncidentID: &b.ID})
			},
			meta:   func(x *vigil.IncidentLink) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.IncidentLink) { x.Note = "난닝에서 체포된 같은 사람들" },
			check: func(tb testing.TB, x *vigil.IncidentLink) {
				if x.Note != "난닝에서 체포된 같은 사람들" {
					tb.Fatalf("note %q", x.Note)
				}
			},
		}.run(t, s, l)
	})
	t.Run("place", func(t *testing.T) {
		s := open(t)
		jilin := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceProvince, "Jilin", "지린성", nil))
		p := NewPlace(vigil.PlaceCity, "Baishan", "바이산", jilin)
		p.Names.Zh, p.Variants = "白山", []string{"Paeksan", "백산"}
		p.GeoNamesID, p.Lat, p.Lon, p.CountryCode = Ptr(int64(2038300)), Ptr(41.94), Ptr(126.42), "CN"
		crud[vigil.Place]{
			create: s.CreatePlace, update: s.UpdatePlace, find: s.FindPlaceByID, del: s.DeletePlace,
			list: func(ctx context.Context) ([]*vigil.Place, int, error) {
				return s.FindPlaces(ctx, vigil.PlaceFilter{Name: "백산"})
			},
			meta:   func(x *vigil.Place) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Place) { x.Variants = append(x.Variants, "바이산시") },
			check: func(tb testing.TB, x *vigil.Place) {
				if len(x.Variants) != 3 || *x.Lat != 41.94 || *x.ParentID != jilin.ID {
					tb.Fatalf("place read back as %+v", x)
				}
			},
		}.run(t, s, p)
	})
	t.Run("actor", func(t *testing.T) {
		s := open(t)
		mofa := MustCreate(t, s.CreateActor, NewOrg("Ministry of Foreign Affairs", "외교부"))
		a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.ActorPerson,
			Name: vigil.Names{Ko: "조태열", En: "Cho Tae-yul"}, Classification: "official",
			OtherNames:  []vigil.OtherName{{Name: "趙兌烈", Lang: "zh"}},
			Identifiers: []vigil.Identifier{{Scheme: "wikidata", Identifier: "Q12599153"}},
			URL:         "https://www.mofa.go.kr", CountryCode: "kr", ParentID: &mofa.ID, Notes: "장관"}
		crud[vigil.Actor]{
			create: s.CreateActor, update: s.UpdateActor, find: s.FindActorByID, del: s.DeleteActor,
			list: func(ctx context.Context) ([]*vigil.Actor, int, error) {
				return s.FindActors(ctx, vigil.ActorFilter{Name: "태열"})
			},
			meta: func(x *vigil.Actor) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Actor) {
				x.OtherNames = append(x.OtherNames, vigil.OtherName{Name: "조 장관", Lang: "ko"})
			},
			check: func(tb testing.TB, x *vigil.Actor) {
				if len(x.OtherNames) != 2 || x.Identifiers[0].Identifier != "Q12599153" || x.CountryCode != "KR" {
					tb.Fatalf("actor read back as %+v", x)
				}
			},
		}.run(t, s, a)
	})
	t.Run("post and membership", func(t *testing.T) {
		s := open(t)
		mofa := MustCreate(t, s.CreateActor, NewOrg("Ministry of Foreign Affairs (PRC)", "중국 외교부"))
		wang := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson,
			Name: vigil.Names{Ko: "왕이", En: "Wang Yi", Zh: "王毅"}})
		post := &vigil.Post{Meta: vigil.Meta{Sensitivity: vigil.Public}, OrganizationID: mofa.ID, Label: vigil.Names{Ko: "외교부장", En: "Minister of Foreign Affairs"}}
		crud[vigil.Post]{
			create: s.CreatePost, update: s.UpdatePost, find: s.FindPostByID, del: s.DeletePost,
			list: func(ctx context.Context) ([]*vigil.Post, int, error) {
				return s.FindPosts(ctx, vigil.PostFilter{OrganizationID: &mofa.ID})
			},
			meta:   func(x *vigil.Post) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Post) { x.Label.Zh = "外交部长" },
			check: func(tb testing.TB, x *vigil.Post) {
				if x.Label.Zh != "外交部长" {
					tb.Fatalf("post read back as %+v", x)
				}
			},
		}.run(t, s, post)
		post = MustCreate(t, s.CreatePost, &vigil.Post{Meta: vigil.Meta{Sensitivity: vigil.Public}, OrganizationID: mofa.ID, Label: vigil.Names{Ko: "외교부장"}})
		m := &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: wang.ID, OrganizationID: mofa.ID, PostID: &post.ID,
			Role: vigil.Names{Ko: "장관"}, StartDate: "2022-12-30"}
		crud[vigil.Membership]{
			create: s.CreateMembership, update: s.UpdateMembership, find: s.FindMembershipByID, del: s.DeleteMembership,
			list: func(ctx context.Context) ([]*vigil.Membership, int, error) {
				return s.FindMemberships(ctx, vigil.MembershipFilter{PersonID: &wang.ID})
			},
			meta:   func(x *vigil.Membership) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Membership) { x.EndDate = "2023-07" },
			check: func(tb testing.TB, x *vigil.Membership) {
				if x.EndDate != "2023-07" || x.StartDate != "2022-12-30" {
					tb.Fatalf("membership read back as %+v", x)
				}
			},
		}.run(t, s, m)
	})
	t.Run("law", func(t *testing.T) {
		s := open(t)
		in := &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "refugee-convention-1951",
			Name: vigil.Names{Ko: "난민의 지위에 관한 협약", En: "Convention relating to the Status of Refugees"}, Adopted: "1951-07-28"}
		crud[vigil.Instrument]{
			create: s.CreateInstrument, update: s.UpdateInstrument, find: s.FindInstrumentByID, del: s.DeleteInstrument,
			list: func(ctx context.Context) ([]*vigil.Instrument, int, error) {
				return s.FindInstruments(ctx, vigil.Page{Sort: "code"})
			},
			meta:   func(x *vigil.Instrument) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Instrument) { x.Name.Zh = "关于难民地位的公约" },
			check: func(tb testing.TB, x *vigil.Instrument) {
				if x.Name.Zh != "关于难民地位的公约" {
					tb.Fatalf("instrument read back as %+v", x)
				}
			},
		}.run(t, s, in)
		in = MustCreate(t, s.CreateInstrument, &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "cat", Name: vigil.Names{Ko: "고문방지협약"}})
		lp := &vigil.LegalProvision{Meta: vigil.Meta{Sensitivity: vigil.Public}, InstrumentID: in.ID, Article: "3",
			Title: vigil.Names{Ko: "강제송환 금지", En: "Non-refoulement"}}
		crud[vigil.LegalProvision]{
			create: s.CreateProvision, update: s.UpdateProvision, find: s.FindProvisionByID, del: s.DeleteProvision,
			list: func(ctx context.Context) ([]*vigil.LegalProvision, int, error) {
				return s.FindProvisions(ctx, vigil.ProvisionFilter{InstrumentID: &in.ID})
			},
			meta: func(x *vigil.LegalProvision) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.LegalProvision) {
				x.Summary.Ko = "고문받을 위험이 있는 국가로 송환해서는 안 된다"
			},
			check: func(tb testing.TB, x *vigil.LegalProvision) {
				if x.Summary.Ko == "" {
					tb.Fatalf("provision read back as %+v", x)
				}
			},
		}.run(t, s, lp)
		sp := &vigil.StateParty{Meta: vigil.Meta{Sensitivity: vigil.Public}, InstrumentID: in.ID, CountryCode: "cn",
			Action: vigil.ActionRatification, Date: "1988-10-04"}
		crud[vigil.StateParty]{
			create: s.CreateStateParty, update: s.UpdateStateParty, find: s.FindStatePartyByID, del: s.DeleteStateParty,
			list: func(ctx context.Context) ([]*vigil.StateParty, int, error) {
				return s.FindStateParties(ctx, vigil.StatePartyFilter{CountryCode: "CN"})
			},
			meta:   func(x *vigil.StateParty) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.StateParty) { x.Reservations = "제20조 유보" },
			check: func(tb testing.TB, x *vigil.StateParty) {
				if x.CountryCode != "CN" || x.DateStart != "1988-10-04" || x.Reservations != "제20조 유보" {
					tb.Fatalf("state party read back as %+v", x)
				}
			},
		}.run(t, s, sp)
		lp = MustCreate(t, s.CreateProvision, &vigil.LegalProvision{Meta: vigil.Meta{Sensitivity: vigil.Public}, InstrumentID: in.ID, Article: "3", Title: vigil.Names{Ko: "강제송환 금지"}})
		inc := MustCreate(t, s.CreateIncident, NewIncident("북송", vigil.EventRepatriation, nil))
		v := &vigil.Violation{Meta: vigil.Meta{Sensitivity: vigil.Public}, IncidentID: inc.ID, ProvisionID: lp.ID, CountryCode: "CN",
			Analysis: vigil.Names{Ko: "중국은 고문방지협약 제3조를 위반했다."}}
		crud[vigil.Violation]{
			create: s.CreateViolation, update: s.UpdateViolation, find: s.FindViolationByID, del: s.DeleteViolation,
			list: func(ctx context.Context) ([]*vigil.Violation, int, error) {
				return s.FindViolations(ctx, vigil.ViolationFilter{IncidentID: &inc.ID})
			},
			meta:   func(x *vigil.Violation) *vigil.Meta { return &x.Meta },
			change: func(x *vigil.Violation) { x.Analysis.En = "China breached CAT article 3." },
			check: func(tb testing.TB, x *vigil.Violation) {
				if x.Analysis.En == "" {
					tb.Fatalf("violation read back as %+v", x)
				}
			},
		}.run(t, s, v)
	})
}
