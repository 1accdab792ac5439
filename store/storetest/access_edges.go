package storetest

import (
	"context"
	"strings"
	"testing"

	"vigil"
	"vigil/store"
)

// testAccessEdges covers the edges of authorization that single-record
// tests miss: publishing by lowering a sensitivity, fields a writer
// cannot see, and what a refused delete tells its user.
func testAccessEdges(t *testing.T, open Opener) {
	t.Run("lowering a sensitivity needs an editor", func(t *testing.T) { testLoweringPublishes(t, open(t)) })
	t.Run("updates keep fields hidden from the writer", func(t *testing.T) { testKeepHidden(t, open(t)) })
	t.Run("a refused delete names only visible references", func(t *testing.T) { testRefusedDelete(t, open(t)) })
	t.Run("child rows follow the stricter sensitivity", func(t *testing.T) { testChildSensitivity(t, open(t)) })
}

// PublishEditor is an API token with write scope and public clearance:
// an editor that reads what the public reads.
var PublishEditor = vigil.Viewer{Actor: "token:public-writer", Role: vigil.RoleEditor, Clearance: vigil.Public, TokenID: 99}

// mustRefusedPublish fails unless err is EFORBIDDEN naming the field
// sensitivity.
func mustRefusedPublish(tb testing.TB, err error, what string) {
	tb.Helper()
	e := MustCode(tb, err, vigil.EFORBIDDEN, what)
	if !strings.Contains(e.Fields["sensitivity"], "publishes it") {
		tb.Fatalf("%s: error %q does not name the field sensitivity", what, err)
	}
}

// lowerable is one record type, for the table of testLoweringPublishes:
// make creates it as an admin at sensitivity s; set changes its
// sensitivity and writes it as ctx's viewer; read reads its stored
// sensitivity.
type lowerable struct {
	name, entity string
	make         func(s vigil.Sensitivity) (id int64)
	set          func(ctx context.Context, id int64, s vigil.Sensitivity) error
	read         func(id int64) vigil.Sensitivity
	// create creates a fresh one at s as ctx's viewer.
	create func(ctx context.Context, s vigil.Sensitivity) error
}

