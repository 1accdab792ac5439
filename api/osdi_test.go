package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vigil"
)

// osdiPage is one page of an OSDI collection.
type osdiPage struct {
	Page       int `json:"page"`
	PerPage    int `json:"per_page"`
	TotalPages int `json:"total_pages"`
	Total      int `json:"total_records"`
	Links      struct {
		Self struct {
			Href string `json:"href"`
		} `json:"self"`
		Next *struct {
			Href string `json:"href"`
		} `json:"next"`
		Prev *struct {
			Href string `json:"href"`
		} `json:"prev"`
	} `json:"_links"`
	Embedded map[string][]osdiRecord `json:"_embedded"`
}

type osdiRecord struct {
	Identifiers []string `json:"identifiers"`
	Links       struct {
		Self  struct{ Href string } `json:"self"`
		Event struct{ Href string } `json:"osdi:event"`
		Org   struct{ Href string } `json:"vigil:organization"`
	} `json:"_links"`
}

// walkOSDI follows a collection's next links from its first page and
// returns every record, checking each page's bookkeeping on the way.
func walkOSDI(t *testing.T, f *fixture, coll, first string) ([]osdiRecord, int) {
	t.Helper()
	var all []osdiRecord
	url, want, total, pages := first, 1, -1, -1
	for url != "" {
		r := f.do(t, "GET", url, "", nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", url, r.status, r.body)
		}
		var pg osdiPage
		r.json(t, &pg)
		if total == -1 {
			total, pages = pg.Total, pg.TotalPages
		}
		if pg.Page != want || pg.Total != total || pg.TotalPages != pages || pg.TotalPages != max(1, (total+pg.PerPage-1)/pg.PerPage) {
			t.Fatalf("GET %s: page %d of %d (%d records, %d per page), want page %d of a walk over %d records",
				url, pg.Page, pg.TotalPages, pg.Total, pg.PerPage, want, total)
		}
		items := pg.Embedded["osdi:"+coll]
		if pg.Page < pg.TotalPages && len(items) != pg.PerPage {
			t.Fatalf("GET %s: %d records on a page of %d that is not the last", url, len(items), pg.PerPage)
		}
		if (pg.Links.Prev != nil) != (pg.Page > 1) {
			t.Fatalf("GET %s: prev link %v on page %d", url, pg.Links.Prev, pg.Page)
		}
		all = append(all, items...)
		url = ""
		if pg.Links.Next != nil {
			url = pg.Links.Next.Href
		} else if pg.Page != pg.TotalPages {
			t.Fatalf("GET %s: no next link on page %d of %d", first, pg.Page, pg.TotalPages)
		}
		want++
		if want > 10000 {
			t.Fatal("the next links do not end")
		}
	}
	if len(all) != total {
		t.Fatalf("walking %s gave %d records, total_records says %d", first, len(all), total)
	}
	return all, total
}

