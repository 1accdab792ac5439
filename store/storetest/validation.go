package storetest

import (
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

func testMigrations(t *testing.T, open Opener) {
	t.Run("applied once", func(t *testing.T) {
		s := open(t)
		ms, err := s.MigrationStatus(As(Admin))
		MustOK(t, err, "migration status")
		if len(ms) == 0 {
			t.Fatal("no migrations")
		}
		for _, m := range ms {
			if m.AppliedAt == nil {
				t.Fatalf("migration %s not applied", m.Name)
			}
		}
		again, err := s.Migrate(As(Admin))
		MustOK(t, err, "migrate again")
		if len(again) != 0 {
			t.Fatalf("second Migrate applied %d migrations", len(again))
		}
		if n := QueryInt(t, s, "SELECT COUNT(*) FROM schema_migrations"); n != int64(len(ms)) {
			t.Fatalf("schema_migrations has %d rows, want %d", n, len(ms))
		}
	})
	t.Run("same numbering in both dialects", func(t *testing.T) {
		lite, err := store.Migrations(store.SQLite)
		MustOK(t, err, "sqlite migrations")
		pg, err := store.Migrations(store.Postgres)
		MustOK(t, err, "postgres migrations")
		if len(lite) != len(pg) {
			t.Fatalf("%d sqlite migrations, %d postgres", len(lite), len(pg))
		}
		for i := range lite {
			if lite[i].Name != pg[i].Name {
				t.Fatalf("migration %d is %s on sqlite and %s on postgres", i+1, lite[i].Name, pg[i].Name)
			}
		}
	})
	t.Run("changed checksum refused", func(t *testing.T) {
		s := open(t)
		Exec(t, s, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1")
		_, err := s.Migrate(As(Admin))
		MustMessage(t, err, "was changed after it was applied")
	})
	t.Run("unknown migration refused", func(t *testing.T) {
		s := open(t)
		Exec(t, s, "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, '9999_future.sql', 'x', '2030-01-01T00:00:00.000000Z')")
		_, err := s.Migrate(As(Admin))
		MustMessage(t, err, "does not know")
	})
}

func testValidation(t *testing.T, open Opener) {
	s := open(t)
	ctx := As(Admin)
	w := Seed(t, s)
	n := AuditCount(t, s)
	t.Run("source fields", func(t *testing.T) {
		src := &vigil.Source{Meta: vigil.Meta{Sensitivity: vigil.Public}, URL: "ftp://example.org", Reliability: "Z"}
		err := s.CreateSource(ctx, src)
		MustField(t, err, "publisher", "required")
		MustField(t, err, "url", "not an http(s) URL")
		MustField(t, err, "reliability", "Admiralty")
		if e := MustCode(t, err, vigil.EINVALID, "source"); e.Message != "invalid source" {
			t.Fatalf("message %q: the record's own validation error must come back unchanged", e.Message)
		}
		if src.ID != 0 {
			t.Fatalf("failed create set id %d", src.ID)
		}
	})
	t.Run("claim fields", func(t *testing.T) {
		c := &vigil.Claim{Meta: vigil.Meta{Sensitivity: vigil.Public}, Event: "deportation", Date: "2024-13-45", Credibility: 9}
		err := s.CreateClaim(ctx, c)
		MustField(t, err, "source_id", "required")
		MustField(t, err, "figure", "required")
		MustField(t, err, "event", "not an event type")
		MustField(t, err, "credibility", "grade")
		if _, ok := vigil.ErrorFields(err)["date"]; !ok {
			t.Fatalf("error %v does not name date", err)
		}
	})
	t.Run("claim figure inconsistent", func(t *testing.T) {
		c := NewClaim(w.Release, w.Oct9, "", vigil.EventRepatriation, "")
		c.Figure = figure.Figure{Qualifier: figure.Range, Low: Ptr(60), High: Ptr(50)}
		MustField(t, s.CreateClaim(ctx, c), "figure", "")
	})
	t.Run("incident fields", func(t *testing.T) {
		i := &vigil.Incident{Meta: vigil.Meta{Sensitivity: "secret"}, Event: vigil.EventRepatriation,
			Override: &vigil.FigureOverride{Best: 10, Low: Ptr(20)}}
		err := s.CreateIncident(ctx, i)
		MustField(t, err, "title", "required")
		MustField(t, err, "sensitivity", "not one of")
		MustField(t, err, "override.rationale", "required")
		MustField(t, err, "override", "low ≤ best")
	})
	t.Run("incident places", func(t *testing.T) {
		i := NewIncident("중복 장소", vigil.EventArrest, nil)
		i.Places = []vigil.IncidentPlace{{PlaceID: w.Nanning.ID, Role: vigil.RoleLocation}, {PlaceID: w.Nanning.ID, Role: vigil.RoleLocation}}
		MustField(t, s.CreateIncident(ctx, i), "places", "repeats")
		i.Places = []vigil.IncidentPlace{{PlaceID: w.Nanning.ID, Role: "somewhere"}}
		MustField(t, s.CreateIncident(ctx, i), "places", "not a role")
	})
	t.Run("place and actor fields", func(t *testing.T) {
		p := NewPlace("planet", "", "", nil)
		p.Lat = Ptr(91.0)
		err := s.CreatePlace(ctx, p)
		MustField(t, err, "kind", "not a place kind")
		MustField(t, err, "names", "required")
		MustField(t, err, "lat", "")
		a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Kind: vigil.ActorOrganization, Name: vigil.Names{Ko: "단체"}, Protected: true}
		err = s.CreateActor(ctx, a)
		MustField(t, err, "protected", "only a person")
		MustField(t, err, "pseudonym", "required")
	})
	t.Run("law fields", func(t *testing.T) {
		MustField(t, s.CreateInstrument(ctx, &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "Bad Code!"}), "code", "lowercase")
		MustField(t, s.CreateStateParty(ctx, &vigil.StateParty{Meta: vigil.Meta{Sensitivity: vigil.Public}, CountryCode: "CHN"}), "country_code", "alpha-2")
		MustField(t, s.CreateViolation(ctx, &vigil.Violation{Meta: vigil.Meta{Sensitivity: vigil.Public}}), "incident_id", "required")
		MustField(t, s.CreateLink(ctx, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: 1, ToID: 1, Kind: vigil.LinkPartOf}), "to_id", "itself")
	})
	t.Run("filters and pages", func(t *testing.T) {
		_, _, err := s.FindIncidents(ctx, vigil.IncidentFilter{From: "2024-13-01", To: "24-05-31"})
		MustField(t, err, "from", "YYYY-MM-DD")
		MustField(t, err, "to", "YYYY-MM-DD")
		_, _, err = s.FindSources(ctx, vigil.SourceFilter{Page: vigil.Page{Limit: 1000, Offset: -1, Sort: "-quote"}})
		MustField(t, err, "limit", "between")
		MustField(t, err, "offset", "negative")
		MustField(t, err, "sort", "must be one of")
	})
	t.Run("nothing written", func(t *testing.T) {
		if got := AuditCount(t, s); got != n {
			t.Fatalf("audit entries grew from %d to %d on failed writes", n, got)
		}
		if c := QueryInt(t, s, "SELECT COUNT(*) FROM incidents"); c != 4 {
			t.Fatalf("%d incidents, want the 4 seeded", c)
		}
	})
}

