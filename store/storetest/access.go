package storetest

import (
	"testing"

	"vigil"
)

func testVersions(t *testing.T, open Opener) {
	t.Run("stale update changes nothing", func(t *testing.T) {
		s := open(t)
		ctx := As(Editor)
		w := Seed(t, s)
		mine, theirs := *w.Oct9, *w.Oct9
		theirs.Title.Ko = "그들의 제목"
		MustOK(t, s.UpdateIncident(ctx, &theirs), "their update")
		n := AuditCount(t, s)
		mine.Title.Ko = "나의 제목"
		err := s.UpdateIncident(ctx, &mine)
		MustCode(t, err, vigil.ECONFLICT, "stale update")
		MustMessage(t, err, "was changed by someone else (version 2, you had 1); reload and retry")
		if mine.Version != 1 || mine.Title.Ko != "나의 제목" {
			t.Fatalf("failed update changed the caller's struct: version %d", mine.Version)
		}
		got := Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: w.Oct9.ID}})
		if got.Title.Ko != "그들의 제목" || got.Version != 2 {
			t.Fatalf("row is %q v%d after a stale update", got.Title.Ko, got.Version)
		}
		if AuditCount(t, s) != n {
			t.Fatal("a stale update added an audit entry")
		}
	})
	t.Run("stale delete changes nothing", func(t *testing.T) {
		s := open(t)
		ctx := As(Editor)
		p := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Tumen", "투먼", nil))
		p.Names.Zh = "图们"
		MustOK(t, s.UpdatePlace(ctx, p), "update")
		n := AuditCount(t, s)
		MustCode(t, s.DeletePlace(ctx, p.ID, 1), vigil.ECONFLICT, "stale delete")
		if _, err := s.FindPlaceByID(ctx, p.ID); err != nil {
			t.Fatalf("place gone after stale delete: %v", err)
		}
		if AuditCount(t, s) != n {
			t.Fatal("a stale delete added an audit entry")
		}
	})
	t.Run("update of a missing record", func(t *testing.T) {
		s := open(t)
		p := NewPlace(vigil.PlaceCity, "Nowhere", "", nil)
		p.ID, p.Version = 424242, 1
		MustCode(t, s.UpdatePlace(As(Editor), p), vigil.ENOTFOUND, "update missing")
		MustCode(t, s.DeletePlace(As(Editor), 424242, 1), vigil.ENOTFOUND, "delete missing")
	})
}