// TestOSDIAttendancesAndPaging: with more events than one read of the
// store returns, every OSDI list pages through all of them; attendance
// identifiers stay distinct when an organization's id is large (an old
// arithmetic id, event × 100000 + organization, made two attendances
// one), and each one's self link reads it back.
func TestOSDIAttendancesAndPaging(t *testing.T) {
	f := mustFixture(t)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	small := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorOrganization, Classification: "ngo", Name: vigil.Names{En: "Small id NGO"}}
	if err := f.st.CreateActor(admin, small); err != nil {
		t.Fatal(err)
	}
	// The next organization gets id 100000 + small's, as a database that
	// grew would give it.
	if _, err := f.st.DB().Exec("UPDATE sqlite_sequence SET seq = ? WHERE name = 'actors'", 100000+small.ID-1); err != nil {
		t.Fatal(err)
	}
	big := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorOrganization, Classification: "ngo", Name: vigil.Names{En: "Large id NGO"}}
	if err := f.st.CreateActor(admin, big); err != nil {
		t.Fatal(err)
	}
	if big.ID != 100000+small.ID {
		t.Fatalf("the large organization has id %d", big.ID)
	}
	event := func(n int, sens vigil.Sensitivity, orgs ...int64) *vigil.Event {
		e := &vigil.Event{Meta: vigil.Meta{Sensitivity: sens}, Kind: vigil.EventVigil, Title: vigil.Names{En: fmt.Sprintf("Vigil %d", n)},
			Date: "2024-05-09", OrganizerIDs: orgs}
		if err := f.st.CreateEvent(admin, e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	// Consecutive events: the large organization's attendance at the
	// first had the arithmetic id of the small one's at the second.
	first := event(0, vigil.Public, big.ID)
	second := event(1, vigil.Public, small.ID)
	if second.ID != first.ID+1 {
		t.Fatalf("events %d and %d are not consecutive", first.ID, second.ID)
	}
	for n := 2; n < 620; n++ {
		sens := vigil.Public
		if n%10 == 0 {
			sens = vigil.Coalition // not in the anonymous walk
		}
		event(n, sens, small.ID, big.ID)
	}
	_, publicEvents, err := f.st.FindEvents(vigil.WithViewer(context.Background(), vigil.Viewer{Clearance: vigil.Public}), vigil.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if publicEvents <= vigil.MaxLimit {
		t.Fatalf("only %d public events", publicEvents)
	}

	for _, per := range []int{100, 500} {
		t.Run(fmt.Sprintf("events, %d per page", per), func(t *testing.T) {
			evs, total := walkOSDI(t, f, "events", fmt.Sprintf("/api/osdi/v1/events?per_page=%d", per))
			if total != publicEvents {
				t.Fatalf("%d events, want %d", total, publicEvents)
			}
			seen := map[string]bool{}
			for _, e := range evs {
				if seen[e.Identifiers[0]] {
					t.Fatalf("event %s twice", e.Identifiers[0])
				}
				seen[e.Identifiers[0]] = true
			}
		})
	}

	// Every public event's organizers, counted from the store.
	wantAtt := map[string]bool{}
	for off := 0; ; off += vigil.MaxLimit {
		evs, _, err := f.st.FindEvents(vigil.WithViewer(context.Background(), vigil.Viewer{Clearance: vigil.Public}), vigil.EventFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			for _, o := range e.OrganizerIDs {
				wantAtt[fmt.Sprintf("vigil:attendances-%d-%d", e.ID, o)] = true
			}
		}
		if len(evs) < vigil.MaxLimit {
			break
		}
	}
	for _, per := range []int{100, 500} {
		t.Run(fmt.Sprintf("attendances, %d per page", per), func(t *testing.T) {
			atts, total := walkOSDI(t, f, "attendances", fmt.Sprintf("/api/osdi/v1/attendances?per_page=%d", per))
			if total != len(wantAtt) {
				t.Fatalf("%d attendances, want %d", total, len(wantAtt))
			}
			seen := map[string]bool{}
			for _, a := range atts {
				id := a.Identifiers[0]
				if seen[id] || !wantAtt[id] {
					t.Fatalf("attendance %s: repeated, or not an organizer of a public event", id)
				}
				seen[id] = true
			}
		})
	}

	t.Run("an attendance reads back by its self link", func(t *testing.T) {
		for _, c := range []struct {
			event *vigil.Event
			org   int64
		}{{first, big.ID}, {second, small.ID}} {
			self := fmt.Sprintf("/api/osdi/v1/attendances/%d-%d", c.event.ID, c.org)
			r := f.do(t, "GET", self, "", nil)
			var a osdiRecord
			r.json(t, &a)
			if r.status != 200 || a.Links.Self.Href != self ||
				a.Links.Event.Href != fmt.Sprintf("/api/osdi/v1/events/%d", c.event.ID) ||
				a.Links.Org.Href != fmt.Sprintf("/api/osdi/v1/organizations/%d", c.org) ||
				a.Identifiers[0] != fmt.Sprintf("vigil:attendances-%d-%d", c.event.ID, c.org) {
				t.Fatalf("GET %s: %d %s", self, r.status, r.body)
			}
		}
		// The arithmetic id of either is no attendance.
		old := fmt.Sprintf("/api/osdi/v1/attendances/%d", second.ID*100000+small.ID)
		if r := f.do(t, "GET", old, "", nil); r.status == 200 {
			t.Fatalf("GET %s: %d %s", old, r.status, r.body)
		}
		for _, bad := range []string{
			fmt.Sprintf("%d-%d", first.ID, small.ID),        // not an organizer of that event
			fmt.Sprintf("%d-%d", first.ID+10, small.ID),     // a coalition event (n = 10)
			fmt.Sprintf("0%d-%d", second.ID, small.ID),      // not the canonical form
			fmt.Sprintf("%d-%d-1", second.ID, small.ID),     // not two ids
			fmt.Sprintf("%d-+%d", second.ID, small.ID),      // a sign
			fmt.Sprintf("%d-%d", second.ID, small.ID) + "x", // trailing text
		} {
			if r := f.do(t, "GET", "/api/osdi/v1/attendances/"+bad, "", nil); r.status != 404 && r.status != 400 {
				t.Fatalf("GET attendances/%s: %d %s", bad, r.status, r.body)
			}
		}
	})

	t.Run("an event's attendances", func(t *testing.T) {
		atts, total := walkOSDI(t, f, "attendances", fmt.Sprintf("/api/osdi/v1/events/%d/attendances?per_page=1", second.ID+1))
		if total != 2 || !strings.HasSuffix(atts[0].Identifiers[0], fmt.Sprintf("-%d-%d", second.ID+1, small.ID)) ||
			!strings.HasSuffix(atts[1].Identifiers[0], fmt.Sprintf("-%d-%d", second.ID+1, big.ID)) {
			t.Fatalf("attendances of event %d: %+v", second.ID+1, atts)
		}
		// A coalition event's attendances are not found for the public.
		if r := f.do(t, "GET", fmt.Sprintf("/api/osdi/v1/events/%d/attendances", first.ID+10), "", nil); r.status != 404 {
			t.Fatalf("attendances of a coalition event: %d %s", r.status, r.body)
		}
	})
}

// TestOSDILinksToCollections follows each record's links to its own
// collections (an event's attendances, a petition's signatures, a
// campaign's outreaches) in the demo: each answers a page with records.
func TestOSDILinksToCollections(t *testing.T) {
	f := mustFixture(t)
	for _, c := range []struct{ coll, link, sub string }{
		{"events", "osdi:attendances", "attendances"},
		{"petitions", "osdi:signatures", "signatures"},
		{"advocacy_campaigns", "osdi:outreaches", "outreaches"},
	} {
		t.Run(c.link, func(t *testing.T) {
			var page struct {
				Embedded map[string][]map[string]any `json:"_embedded"`
			}
			f.do(t, "GET", "/api/osdi/v1/"+c.coll+"?per_page=100", "", nil).json(t, &page)
			followed := 0
			for _, it := range page.Embedded["osdi:"+c.coll] {
				l, ok := it["_links"].(map[string]any)[c.link].(map[string]any)
				if !ok {
					t.Fatalf("%s record without %s: %v", c.coll, c.link, it["_links"])
				}
				recs, total := walkOSDI(t, f, c.sub, l["href"].(string))
				if total > 0 {
					followed++
				}
				for _, r := range recs {
					if one := f.do(t, "GET", r.Links.Self.Href, "", nil); one.status != 200 {
						t.Fatalf("GET %s: %d", r.Links.Self.Href, one.status)
					}
				}
			}
			if followed == 0 {
				t.Fatalf("no %s record's %s has records", c.coll, c.link)
			}
		})
	}
}