func testReferences(t *testing.T, open Opener) {
	s := open(t)
	ctx := As(Admin)
	w := Seed(t, s)
	t.Run("missing source names the field", func(t *testing.T) {
		c := NewClaim(w.Release, w.Oct9, "about 100", vigil.EventRepatriation, "2023-10-09")
		c.SourceID, c.PlaceID = 999999, Ptr(int64(888888))
		err := s.CreateClaim(ctx, c)
		MustField(t, err, "source_id", "references a source that does not exist")
		MustField(t, err, "place_id", "references a place that does not exist")
	})
	t.Run("missing incident on update", func(t *testing.T) {
		cs, _, err := s.FindClaims(ctx, vigil.ClaimFilter{IncidentID: &w.Oct9.ID})
		MustOK(t, err, "find claims")
		c := cs[0]
		c.IncidentID = Ptr(int64(777777))
		MustField(t, s.UpdateClaim(ctx, c), "incident_id", "references an incident that does not exist")
	})
	t.Run("delete of referenced records", func(t *testing.T) {
		err := s.DeleteSource(ctx, w.Release.ID, w.Release.Version)
		MustCode(t, err, vigil.ECONFLICT, "delete cited source")
		MustMessage(t, err, "still referenced by")
		MustMessage(t, err, "claims")
		MustCode(t, s.DeletePlace(ctx, w.Jilin.ID, w.Jilin.Version), vigil.ECONFLICT, "delete place with children")
		MustCode(t, s.DeleteActor(ctx, w.NKHR.ID, w.NKHR.Version), vigil.ECONFLICT, "delete publisher")
		err = s.DeleteIncident(ctx, w.Oct9.ID, w.Oct9.Version)
		MustCode(t, err, vigil.ECONFLICT, "delete incident with claims")
		MustMessage(t, err, "claims.incident_id")
		if _, err := s.FindIncidentByID(ctx, w.Oct9.ID); err != nil {
			t.Fatalf("incident gone after refused delete: %v", err)
		}
	})
	t.Run("posts and memberships check actor kinds", func(t *testing.T) {
		person := MustCreate(t, s.CreateActor, &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: "왕이"}})
		MustField(t, s.CreatePost(ctx, &vigil.Post{Meta: vigil.Meta{Sensitivity: vigil.Public}, OrganizationID: person.ID, Label: vigil.Names{Ko: "장관"}}),
			"organization_id", "is a person")
		post := MustCreate(t, s.CreatePost, &vigil.Post{Meta: vigil.Meta{Sensitivity: vigil.Public}, OrganizationID: w.DailyNK.ID, Label: vigil.Names{Ko: "기자"}})
		err := s.CreateMembership(ctx, &vigil.Membership{Meta: vigil.Meta{Sensitivity: vigil.Public}, PersonID: w.NKHR.ID, OrganizationID: w.NKHR.ID, PostID: &post.ID})
		MustField(t, err, "person_id", "not a person")
		MustField(t, err, "post_id", "belongs to organization")
	})
	t.Run("duplicates are conflicts", func(t *testing.T) {
		MustCreate(t, s.CreateInstrument, &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "cat", Name: vigil.Names{En: "CAT"}})
		err := s.CreateInstrument(ctx, &vigil.Instrument{Meta: vigil.Meta{Sensitivity: vigil.Public}, Code: "CAT", Name: vigil.Names{En: "again"}})
		MustCode(t, err, vigil.ECONFLICT, "duplicate instrument code")
		MustMessage(t, err, "code")
		l := &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: w.Baishan200.ID, ToID: w.More50.ID, Kind: vigil.LinkFollowUpOf}
		MustCreate(t, s.CreateLink, l)
		dup := *l
		dup.ID = 0
		MustCode(t, s.CreateLink(ctx, &dup), vigil.ECONFLICT, "duplicate link")
	})
	t.Run("place parent cycle", func(t *testing.T) {
		jilin, err := s.FindPlaceByID(ctx, w.Jilin.ID)
		MustOK(t, err, "find place")
		jilin.ParentID = &w.BaishanDC.ID
		MustField(t, s.UpdatePlace(ctx, jilin), "parent_id", "cycle")
	})
}