func testLoweringPublishes(t *testing.T, s *store.Store) {
	w := Seed(t, s)
	admin := As(Admin)
	types := []lowerable{
		{
			name: "incident", entity: "incidents",
			make: func(sn vigil.Sensitivity) int64 {
				i := NewIncident("낮추기", vigil.EventArrest, nil)
				i.Sensitivity = sn
				return MustCreate(t, s.CreateIncident, i).ID
			},
			set: func(ctx context.Context, id int64, sn vigil.Sensitivity) error {
				i, err := s.FindIncidentByID(ctx, id)
				MustOK(t, err, "read incident")
				i.Sensitivity = sn
				return s.UpdateIncident(ctx, i)
			},
			read: func(id int64) vigil.Sensitivity {
				i, err := s.FindIncidentByID(admin, id)
				MustOK(t, err, "reload incident")
				return i.Sensitivity
			},
			create: func(ctx context.Context, sn vigil.Sensitivity) error {
				i := NewIncident("새 사건", vigil.EventArrest, nil)
				i.Sensitivity = sn
				return s.CreateIncident(ctx, i)
			},
		},
		{
			name: "claim", entity: "claims",
			make: func(sn vigil.Sensitivity) int64 {
				c := NewClaim(w.Release, w.Oct9, "about 10", vigil.EventRepatriation, "2023-10-09")
				c.Sensitivity = sn
				return MustCreate(t, s.CreateClaim, c).ID
			},
			set: func(ctx context.Context, id int64, sn vigil.Sensitivity) error {
				c, err := s.FindClaimByID(ctx, id)
				MustOK(t, err, "read claim")
				c.Sensitivity = sn
				return s.UpdateClaim(ctx, c)
			},
			read: func(id int64) vigil.Sensitivity {
				c, err := s.FindClaimByID(admin, id)
				MustOK(t, err, "reload claim")
				return c.Sensitivity
			},
			create: func(ctx context.Context, sn vigil.Sensitivity) error {
				c := NewClaim(w.Release, w.Oct9, "about 20", vigil.EventRepatriation, "2023-10-09")
				c.Sensitivity = sn
				return s.CreateClaim(ctx, c)
			},
		},
		{
			name: "source", entity: "sources",
			make: func(sn vigil.Sensitivity) int64 {
				src := NewSource("제보", "", "C", "2024-01-02")
				src.Sensitivity = sn
				return MustCreate(t, s.CreateSource, src).ID
			},
			set: func(ctx context.Context, id int64, sn vigil.Sensitivity) error {
				src, err := s.FindSourceByID(ctx, id)
				MustOK(t, err, "read source")
				src.Sensitivity = sn
				return s.UpdateSource(ctx, src)
			},
			read: func(id int64) vigil.Sensitivity {
				src, err := s.FindSourceByID(admin, id)
				MustOK(t, err, "reload source")
				return src.Sensitivity
			},
			create: func(ctx context.Context, sn vigil.Sensitivity) error {
				src := NewSource("새 제보", "", "C", "2024-01-03")
				src.Sensitivity = sn
				return s.CreateSource(ctx, src)
			},
		},
		{
			name: "person", entity: "actors",
			make: func(sn vigil.Sensitivity) int64 {
				a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: sn}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "연구원 박"}}
				return MustCreate(t, s.CreateActor, a).ID
			},
			set: func(ctx context.Context, id int64, sn vigil.Sensitivity) error {
				a, err := s.FindActorByID(ctx, id)
				MustOK(t, err, "read person")
				a.Sensitivity = sn
				return s.UpdateActor(ctx, a)
			},
			read: func(id int64) vigil.Sensitivity {
				a, err := s.FindActorByID(admin, id)
				MustOK(t, err, "reload person")
				return a.Sensitivity
			},
			create: func(ctx context.Context, sn vigil.Sensitivity) error {
				return s.CreateActor(ctx, &vigil.Actor{Meta: vigil.Meta{Sensitivity: sn}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "연구원 최"}})
			},
		},
		{
			name: "place", entity: "places",
			make: func(sn vigil.Sensitivity) int64 {
				p := NewPlace(vigil.PlaceFacility, "Shelter", "쉼터", w.Nanning)
				p.Sensitivity = sn
				return MustCreate(t, s.CreatePlace, p).ID
			},
			set: func(ctx context.Context, id int64, sn vigil.Sensitivity) error {
				p, err := s.FindPlaceByID(ctx, id)
				MustOK(t, err, "read place")
				p.Sensitivity = sn
				return s.UpdatePlace(ctx, p)
			},
			read: func(id int64) vigil.Sensitivity {
				p, err := s.FindPlaceByID(admin, id)
				MustOK(t, err, "reload place")
				return p.Sensitivity
			},
			create: func(ctx context.Context, sn vigil.Sensitivity) error {
				p := NewPlace(vigil.PlaceFacility, "Another shelter", "다른 쉼터", w.Nanning)
				p.Sensitivity = sn
				return s.CreatePlace(ctx, p)
			},
		},
	}
	for _, ty := range types {
		t.Run(ty.name, func(t *testing.T) {
			contributor := As(Contributor)
			id := ty.make(vigil.Coalition)
			n := AuditCount(t, s)
			mustRefusedPublish(t, ty.set(contributor, id, vigil.Public), "contributor lowers coalition to public")
			if got := ty.read(id); got != vigil.Coalition || AuditCount(t, s) != n {
				t.Fatalf("a refused lowering wrote: sensitivity %s, %d audit entries (had %d)", got, AuditCount(t, s), n)
			}
			// Raising is not publishing.
			pub := ty.make(vigil.Public)
			MustOK(t, ty.set(contributor, pub, vigil.Coalition), "contributor raises public to coalition")
			if got := ty.read(pub); got != vigil.Coalition {
				t.Fatalf("raised to %s", got)
			}
			mustRefusedPublish(t, ty.set(contributor, pub, vigil.Public), "contributor lowers it back")
			// An editor publishes, audited.
			entries := func() int64 {
				return QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ? AND action = 'update'", ty.entity, id)
			}
			before := entries()
			MustOK(t, ty.set(As(Editor), id, vigil.Public), "editor lowers coalition to public")
			if got := ty.read(id); got != vigil.Public || entries() != before+1 {
				t.Fatalf("editor's lowering: sensitivity %s, %d update entries (want %d)", got, entries(), before+1)
			}
			// Restricted to coalition is lowering too; a contributor cannot
			// even read it, so it is not found.
			secret := ty.make(vigil.Restricted)
			MustOK(t, ty.set(As(Editor), secret, vigil.Coalition), "editor lowers restricted to coalition")
			mustRefusedPublish(t, ty.set(contributor, secret, vigil.Public), "contributor lowers the lowered one")
			// Creating: a contributor creates at coalition, not public.
			mustRefusedPublish(t, ty.create(contributor, vigil.Public), "contributor creates public")
			MustOK(t, ty.create(contributor, vigil.Coalition), "contributor creates coalition")
			MustOK(t, ty.create(As(Editor), vigil.Public), "editor creates public")
		})
	}
	t.Run("import", func(t *testing.T) {
		d := &vigil.Dataset{Places: []*vigil.Place{{Meta: vigil.Meta{ID: 1, Sensitivity: vigil.Public}, Kind: vigil.PlaceCity, Names: vigil.Names{En: "Tumen"}}}}
		_, err := s.Import(As(Contributor), d, vigil.ImportOptions{})
		MustField(t, err, "places[0].sensitivity", "publishes it")
		d.Places[0].Sensitivity = vigil.Coalition
		_, err = s.Import(As(Contributor), d, vigil.ImportOptions{})
		MustOK(t, err, "contributor imports coalition records")
	})
	MustVerify(t, s)
}

