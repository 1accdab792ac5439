package ui_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"vigil"
	"vigil/httpserver"
)

// day is midday UTC of a YYYY-MM-DD day.
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Add(12 * time.Hour)
}

// overdueShown reports whether the dashboard lists ask id as overdue and
// whether the campaign page marks it, in lang.
func (w *workspace) overdueShown(t *testing.T, id int64, lang string) (dashboard, campaign bool) {
	t.Helper()
	doc := w.get("/", "contributor", lang, 200)
	dashboard = doc.Find(fmt.Sprintf(`#overdue-asks li[data-id="%d"]`, id)).Length() == 1
	doc = w.get("/campaigns/1", "contributor", lang, 200)
	ask := doc.Find(fmt.Sprintf("#ask-%d", id))
	if ask.Length() != 1 {
		t.Fatalf("the campaign page does not show ask %d", id)
	}
	label := map[string]string{"en": "overdue", "ko": "기한 지남"}[lang]
	marked := ask.AttrOr("data-overdue", "") == "true"
	if marked != (text(ask.Find("strong.overdue")) == label) {
		t.Errorf("%s: ask %d data-overdue=%v but label %q", lang, id, marked, text(ask.Find("strong.overdue")))
	}
	return dashboard, marked
}

// TestOverdueAsksFollowTheClock moves the UI's clock around an ask's
// deadline: overdue is computed for the day (docs/advocacy.md), never
// stored, so it appears the day after the deadline while the ask is
// awaiting or only acknowledged, disappears once it is answered, and an
// ask marked overdue is overdue whatever the day.
func TestOverdueAsksFollowTheClock(t *testing.T) {
	w := mustWorkspace(t)
	ctx := as(admin)
	a := w.mustAsk(1, "Answer by 15 June") // deadline 2024-06-15
	marked := w.mustAsk(1, "Marked overdue")
	steps := []struct {
		name, today string
		change      *vigil.AskStateChange // applied to a first
		want        bool
	}{
		{"before the deadline", "2024-06-14", nil, false},
		{"on the deadline day", "2024-06-15", nil, false},
		{"the day after", "2024-06-16", nil, true},
		{"acknowledged is still open", "2024-06-17", &vigil.AskStateChange{State: vigil.AskAcknowledged, Date: "2024-06-17", SourceID: ptr[int64](1)}, true},
		{"answered", "2024-06-20", &vigil.AskStateChange{State: vigil.AskRaised, Date: "2024-06-20", SourceID: ptr[int64](1)}, false},
		{"long after, answered", "2025-01-01", nil, false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			w.setNow(day(t, s.today))
			if s.change != nil {
				cur, _ := w.st.FindAskByID(ctx, a.ID)
				if _, err := w.st.ChangeAskState(ctx, a.ID, cur.Version, *s.change); err != nil {
					t.Fatal(err)
				}
			}
			for _, lang := range langs {
				dash, page := w.overdueShown(t, a.ID, lang)
				if dash != s.want || page != s.want {
					t.Errorf("%s on %s: dashboard %v, campaign page %v; want %v", lang, s.today, dash, page, s.want)
				}
			}
		})
	}
	t.Run("marked overdue before its deadline", func(t *testing.T) {
		w.setNow(day(t, "2024-06-01"))
		if dash, page := w.overdueShown(t, marked.ID, "en"); dash || page {
			t.Fatalf("an open ask before its deadline shows as overdue")
		}
		if _, err := w.st.ChangeAskState(ctx, marked.ID, marked.Version, vigil.AskStateChange{State: vigil.AskOverdue, Date: "2024-06-01"}); err != nil {
			t.Fatal(err)
		}
		for _, lang := range langs {
			if dash, page := w.overdueShown(t, marked.ID, lang); !dash || !page {
				t.Errorf("%s: a marked ask: dashboard %v, campaign page %v", lang, dash, page)
			}
		}
	})
}

// TestSignLimitUsesTheClientAddress sends sign-page requests through a
// proxy that passes the client's address in X-Forwarded-For: with
// --client-ip-header the limit counts each client apart, as sign-in
// does; without it, the header is ignored and a client cannot buy more
// requests by forging it.
func TestSignLimitUsesTheClientAddress(t *testing.T) {
	burst := func(w *workspace, forwarded func(n int) string) (limited int) {
		for n := range 40 {
			res, _ := w.do("GET", "/sign/vsi_nothing", "", "en", nil, "X-Forwarded-For", forwarded(n))
			if res.StatusCode == http.StatusTooManyRequests {
				limited++
			}
		}
		return limited
	}
	t.Run("behind a proxy", func(t *testing.T) {
		w := mustWorkspaceWith(t, httpserver.Config{ClientIPHeader: "X-Forwarded-For"})
		if n := burst(w, func(int) string { return "198.51.100.7, 203.0.113.5" }); n != 10 {
			t.Fatalf("one client: %d of 40 limited, want 10", n)
		}
		if res, _ := w.do("GET", "/sign/vsi_nothing", "", "en", nil, "X-Forwarded-For", "203.0.113.6"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("another client behind the same proxy: %d, want 404", res.StatusCode)
		}
	})
	t.Run("direct", func(t *testing.T) {
		w := mustWorkspace(t)
		if n := burst(w, func(n int) string { return fmt.Sprintf("203.0.113.%d", n+1) }); n != 10 {
			t.Fatalf("forged addresses: %d of 40 limited, want 10", n)
		}
	})
}
