package storetest

import (
	"testing"

	"vigil"
	"vigil/figure"
	"vigil/store"
)

// mustFigure fails unless i's figure is low/best/high (nil pointers for
// unknown low and unbounded high).
func mustFigure(tb testing.TB, i *vigil.Incident, low *int, best int, high *int) {
	tb.Helper()
	f := i.Figure
	if f == nil {
		tb.Fatalf("incident %d has no figure, want best %d", i.ID, best)
	}
	if f.Best != best || !sameInt(f.Low, low) || !sameInt(f.High, high) {
		tb.Fatalf("incident %d figure %s, want %s", i.ID, fmtIv(*f), fmtIv(figure.Interval{Low: low, Best: best, High: high}))
	}
}

func sameInt(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func fmtIv(iv figure.Interval) string {
	s := func(p *int) string {
		if p == nil {
			return "null"
		}
		return itoa(*p)
	}
	return s(iv.Low) + "/" + itoa(iv.Best) + "/" + s(iv.High)
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func testDerive(t *testing.T, open Opener) {
	t.Run("figure, date and counts follow claims", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		ctx := As(Editor)
		i := w.Baishan200
		mustFigure(t, i, Ptr(180), 200, Ptr(220))
		if i.FigureBasis != vigil.BasisClaims || i.ClaimCount != 1 || i.Corroboration != 1 || i.PreferredClaimID == nil || i.Conflict {
			t.Fatalf("derived %+v", i)
		}
		if i.Date != "2024-04-26" || i.DateStart != "2024-04-26" || i.FigureRationale == "" {
			t.Fatalf("derived date %q/%q rationale %q", i.Date, i.DateStart, i.FigureRationale)
		}
		// A better-graded claim becomes the preferred one.
		c := NewClaim(w.Relay, i, "about 210", vigil.EventRepatriation, "2024-04-25")
		c.Credibility = 1
		MustCreate(t, s.CreateClaim, c)
		Reload(t, s, i)
		mustFigure(t, i, Ptr(189), 210, Ptr(231))
		if *i.PreferredClaimID != c.ID || i.ClaimCount != 2 || i.Corroboration != 2 || i.Date != "2024-04-25" {
			t.Fatalf("after a second claim: preferred %d count %d corroboration %d date %s", *i.PreferredClaimID, i.ClaimCount, i.Corroboration, i.Date)
		}
		version := i.Version
		// Changing the claim's figure re-derives; it is not an edit of the incident.
		c.Figure = figure.Figure{Text: "about 220"}
		MustOK(t, s.UpdateClaim(ctx, c), "update claim")
		Reload(t, s, i)
		mustFigure(t, i, Ptr(198), 220, Ptr(242))
		if i.Version != version {
			t.Fatalf("re-derivation changed the incident's version %d → %d", version, i.Version)
		}
		// Moving the claim to another incident re-derives both.
		c.IncidentID = &w.More50.ID
		MustOK(t, s.UpdateClaim(ctx, c), "move claim")
		Reload(t, s, i)
		mustFigure(t, i, Ptr(180), 200, Ptr(220))
		if m := Reload(t, s, w.More50); m.ClaimCount != 2 {
			t.Fatalf("target incident has %d claims", m.ClaimCount)
		}
		// Deleting the last claim leaves no figure.
		cs, _, err := s.FindClaims(ctx, vigil.ClaimFilter{IncidentID: &i.ID})
		MustOK(t, err, "find claims")
		MustOK(t, s.DeleteClaim(ctx, cs[0].ID, cs[0].Version), "delete claim")
		Reload(t, s, i)
		if i.Figure != nil || i.FigureBasis != vigil.BasisNone || i.ClaimCount != 0 || i.PreferredClaimID != nil || i.Date != "" {
			t.Fatalf("without claims: figure %v basis %s count %d date %q", i.Figure, i.FigureBasis, i.ClaimCount, i.Date)
		}
		MustVerify(t, s)
	})
	t.Run("corroboration counts origins not URLs", func(t *testing.T) {
		s := open(t)
		i := MustCreate(t, s.CreateIncident, NewIncident("회령 북송", vigil.EventRepatriation, nil))
		origin := "Anonymous source in  North Hamgyong Province"
		a := MustCreate(t, s.CreateSource, NewSource("Daily NK", origin, "C", "2024-04-29"))
		b := MustCreate(t, s.CreateSource, NewSource("RFA", "anonymous source in North Hamgyong province", "C", "2024-04-30"))
		MustCreate(t, s.CreateClaim, NewClaim(a, i, "about 200", vigil.EventRepatriation, "2024-04-26"))
		MustCreate(t, s.CreateClaim, NewClaim(b, i, "about 200", vigil.EventRepatriation, "2024-04-26"))
		if got := Reload(t, s, i); got.Corroboration != 1 || got.ClaimCount != 2 {
			t.Fatalf("two relays of one origin: corroboration %d of %d claims, want 1", got.Corroboration, got.ClaimCount)
		}
		c := MustCreate(t, s.CreateSource, NewSource("NKHR", "", "B", "2024-05-20"))
		MustCreate(t, s.CreateClaim, NewClaim(c, i, "200여 명", vigil.EventRepatriation, "2024-04-26"))
		if got := Reload(t, s, i); got.Corroboration != 2 {
			t.Fatalf("a second origin: corroboration %d, want 2", got.Corroboration)
		}
		// Editing a source's origin re-derives its incidents.
		b.RelayedFrom = "RFA reporter in Hyesan"
		MustOK(t, s.UpdateSource(As(Editor), b), "update source")
		if got := Reload(t, s, i); got.Corroboration != 3 {
			t.Fatalf("after the source changed origin: corroboration %d, want 3", got.Corroboration)
		}
	})
	t.Run("conflict and its resolution", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		ctx := As(Editor)
		i := w.Oct9
		c := MustCreate(t, s.CreateClaim, NewClaim(w.Relay, i, "50-60", vigil.EventRepatriation, "2023-10-09"))
		Reload(t, s, i)
		if !i.Conflict {
			t.Fatal("non-overlapping claims (some 600, 50-60) do not conflict")
		}
		if got, _, err := s.FindIncidents(ctx, vigil.IncidentFilter{Conflict: Ptr(true)}); err != nil || len(got) != 1 || got[0].ID != i.ID {
			t.Fatalf("conflict filter: %v %v", got, err)
		}
		i.ConflictResolution = "50~60명은 별도 집단으로 확인됨"
		MustOK(t, s.UpdateIncident(ctx, i), "resolve")
		if i.Conflict || i.Version != 2 {
			t.Fatalf("resolved incident reports conflict %v, version %d", i.Conflict, i.Version)
		}
		Reload(t, s, i)
		if i.Conflict || i.ConflictResolution == "" {
			t.Fatal("resolution not stored")
		}
		// A change to the incident's claims clears the resolution: it was
		// about a set of claims that no longer exists.
		n := AuditCount(t, s)
		c.Figure = figure.Figure{Text: "about 70"}
		MustOK(t, s.UpdateClaim(ctx, c), "change a claim")
		Reload(t, s, i)
		if !i.Conflict || i.ConflictResolution != "" || i.Version != 3 {
			t.Fatalf("after a claim changed: conflict %v resolution %q version %d", i.Conflict, i.ConflictResolution, i.Version)
		}
		if AuditCount(t, s) != n+2 {
			t.Fatalf("clearing a resolution logged %d entries, want the claim's and the incident's", AuditCount(t, s)-n)
		}
		es, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Page: vigil.Page{Limit: 2, Sort: "-seq"}})
		MustOK(t, err, "read audit")
		if es[1].Entity != "claims" || es[0].Entity != "incidents" || es[0].EntityID != i.ID || es[0].Version != 3 || es[0].Actor != Editor.Actor {
			t.Fatalf("log order: %s %d then %s %d v%d, want the claim's change, then the incident's", es[1].Entity, es[1].EntityID, es[0].Entity, es[0].EntityID, es[0].Version)
		}
		// Deleting the odd claim ends the conflict.
		MustOK(t, s.DeleteClaim(ctx, c.ID, c.Version), "delete claim")
		if Reload(t, s, i).Conflict {
			t.Fatal("conflict remains after the conflicting claim is gone")
		}
		MustVerify(t, s)
	})
	t.Run("override wins over claims", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		ctx := As(Editor)
		i := w.Nanning60
		mustFigure(t, i, Ptr(61), 61, nil)
		i.Override = &vigil.FigureOverride{Low: Ptr(61), Best: 70, High: Ptr(90), Rationale: "현지 단체 추산"}
		MustOK(t, s.UpdateIncident(ctx, i), "override")
		Reload(t, s, i)
		mustFigure(t, i, Ptr(61), 70, Ptr(90))
		if i.FigureBasis != vigil.BasisEditor || i.FigureRationale != "현지 단체 추산" || i.ClaimCount != 1 {
			t.Fatalf("override: basis %s rationale %q", i.FigureBasis, i.FigureRationale)
		}
		// New claims do not move an overridden figure.
		MustCreate(t, s.CreateClaim, NewClaim(w.Relay, i, "about 100", vigil.EventArrest, "2024-05-06"))
		mustFigure(t, Reload(t, s, i), Ptr(61), 70, Ptr(90))
		i.Override = nil
		MustOK(t, s.UpdateIncident(ctx, i), "remove override")
		if Reload(t, s, i).FigureBasis != vigil.BasisClaims {
			t.Fatalf("without override the basis is %s", i.FigureBasis)
		}
	})
	t.Run("editor date is kept", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		i := w.More50
		i.Date, i.DateBasis, i.DateRationale = "2024-04", vigil.BasisEditor, "월 단위로만 확인"
		MustOK(t, s.UpdateIncident(As(Editor), i), "set editor date")
		MustCreate(t, s.CreateClaim, NewClaim(w.Release, i, "55", vigil.EventRepatriation, "2024-04-20"))
		if got := Reload(t, s, i); got.Date != "2024-04" || got.DateStart != "2024-04-01" || got.DateEnd != "2024-04-30" {
			t.Fatalf("editor date became %q %q %q", got.Date, got.DateStart, got.DateEnd)
		}
	})
	t.Run("source grade re-derives the preferred claim", func(t *testing.T) {
		s := open(t)
		i := MustCreate(t, s.CreateIncident, NewIncident("혜산 체포", vigil.EventArrest, nil))
		good := MustCreate(t, s.CreateSource, NewSource("A", "", "B", "2024-01-01"))
		poor := MustCreate(t, s.CreateSource, NewSource("B", "", "D", "2024-01-01"))
		MustCreate(t, s.CreateClaim, NewClaim(good, i, "30", vigil.EventArrest, "2024-01-01"))
		MustCreate(t, s.CreateClaim, NewClaim(poor, i, "35", vigil.EventArrest, "2024-01-01"))
		mustFigure(t, Reload(t, s, i), Ptr(30), 30, Ptr(30))
		poor.Reliability = "A"
		MustOK(t, s.UpdateSource(As(Editor), poor), "regrade source")
		mustFigure(t, Reload(t, s, i), Ptr(35), 35, Ptr(35))
	})
}

// ancestors reads an incident's materialized part_of path.
func ancestors(tb testing.TB, s *store.Store, id int64) string {
	tb.Helper()
	return QueryString(tb, s, "SELECT ancestors FROM incidents WHERE id = ?", id)
}