func testKeepHidden(t *testing.T, s *store.Store) {
	w := Seed(t, s)
	admin := As(Admin)
	// A write token with public clearance acts as an editor but reads
	// what the public reads: internal notes are hidden from it.
	writer := As(PublishEditor)
	const note = "내부 메모: 제보자 연락처 010-1234"
	t.Run("source", func(t *testing.T) {
		src := NewSource("메모 출처", "", "B", "2024-02-02")
		src.Notes = note
		MustCreate(t, s.CreateSource, src)
		got, err := s.FindSourceByID(writer, src.ID)
		MustOK(t, err, "writer reads")
		if got.Notes != "" {
			t.Fatalf("the writer reads notes %q", got.Notes)
		}
		got.Title.En = "Edited by a public writer"
		MustOK(t, s.UpdateSource(writer, got), "public writer edits")
		if got.Notes != "" {
			t.Fatalf("the update handed back notes %q", got.Notes)
		}
		back, err := s.FindSourceByID(admin, src.ID)
		MustOK(t, err, "reload")
		if back.Notes != note || back.Title.En != "Edited by a public writer" {
			t.Fatalf("after the edit: notes %q, title %q", back.Notes, back.Title.En)
		}
		// A coalition writer sees notes, and may clear them.
		back.Notes = ""
		MustOK(t, s.UpdateSource(As(Contributor), back), "contributor clears notes")
		if again, _ := s.FindSourceByID(admin, src.ID); again.Notes != "" {
			t.Fatalf("a writer who sees notes could not clear them: %q", again.Notes)
		}
	})
	t.Run("claim", func(t *testing.T) {
		c := NewClaim(w.Release, w.Oct9, "about 600", vigil.EventRepatriation, "2023-10-09")
		c.Notes = note
		MustCreate(t, s.CreateClaim, c)
		got, err := s.FindClaimByID(writer, c.ID)
		MustOK(t, err, "writer reads")
		got.Credibility = 3
		MustOK(t, s.UpdateClaim(writer, got), "public writer edits")
		if got.Notes != "" {
			t.Fatalf("the update handed back notes %q", got.Notes)
		}
		if back, _ := s.FindClaimByID(admin, c.ID); back.Notes != note || back.Credibility != 3 {
			t.Fatalf("after the edit: notes %q, credibility %d", back.Notes, back.Credibility)
		}
	})
	t.Run("actor", func(t *testing.T) {
		a := NewOrg("Memo org", "메모 단체")
		a.Notes = note
		MustCreate(t, s.CreateActor, a)
		got, err := s.FindActorByID(writer, a.ID)
		MustOK(t, err, "writer reads")
		got.URL = "https://example.org/"
		MustOK(t, s.UpdateActor(writer, got), "public writer edits")
		if back, _ := s.FindActorByID(admin, a.ID); back.Notes != note || back.URL != "https://example.org/" {
			t.Fatalf("after the edit: notes %q, url %q", back.Notes, back.URL)
		}
	})
	t.Run("protected person", func(t *testing.T) {
		// A writer below restricted clearance reads a protected person
		// under the pseudonym; writing one is refused outright, so the
		// identity can be neither wiped nor replaced by the pseudonym.
		p := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "김보호"},
			Protected: true, Pseudonym: vigil.Names{Ko: "피해 당사자 C"}, OtherNames: []vigil.OtherName{{Name: "김가명"}}}
		MustCreate(t, s.CreateActor, p)
		got, err := s.FindActorByID(As(Contributor), p.ID)
		MustOK(t, err, "contributor reads")
		got.Classification = "affected"
		MustCode(t, s.UpdateActor(As(Contributor), got), vigil.EFORBIDDEN, "coalition writer edits a protected person")
		if back, _ := s.FindActorByID(admin, p.ID); back.Name.Ko != "김보호" || len(back.OtherNames) != 1 || back.Version != 1 {
			t.Fatalf("protected person after a refused edit: %+v", back)
		}
	})
	MustVerify(t, s)
}

