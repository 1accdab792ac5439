package storetest

import (
	"fmt"
	"testing"

	"vigil"
)

func link(from, to *vigil.Incident, kind vigil.LinkKind) *vigil.IncidentLink {
	return &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: from.ID, ToID: to.ID, Kind: kind}
}

func path(ids ...int64) string {
	s := "/"
	for _, id := range ids {
		s += fmt.Sprint(id) + "/"
	}
	return s
}

func testLinks(t *testing.T, open Opener) {
	t.Run("part_of sets parent and ancestors", func(t *testing.T) {
		s := open(t)
		ctx := As(Editor)
		var inc [4]*vigil.Incident
		for n := range inc {
			inc[n] = MustCreate(t, s.CreateIncident, NewIncident(fmt.Sprintf("사건 %d", n), vigil.EventRepatriation, nil))
		}
		a, b, c, d := inc[0], inc[1], inc[2], inc[3]
		ab := MustCreate(t, s.CreateLink, link(a, b, vigil.LinkPartOf)) // a ⊂ b
		if got := Reload(t, s, a); got.ParentID == nil || *got.ParentID != b.ID || ancestors(t, s, a.ID) != path(b.ID) {
			t.Fatalf("a: parent %v ancestors %q", got.ParentID, ancestors(t, s, a.ID))
		}
		// b ⊂ c moves a's whole subtree.
		bc := MustCreate(t, s.CreateLink, link(b, c, vigil.LinkPartOf))
		if ancestors(t, s, a.ID) != path(c.ID, b.ID) || ancestors(t, s, b.ID) != path(c.ID) {
			t.Fatalf("after b ⊂ c: a %q b %q", ancestors(t, s, a.ID), ancestors(t, s, b.ID))
		}
		t.Run("second parent refused", func(t *testing.T) {
			MustField(t, s.CreateLink(ctx, link(a, d, vigil.LinkPartOf)), "from_id", "already part of")
		})
		t.Run("cycle refused", func(t *testing.T) {
			MustField(t, s.CreateLink(ctx, link(c, a, vigil.LinkPartOf)), "to_id", "cycle")
			MustField(t, s.CreateLink(ctx, link(b, a, vigil.LinkPartOf)), "from_id", "already part of")
			// Re-pointing b ⊂ c to b ⊂ a would close a cycle too.
			moved := *bc
			moved.ToID = a.ID
			MustField(t, s.UpdateLink(ctx, &moved), "to_id", "cycle")
		})
		t.Run("re-pointing moves the subtree", func(t *testing.T) {
			moved := *bc
			moved.ToID = d.ID
			MustOK(t, s.UpdateLink(ctx, &moved), "re-point b to d")
			*bc = moved
			if ancestors(t, s, a.ID) != path(d.ID, b.ID) || *Reload(t, s, b).ParentID != d.ID {
				t.Fatalf("after b ⊂ d: a %q", ancestors(t, s, a.ID))
			}
		})
		t.Run("deleting the link frees the child", func(t *testing.T) {
			MustOK(t, s.DeleteLink(ctx, bc.ID, bc.Version), "delete b ⊂ d")
			if got := Reload(t, s, b); got.ParentID != nil || ancestors(t, s, b.ID) != "/" || ancestors(t, s, a.ID) != path(b.ID) {
				t.Fatalf("after delete: b parent %v, a %q", got.ParentID, ancestors(t, s, a.ID))
			}
			MustOK(t, s.DeleteLink(ctx, ab.ID, ab.Version), "delete a ⊂ b")
			if Reload(t, s, a).ParentID != nil {
				t.Fatal("a keeps a parent")
			}
		})
		MustVerify(t, s)
	})
	t.Run("same_cohort components", func(t *testing.T) {
		s := open(t)
		ctx := As(Editor)
		var inc [5]*vigil.Incident
		events := []vigil.EventType{vigil.EventArrest, vigil.EventDetention, vigil.EventRepatriation, vigil.EventArrest, vigil.EventRepatriation}
		for n := range inc {
			inc[n] = MustCreate(t, s.CreateIncident, NewIncident(fmt.Sprintf("난닝 %d", n), events[n], nil))
		}
		cohort := func(i *vigil.Incident) int64 {
			return Reload(t, s, &vigil.Incident{Meta: vigil.Meta{ID: i.ID}}).CohortID
		}
		for _, i := range inc {
			if cohort(i) != i.ID {
				t.Fatalf("a lone incident's cohort is %d, want its id %d", cohort(i), i.ID)
			}
		}
		// Links point either way; the cohort is the smallest id.
		MustCreate(t, s.CreateLink, link(inc[1], inc[0], vigil.LinkSameCohort))
		bridge := MustCreate(t, s.CreateLink, link(inc[2], inc[1], vigil.LinkSameCohort))
		MustCreate(t, s.CreateLink, link(inc[3], inc[4], vigil.LinkSameCohort))
		for n, want := range []int64{inc[0].ID, inc[0].ID, inc[0].ID, inc[3].ID, inc[3].ID} {
			if got := cohort(inc[n]); got != want {
				t.Fatalf("incident %d cohort %d, want %d", n, got, want)
			}
		}
		join := MustCreate(t, s.CreateLink, link(inc[4], inc[2], vigil.LinkSameCohort))
		for n := range inc {
			if got := cohort(inc[n]); got != inc[0].ID {
				t.Fatalf("joined: incident %d cohort %d, want %d", n, got, inc[0].ID)
			}
		}
		// Deleting a bridge splits the component again.
		MustOK(t, s.DeleteLink(ctx, bridge.ID, bridge.Version), "delete bridge")
		for n, want := range []int64{inc[0].ID, inc[0].ID, inc[2].ID, inc[2].ID, inc[2].ID} {
			if got := cohort(inc[n]); got != want {
				t.Fatalf("split: incident %d cohort %d, want %d", n, got, want)
			}
		}
		// Changing a link's kind takes it out of the cohort.
		join.Kind = vigil.LinkFollowUpOf
		MustOK(t, s.UpdateLink(ctx, join), "make follow_up_of")
		if cohort(inc[2]) != inc[2].ID || cohort(inc[4]) != inc[3].ID {
			t.Fatalf("after kind change: %d %d", cohort(inc[2]), cohort(inc[4]))
		}
		MustVerify(t, s)
	})
}
