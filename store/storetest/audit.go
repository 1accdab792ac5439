package storetest

import (
	"encoding/json"
	"strings"
	"testing"

	"vigil"
	"vigil/store"
)

// lastEntry returns the newest audit entry.
func lastEntry(tb testing.TB, s *store.Store) *vigil.AuditEntry {
	tb.Helper()
	es, _, err := s.FindAuditEntries(As(Admin), vigil.AuditFilter{Page: vigil.Page{Limit: 1, Sort: "-seq"}})
	MustOK(tb, err, "find audit entries")
	if len(es) == 0 {
		tb.Fatal("no audit entries")
	}
	return es[0]
}

// tamper runs raw SQL on audit_log with its append-only triggers out of
// the way, as an attacker with database access would.
func tamper(tb testing.TB, s *store.Store, query string, args ...any) {
	tb.Helper()
	switch s.Dialect() {
	case store.Postgres:
		Exec(tb, s, "ALTER TABLE audit_log DISABLE TRIGGER USER")
	default:
		Exec(tb, s, "DROP TRIGGER audit_log_no_update")
		Exec(tb, s, "DROP TRIGGER audit_log_no_delete")
	}
	Exec(tb, s, query, args...)
}

func testAudit(t *testing.T, open Opener) {
	t.Run("one entry per mutation", func(t *testing.T) {
		s := open(t)
		ctx := As(Editor)
		p := NewPlace(vigil.PlaceCity, "Hoeryong", "회령", nil)
		src := NewSource("NK News", "", "B", "2024-01-02")
		inc := NewIncident("회령 공개처형", vigil.EventPunishment, nil)
		var c *vigil.Claim
		type logged struct {
			entity  string
			id      int64
			version int
			action  string
			record  any
		}
		steps := []struct {
			name string
			do   func() logged
		}{
			{"create place", func() logged {
				MustOK(t, s.CreatePlace(ctx, p), "create place")
				return logged{"places", p.ID, 1, vigil.ActionCreate, p}
			}},
			{"update place", func() logged {
				p.Names.Zh = "会宁"
				MustOK(t, s.UpdatePlace(ctx, p), "update place")
				return logged{"places", p.ID, 2, vigil.ActionUpdate, p}
			}},
			{"create source", func() logged {
				MustOK(t, s.CreateSource(ctx, src), "create source")
				return logged{"sources", src.ID, 1, vigil.ActionCreate, src}
			}},
			{"create incident", func() logged {
				MustOK(t, s.CreateIncident(ctx, inc), "create incident")
				return logged{"incidents", inc.ID, 1, vigil.ActionCreate, inc}
			}},
			{"create claim", func() logged {
				c = NewClaim(src, inc, "7", vigil.EventPunishment, "2024-01-01")
				MustOK(t, s.CreateClaim(ctx, c), "create claim")
				return logged{"claims", c.ID, 1, vigil.ActionCreate, c}
			}},
			{"delete claim", func() logged {
				MustOK(t, s.DeleteClaim(ctx, c.ID, c.Version), "delete claim")
				return logged{"claims", c.ID, 1, vigil.ActionDelete, c}
			}},
		}
		for _, st := range steps {
			before := AuditCount(t, s)
			l := st.do()
			if got := AuditCount(t, s); got != before+1 {
				t.Fatalf("%s added %d audit entries, want 1", st.name, got-before)
			}
			e := lastEntry(t, s)
			if e.Entity != l.entity || e.EntityID != l.id || e.Version != l.version || e.Action != l.action || e.Actor != Editor.Actor {
				t.Fatalf("%s logged %s %s %d v%d by %s", st.name, e.Action, e.Entity, e.EntityID, e.Version, e.Actor)
			}
			want, err := json.Marshal(l.record)
			MustOK(t, err, "marshal record")
			if string(e.Data) != string(want) {
				t.Fatalf("%s logged data\n%s\nwant the whole record\n%s", st.name, e.Data, want)
			}
		}
		v := MustVerify(t, s)
		if v.Entries != int64(AuditCount(t, s)) {
			t.Fatalf("verified %d of %d entries", v.Entries, AuditCount(t, s))
		}
	})
	t.Run("append-only", func(t *testing.T) {
		s := open(t)
		Seed(t, s)
		for _, query := range []string{"UPDATE audit_log SET actor = 'mallory' WHERE seq = 1", "DELETE FROM audit_log WHERE seq = 1"} {
			if _, err := s.DB().Exec(query); err == nil {
				t.Fatalf("%q succeeded on the append-only log", query)
			} else if !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%q failed with %v, want the trigger's message", query, err)
			}
		}
		MustVerify(t, s)
	})
	tampering := []struct {
		name   string
		query  string
		broken int64
		reason string
	}{
		{"altered row", "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3", 3, "hash mismatch at seq 3"},
		{"altered data", "UPDATE audit_log SET data = REPLACE(data, '600', '60') WHERE seq = 17", 17, "hash mismatch at seq 17"},
		{"removed row", "DELETE FROM audit_log WHERE seq = 5", 5, "gap in seq"},
		{"truncated end", "DELETE FROM audit_log WHERE seq > 10", 11, "missing"},
	}
	for _, tt := range tampering {
		t.Run("tampering: "+tt.name, func(t *testing.T) {
			s := open(t)
			Seed(t, s)
			MustVerify(t, s)
			tamper(t, s, tt.query)
			v, err := s.VerifyAudit(As(Admin))
			MustOK(t, err, "verify")
			if v.OK || v.FirstBroken != tt.broken || !strings.Contains(v.Reason, tt.reason) {
				t.Fatalf("verify after %s: %+v, want first broken %d (%s)", tt.name, v, tt.broken, tt.reason)
			}
		})
	}
	t.Run("reading needs restricted clearance", func(t *testing.T) {
		s := open(t)
		w := Seed(t, s)
		for _, v := range []vigil.Viewer{Anonymous, Member, Contributor} {
			_, _, err := s.FindAuditEntries(As(v), vigil.AuditFilter{})
			MustCode(t, err, vigil.EFORBIDDEN, "read audit as "+v.Actor)
			_, err = s.VerifyAudit(As(v))
			MustCode(t, err, vigil.EFORBIDDEN, "verify audit as "+v.Actor)
		}
		es, n, err := s.FindAuditEntries(As(Staff), vigil.AuditFilter{Entity: "incidents", EntityID: &w.Oct9.ID})
		MustOK(t, err, "read audit as staff")
		if n != 1 || len(es) != 1 || es[0].Action != vigil.ActionCreate {
			t.Fatalf("entries of incident %d: %d", w.Oct9.ID, n)
		}
		all, n, err := s.FindAuditEntries(As(Staff), vigil.AuditFilter{Page: vigil.Page{Limit: 5, Offset: 2}})
		MustOK(t, err, "page audit")
		if len(all) != 5 || all[0].Seq != 3 || n != AuditCount(t, s) {
			t.Fatalf("page: %d entries from seq %d of %d", len(all), all[0].Seq, n)
		}
	})
}