func testRefusedDelete(t *testing.T, s *store.Store) {
	w := Seed(t, s)
	// An editor whose clearance is coalition (a write token, say).
	coal := vigil.Viewer{Actor: "token:coalition-writer", Role: vigil.RoleEditor, Clearance: vigil.Coalition, TokenID: 98}
	src := MustCreate(t, s.CreateSource, NewSource("삭제 시험", "", "C", "2024-03-03"))
	secret := NewClaim(src, w.Oct9, "about 7", vigil.EventRepatriation, "2023-10-09")
	secret.Sensitivity = vigil.Restricted
	MustCreate(t, s.CreateClaim, secret)
	n := AuditCount(t, s)
	t.Run("only hidden references", func(t *testing.T) {
		err := s.DeleteSource(As(coal), src.ID, src.Version)
		e := MustCode(t, err, vigil.ECONFLICT, "delete a source only a restricted claim cites")
		if !strings.Contains(e.Message, "records you cannot see") || strings.Contains(e.Message, "1 row") || strings.Contains(e.Message, "claims") {
			t.Fatalf("message %q: want hidden references mentioned without a count or a table", e.Message)
		}
	})
	visible := NewClaim(src, w.Oct9, "about 8", vigil.EventRepatriation, "2023-10-09")
	visible.Sensitivity = vigil.Coalition
	MustCreate(t, s.CreateClaim, visible)
	t.Run("visible and hidden references", func(t *testing.T) {
		n = AuditCount(t, s)
		e := MustCode(t, s.DeleteSource(As(coal), src.ID, src.Version), vigil.ECONFLICT, "delete a source two claims cite")
		if !strings.Contains(e.Message, "1 row (claims.source_id)") || !strings.Contains(e.Message, "other records you cannot see") || strings.Contains(e.Message, "2 rows") {
			t.Fatalf("message %q: want the one visible claim counted and the hidden one unnumbered", e.Message)
		}
	})
	t.Run("a reader who sees them all", func(t *testing.T) {
		e := MustCode(t, s.DeleteSource(As(Editor), src.ID, src.Version), vigil.ECONFLICT, "restricted editor deletes")
		if !strings.Contains(e.Message, "2 rows (claims.source_id)") || strings.Contains(e.Message, "cannot see") {
			t.Fatalf("message %q: want both claims counted", e.Message)
		}
	})
	t.Run("a place under a hidden place and hidden incidents", func(t *testing.T) {
		town := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Tumen", "투먼", nil))
		safe := NewPlace(vigil.PlaceFacility, "Safe house", "안가", town)
		safe.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreatePlace, safe)
		i := NewIncident("비밀 사건", vigil.EventArrest, town)
		i.Sensitivity = vigil.Restricted
		MustCreate(t, s.CreateIncident, i)
		e := MustCode(t, s.DeletePlace(As(coal), town.ID, town.Version), vigil.ECONFLICT, "delete a place only hidden records use")
		if strings.Contains(e.Message, "places.parent_id") || strings.Contains(e.Message, "incidents") || !strings.Contains(e.Message, "cannot see") {
			t.Fatalf("message %q names hidden references", e.Message)
		}
	})
	t.Run("a person with a hidden membership", func(t *testing.T) {
		p := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{En: "Officer Lee"}})
		m := &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, PersonID: p.ID, OrganizationID: w.PublicSecurity.ID, Role: vigil.Names{En: "handler"}}
		MustCreate(t, s.CreateMembership, m)
		e := MustCode(t, s.DeleteActor(As(coal), p.ID, p.Version), vigil.ECONFLICT, "delete a person with a restricted membership")
		if strings.Contains(e.Message, "memberships") || strings.Contains(e.Message, "1 row") {
			t.Fatalf("message %q names the hidden membership", e.Message)
		}
	})
	t.Run("a place only a restricted event is held at", func(t *testing.T) {
		hall := MustCreate(t, s.CreatePlace, NewPlace(vigil.PlaceCity, "Meeting hall", "회의장", nil))
		MustCreate(t, s.CreateEvent, &vigil.Event{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.EventDemonstration,
			Title: vigil.Names{En: "Closed meeting with witnesses"}, Date: "2024-05-09", PlaceID: &hall.ID})
		e := MustCode(t, s.DeletePlace(As(coal), hall.ID, hall.Version), vigil.ECONFLICT, "delete a place a restricted event uses")
		if strings.Contains(e.Message, "events") || !strings.Contains(e.Message, "cannot see") {
			t.Fatalf("message %q names the hidden event", e.Message)
		}
		e = MustCode(t, s.DeletePlace(As(Editor), hall.ID, hall.Version), vigil.ECONFLICT, "restricted editor deletes")
		if !strings.Contains(e.Message, "1 row (events.place_id)") {
			t.Fatalf("message %q: want the event counted for a reader who sees it", e.Message)
		}
	})
	if AuditCount(t, s) != n+7 { // the seven records the last three cases made
		t.Fatalf("refused deletes wrote audit entries: %d, want %d", AuditCount(t, s), n+7)
	}
	if _, err := s.FindSourceByID(As(Admin), src.ID); err != nil {
		t.Fatalf("the source is gone: %v", err)
	}
}