func testClearance(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	admin := As(Admin)
	// A coalition incident and a restricted one, each with a claim, in
	// the same window as the public repatriations.
	coal := NewIncident("협력단체 공유 사건", vigil.EventRepatriation, w.BaishanDC)
	coal.Sensitivity = vigil.Coalition
	MustCreate(t, s.CreateIncident, coal)
	secret := NewIncident("제한 사건", vigil.EventRepatriation, w.BaishanDC)
	secret.Sensitivity = vigil.Restricted
	MustCreate(t, s.CreateIncident, secret)
	for _, i := range []*vigil.Incident{coal, secret} {
		c := NewClaim(w.Release, i, "15", vigil.EventRepatriation, "2024-01-10")
		c.Sensitivity = i.Sensitivity
		MustCreate(t, s.CreateClaim, c)
	}
	MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: w.Oct9.ID, ToID: secret.ID, Kind: vigil.LinkFollowUpOf})
	// A protected person, visible to coalition members under a pseudonym.
	person := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.ActorPerson, Classification: "affected",
		Name: vigil.Names{Ko: "박철수", En: "Park Chul-su"}, Pseudonym: vigil.Names{Ko: "탈북민 A씨", En: "Defector A"},
		OtherNames: []vigil.OtherName{{Name: "박씨"}}, URL: "https://example.org/park", Protected: true, Notes: "가족 북한 거주"}
	MustCreate(t, s.CreateActor, person)
	note := NewSource("RFA", "", "C", "2024-05-01")
	note.Notes = "제보자 연락처는 별도 보관"
	MustCreate(t, s.CreateSource, note)

	visible := func(v vigil.Viewer) map[int64]bool {
		list, n, err := s.FindIncidents(As(v), vigil.IncidentFilter{})
		MustOK(t, err, "find incidents")
		if n != len(list) {
			t.Fatalf("count %d but %d listed", n, len(list))
		}
		out := map[int64]bool{}
		for _, i := range list {
			out[i.ID] = true
		}
		return out
	}
	tests := []struct {
		name         string
		v            vigil.Viewer
		coal, secret bool
		total        int
	}{
		{"anonymous", Anonymous, false, false, 855},
		{"coalition member", Member, true, false, 870},
		{"restricted staff", Staff, true, true, 885},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := As(tt.v)
			got := visible(tt.v)
			if got[coal.ID] != tt.coal || got[secret.ID] != tt.secret || !got[w.Oct9.ID] {
				t.Fatalf("sees coalition %v restricted %v, want %v %v", got[coal.ID], got[secret.ID], tt.coal, tt.secret)
			}
			for id, want := range map[int64]bool{coal.ID: tt.coal, secret.ID: tt.secret} {
				_, err := s.FindIncidentByID(ctx, id)
				if want {
					MustOK(t, err, "find visible incident")
				} else {
					MustCode(t, err, vigil.ENOTFOUND, "find invisible incident")
				}
			}
			cs, n, err := s.FindClaims(ctx, vigil.ClaimFilter{})
			MustOK(t, err, "find claims")
			for _, c := range cs {
				if !tt.v.CanRead(c.Sensitivity) {
					t.Fatalf("claim %d (%s) listed", c.ID, c.Sensitivity)
				}
			}
			if want := 4 + btoi(tt.coal) + btoi(tt.secret); n != want {
				t.Fatalf("%d claims counted, want %d", n, want)
			}
			st, err := s.Stats(ctx, vigil.StatsFilter{Event: vigil.EventRepatriation, From: "2023-10-01", To: "2024-05-31"})
			MustOK(t, err, "stats")
			if st.Total.Best != tt.total {
				t.Fatalf("stats best %d, want %d (incidents %v)", st.Total.Best, tt.total, st.Incidents)
			}
			ls, n, err := s.FindLinks(ctx, vigil.LinkFilter{IncidentID: &w.Oct9.ID})
			MustOK(t, err, "find links")
			if (n == 1) != tt.secret || len(ls) != n {
				t.Fatalf("%d links to a restricted incident visible", n)
			}
		})
	}
	t.Run("protected person", func(t *testing.T) {
		_, err := s.FindActorByID(As(Anonymous), person.ID)
		MustCode(t, err, vigil.ENOTFOUND, "anonymous reads coalition actor")
		a, err := s.FindActorByID(As(Member), person.ID)
		MustOK(t, err, "member reads actor")
		if a.Name.Ko != "탈북민 A씨" || a.Name.En != "Defector A" || !a.Redacted || a.OtherNames != nil || a.URL != "" || a.Notes != "" {
			t.Fatalf("member sees %+v, want the pseudonym only", a)
		}
		a, err = s.FindActorByID(As(Staff), person.ID)
		MustOK(t, err, "staff reads actor")
		if a.Name.Ko != "박철수" || a.Redacted || len(a.OtherNames) != 1 || a.Notes == "" {
			t.Fatalf("restricted staff sees %+v, want the real identity", a)
		}
		for name, want := range map[string]int{"박철수": 0, "Park": 0, "A씨": 1} {
			_, n, err := s.FindActors(As(Member), vigil.ActorFilter{Name: name})
			MustOK(t, err, "find actors by name")
			if n != want {
				t.Fatalf("member searching %q finds %d actors, want %d", name, n, want)
			}
		}
		// The real name is sealed at rest, so SQL cannot compare it: even
		// restricted staff find a protected person by the pseudonym only
		// (docs/privacy.md).
		for name, want := range map[string]int{"박철수": 0, "A씨": 1} {
			_, n, err := s.FindActors(As(Staff), vigil.ActorFilter{Name: name})
			MustOK(t, err, "staff finds actor")
			if n != want {
				t.Fatalf("staff searching %q finds %d actors, want %d", name, n, want)
			}
		}
	})
	t.Run("notes are internal", func(t *testing.T) {
		got, err := s.FindSourceByID(As(Anonymous), note.ID)
		MustOK(t, err, "anonymous reads public source")
		if got.Notes != "" {
			t.Fatalf("anonymous sees notes %q", got.Notes)
		}
		got, err = s.FindSourceByID(As(Member), note.ID)
		MustOK(t, err, "member reads source")
		if got.Notes == "" {
			t.Fatal("coalition member does not see notes")
		}
	})
	t.Run("writes above clearance or to invisible records", func(t *testing.T) {
		ctx := As(Contributor)
		src := NewSource("기밀", "", "A", "")
		src.Sensitivity = vigil.Restricted
		MustField(t, s.CreateSource(ctx, src), "sensitivity", "above your clearance")
		onSecret := NewClaim(w.Release, secret, "10", vigil.EventRepatriation, "")
		onSecret.Sensitivity = vigil.Coalition // contributors do not create public records
		MustField(t, s.CreateClaim(ctx, onSecret), "incident_id", "does not exist")
		hidden := *secret
		hidden.Sensitivity = vigil.Coalition
		MustCode(t, s.UpdateIncident(ctx, &hidden), vigil.ENOTFOUND, "update invisible incident")
		p := *person
		p.Protected, p.Name = false, vigil.Names{Ko: "탈북민 A씨"}
		MustCode(t, s.UpdateActor(ctx, &p), vigil.EFORBIDDEN, "coalition writer edits protected person")
		// A reference the writer leaves as it was is not checked against
		// their clearance: they may edit around what they cannot see.
		site := NewPlace(vigil.PlaceFacility, "Undisclosed facility", "비공개 시설", nil)
		site.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreatePlace, site)
		pub := MustCreate(t, s.CreateIncident, NewIncident("공개 사건", vigil.EventDetention, site))
		pub.Title.Ko = "공개 사건 (수정)"
		MustOK(t, s.UpdateIncident(ctx, pub), "edit an incident at a restricted place")
		pub.PlaceID = &w.BaishanDC.ID
		MustOK(t, s.UpdateIncident(ctx, pub), "move it to a visible place")
		pub.PlaceID = &site.ID
		MustField(t, s.UpdateIncident(ctx, pub), "place_id", "does not exist")
	})
	_ = admin
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func testRoles(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	t.Run("readers cannot write", func(t *testing.T) {
		n := AuditCount(t, s)
		for _, v := range []vigil.Viewer{Anonymous, Member, Staff} {
			ctx := As(v)
			MustCode(t, s.CreateSource(ctx, NewSource("x", "", "A", "")), vigil.EFORBIDDEN, "reader creates")
			i := *w.Oct9
			i.Title.Ko = "바뀜"
			MustCode(t, s.UpdateIncident(ctx, &i), vigil.EFORBIDDEN, "reader updates")
			MustCode(t, s.DeleteIncident(ctx, w.Oct9.ID, w.Oct9.Version), vigil.EFORBIDDEN, "reader deletes")
		}
		if AuditCount(t, s) != n || QueryInt(t, s, "SELECT COUNT(*) FROM sources") != 2 {
			t.Fatal("a refused write changed the database")
		}
		if Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: w.Oct9.ID}}).Title.Ko == "바뀜" {
			t.Fatal("a reader's update was written")
		}
	})
	t.Run("contributors write but do not delete", func(t *testing.T) {
		ctx := As(Contributor)
		p := NewPlace(vigil.PlaceCity, "Hyesan", "혜산", nil)
		MustCode(t, s.CreatePlace(ctx, p), vigil.EFORBIDDEN, "contributor creates a public place")
		p.Sensitivity = vigil.Coalition
		MustOK(t, s.CreatePlace(ctx, p), "contributor creates")
		MustCode(t, s.DeletePlace(ctx, p.ID, p.Version), vigil.EFORBIDDEN, "contributor deletes")
		MustOK(t, s.DeletePlace(As(Editor), p.ID, p.Version), "editor deletes")
	})
	t.Run("override and resolution need an editor", func(t *testing.T) {
		ctx := As(Contributor)
		i := NewIncident("편집자 수치", vigil.EventRepatriation, nil)
		i.Sensitivity = vigil.Coalition
		i.Override = &vigil.FigureOverride{Best: 100, Rationale: "추정"}
		MustCode(t, s.CreateIncident(ctx, i), vigil.EFORBIDDEN, "contributor creates with override")
		i.Override = nil
		MustOK(t, s.CreateIncident(ctx, i), "contributor creates without override")
		o := *i
		o.Override = &vigil.FigureOverride{Best: 100, Rationale: "추정"}
		MustCode(t, s.UpdateIncident(ctx, &o), vigil.EFORBIDDEN, "contributor sets override")
		o = *i
		o.ConflictResolution = "문제없음"
		MustCode(t, s.UpdateIncident(ctx, &o), vigil.EFORBIDDEN, "contributor resolves conflict")
		if got := Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: i.ID}}); got.Override != nil || got.Version != 1 {
			t.Fatalf("refused override written: %+v v%d", got.Override, got.Version)
		}
		o = *i
		o.Override = &vigil.FigureOverride{Best: 100, Rationale: "추정"}
		MustOK(t, s.UpdateIncident(As(Editor), &o), "editor sets override")
		// Keeping an existing override while editing the title is fine.
		o.Title.Ko = "편집자 수치 (수정)"
		MustOK(t, s.UpdateIncident(ctx, &o), "contributor edits around an override")
	})
}