// mustSealed fails unless the raw column holds a ciphertext.
func mustSealed(tb testing.TB, s *store.Store, query string, id int64, what string) {
	tb.Helper()
	if v := QueryString(tb, s, query, id); !strings.HasPrefix(v, "v1:") {
		tb.Fatalf("%s is stored in the clear: %q", what, v)
	}
}

func testChildSensitivity(t *testing.T, s *store.Store) {
	w := seedAdvocacy(t, s)
	admin, editor := As(Admin), As(Editor)
	const role = "연락책 (비공개 역할)"
	person := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "조력자 한"}})
	m := MustCreate(t, s.CreateMembership, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, PersonID: person.ID, OrganizationID: w.org.ID, Role: vigil.Names{Ko: role}})
	t.Run("raising a person raises and seals their memberships", func(t *testing.T) {
		got, err := s.FindMembershipByID(As(Contributor), m.ID)
		MustOK(t, err, "contributor reads the coalition membership")
		if got.Role.Ko != role {
			t.Fatalf("contributor reads role %q", got.Role.Ko)
		}
		p, err := s.FindActorByID(editor, person.ID)
		MustOK(t, err, "read person")
		p.Sensitivity = vigil.Restricted
		MustOK(t, s.UpdateActor(editor, p), "editor restricts the person")
		mustSealed(t, s, "SELECT role_ko FROM memberships WHERE id = ?", m.ID, "the membership's role")
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM audit_log WHERE entity = 'memberships' AND entity_id = ? AND action = 'update' AND actor = ?", m.ID, Editor.Actor); n != 1 {
			t.Fatalf("the raised membership has %d audit entries by the editor", n)
		}
		for _, v := range []vigil.Viewer{Anonymous, Member, Contributor} {
			_, err := s.FindMembershipByID(As(v), m.ID)
			MustCode(t, err, vigil.ENOTFOUND, v.Actor+" reads a restricted person's membership")
			list, n, err := s.FindMemberships(As(v), vigil.MembershipFilter{OrganizationID: &w.org.ID})
			MustOK(t, err, "list memberships")
			if n != 0 || len(list) != 0 {
				t.Fatalf("%s lists %d memberships of the organization", v.Actor, n)
			}
		}
		got, err = s.FindMembershipByID(As(Staff), m.ID)
		MustOK(t, err, "restricted staff read the membership")
		if got.Role.Ko != role || got.Sensitivity != vigil.Restricted {
			t.Fatalf("restricted staff read %q at %s", got.Role.Ko, got.Sensitivity)
		}
	})
	t.Run("lowering the person leaves the membership sealed and readable", func(t *testing.T) {
		p, err := s.FindActorByID(editor, person.ID)
		MustOK(t, err, "read person")
		p.Sensitivity = vigil.Coalition
		MustOK(t, s.UpdateActor(editor, p), "editor lowers the person")
		mustSealed(t, s, "SELECT role_ko FROM memberships WHERE id = ?", m.ID, "the membership's role")
		got, err := s.FindMembershipByID(As(Staff), m.ID)
		MustOK(t, err, "restricted staff read the membership")
		if got.Role.Ko != role {
			t.Fatalf("restricted staff read %q", got.Role.Ko)
		}
		_, err = s.FindMembershipByID(As(Contributor), m.ID)
		MustCode(t, err, vigil.ENOTFOUND, "the membership stays restricted until an editor lowers it")
		got.Sensitivity = vigil.Coalition
		MustOK(t, s.UpdateMembership(editor, got), "editor lowers the membership")
		if v := QueryString(t, s, "SELECT role_ko FROM memberships WHERE id = ?", m.ID); v != role {
			t.Fatalf("the lowered membership's role is stored as %q", v)
		}
		if got, err := s.FindMembershipByID(As(Contributor), m.ID); err != nil || got.Role.Ko != role {
			t.Fatalf("contributor reads %+v, %v", got, err)
		}
	})
	t.Run("a child written under a restricted parent takes its sensitivity", func(t *testing.T) {
		secret := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "비공개 인물"}})
		m2 := MustCreate(t, s.CreateMembership, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: secret.ID, OrganizationID: w.org.ID, Role: vigil.Names{Ko: role}})
		if m2.Sensitivity != vigil.Restricted {
			t.Fatalf("a public membership of a restricted person is stored %s", m2.Sensitivity)
		}
		mustSealed(t, s, "SELECT role_ko FROM memberships WHERE id = ?", m2.ID, "the new membership's role")
	})
	t.Run("an import takes the parent's sensitivity too", func(t *testing.T) {
		d := &vigil.Dataset{
			Actors: []*vigil.Actor{
				{Meta: vigil.Meta{ID: 1, Sensitivity: vigil.Restricted}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "가져온 인물"}},
				{Meta: vigil.Meta{ID: 2, Sensitivity: vigil.Public}, Kind: vigil.ActorOrganization, Name: vigil.Names{En: "Imported org"}},
			},
			Memberships: []*vigil.Membership{{Meta: vigil.Meta{ID: 1, Sensitivity: vigil.Coalition}, PersonID: 1, OrganizationID: 2, Role: vigil.Names{Ko: role}}},
		}
		_, err := s.Import(admin, d, vigil.ImportOptions{})
		MustOK(t, err, "import")
		id := QueryInt(t, s, "SELECT MAX(id) FROM memberships")
		if got := QueryString(t, s, "SELECT sensitivity FROM memberships WHERE id = ?", id); got != "restricted" {
			t.Fatalf("an imported coalition membership of a restricted person is %s", got)
		}
		mustSealed(t, s, "SELECT role_ko FROM memberships WHERE id = ?", id, "the imported membership's role")
	})
	t.Run("raising a campaign raises its asks and seals their history", func(t *testing.T) {
		a, err := s.ChangeAskState(admin, w.ask.ID, w.ask.Version, vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-05-13", SourceID: &w.release.ID, Note: "면담 메모"})
		MustOK(t, err, "ask raised")
		c, err := s.FindCampaignByID(editor, w.campaign.ID)
		MustOK(t, err, "read campaign")
		c.Sensitivity = vigil.Restricted
		MustOK(t, s.UpdateCampaign(editor, c), "editor restricts the campaign")
		mustSealed(t, s, "SELECT text_en FROM asks WHERE id = ?", a.ID, "the ask's text")
		mustSealed(t, s, "SELECT note FROM ask_events WHERE ask_id = ? ORDER BY id DESC LIMIT 1", a.ID, "the ask's history")
		got, err := s.FindAskByID(As(Staff), a.ID)
		MustOK(t, err, "staff read the ask")
		if got.Sensitivity != vigil.Restricted || got.Text.En != w.ask.Text.En {
			t.Fatalf("staff read the ask at %s: %q", got.Sensitivity, got.Text.En)
		}
		hist, err := s.FindAskEvents(As(Staff), a.ID)
		MustOK(t, err, "staff read the history")
		if len(hist) == 0 || hist[len(hist)-1].Note != "면담 메모" {
			t.Fatalf("staff read the history %+v", hist)
		}
		_, err = s.FindAskByID(As(Contributor), a.ID)
		MustCode(t, err, vigil.ENOTFOUND, "contributor reads the ask")
		got.Sensitivity = vigil.Coalition
		MustField(t, s.UpdateAsk(editor, got), "sensitivity", "lower the campaign first")
	})
	t.Run("raising an incident raises its links", func(t *testing.T) {
		l := MustCreate(t, s.CreateLink, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: w.Oct9.ID, ToID: w.More50.ID, Kind: vigil.LinkSameCohort, Note: "같은 무리"})
		i, err := s.FindIncidentByID(editor, w.More50.ID)
		MustOK(t, err, "read incident")
		i.Sensitivity = vigil.Restricted
		MustOK(t, s.UpdateIncident(editor, i), "editor restricts the incident")
		mustSealed(t, s, "SELECT note FROM incident_links WHERE id = ?", l.ID, "the link's note")
		got, err := s.FindLinkByID(As(Staff), l.ID)
		MustOK(t, err, "staff read the link")
		if got.Note != "같은 무리" || got.Sensitivity != vigil.Restricted {
			t.Fatalf("staff read the link %+v", got)
		}
	})
	t.Run("a refused lowering names the parent's level only to a writer cleared for it", func(t *testing.T) {
		// A membership stored below its person, as data written before
		// children followed their parents could be: the person is raised
		// behind the store's back.
		p := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "오래된 기록"}})
		m := MustCreate(t, s.CreateMembership, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: p.ID, OrganizationID: w.org.ID})
		Exec(t, s, "UPDATE actors SET sensitivity = 'coalition', sensitivity_rank = 1 WHERE id = ?", p.ID)
		Exec(t, s, "UPDATE memberships SET sensitivity = 'coalition', sensitivity_rank = 1 WHERE id = ?", m.ID)
		got, err := s.FindMembershipByID(editor, m.ID)
		MustOK(t, err, "editor reads the membership")
		got.Sensitivity = vigil.Public
		MustField(t, s.UpdateMembership(editor, got), "sensitivity", "(coalition)")
		Exec(t, s, "UPDATE actors SET sensitivity = 'restricted', sensitivity_rank = 2 WHERE id = ?", p.ID)
		coalitionEditor := As(vigil.Viewer{Actor: "token:coalition-writer", Role: vigil.RoleEditor, Clearance: vigil.Coalition, TokenID: 98})
		err = s.UpdateMembership(coalitionEditor, got)
		MustField(t, err, "sensitivity", "first")
		if reason := err.(*vigil.Error).Fields["sensitivity"]; strings.Contains(reason, "restricted") {
			t.Fatalf("a writer cleared for coalition is told the parent's level: %q", reason)
		}
	})
	t.Run("letter texts follow their letter both ways", func(t *testing.T) {
		l := &vigil.Letter{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Title: vigil.Names{En: "Draft"}}
		MustOK(t, s.CreateLetter(editor, l, letterText("Body in the clear")), "letter")
		l.Sensitivity = vigil.Restricted
		MustOK(t, s.UpdateLetter(editor, l), "restrict the letter")
		mustSealed(t, s, "SELECT body_en FROM letter_versions WHERE letter_id = ?", l.ID, "the letter's text")
		vs, err := s.FindLetterVersions(As(Staff), l.ID)
		MustOK(t, err, "staff read the texts")
		if len(vs) != 1 || vs[0].Body.En != "Body in the clear" {
			t.Fatalf("staff read %+v", vs)
		}
		l.Sensitivity = vigil.Coalition
		MustOK(t, s.UpdateLetter(editor, l), "lower the letter")
		vs, err = s.FindLetterVersions(As(Contributor), l.ID)
		MustOK(t, err, "contributor reads the texts")
		if len(vs) != 1 || vs[0].Body.En != "Body in the clear" {
			t.Fatalf("contributor reads %+v", vs)
		}
	})
	MustVerify(t, s)
}
