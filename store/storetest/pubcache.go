package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/api"
	"vigil/figure"
	"vigil/httpserver"
	"vigil/publish"
	"vigil/store"
)

// testPublicCache: the live public site and the public API keep one
// reading of the public data, and a committed change to what the public
// may see reaches the very next request: a record made restricted
// vanishes, one made public appears, a deleted one goes, an unpublished
// report goes, a changed claim changes the total, and the ETag of every
// such response changes with it. The cache lives far longer than the
// test, so only the invalidation can make it pass. A change through
// another Store on the same database (another process) counts the same.
func testPublicCache(t *testing.T, open Opener) {
	s := open(t)
	w := Seed(t, s)
	site, err := publish.NewSite()
	MustOK(t, err, "site")
	cache := publish.NewCache(s, publish.Options{}, time.Hour)
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: s}, api.New(s, api.Options{PublicCache: cache}).Register,
		publish.NewHandler(site, cache, nil).Register).Handler())
	t.Cleanup(srv.Close)

	type reply struct {
		status int
		etag   string
		body   string
	}
	get := func(t *testing.T, path string, header ...string) reply {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		MustOK(t, err, "request")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		MustOK(t, err, "GET "+path)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		MustOK(t, err, "read "+path)
		return reply{res.StatusCode, res.Header.Get("ETag"), string(b)}
	}
	listed := func(t *testing.T, id int64) (bool, string) {
		t.Helper()
		r := get(t, "/api/v1/public/incidents?limit=500")
		var list struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		MustOK(t, json.Unmarshal([]byte(r.body), &list), "public list")
		for _, it := range list.Items {
			if it.ID == id {
				return true, r.etag
			}
		}
		return false, r.etag
	}
	// shown says whether incident inc is on the public site and in the
	// public API, and fails when the outputs disagree.
	shown := func(t *testing.T, inc *vigil.Incident) (bool, string) {
		t.Helper()
		page := get(t, fmt.Sprintf("%sen/incidents/%d.html", publish.Prefix, inc.ID))
		index := get(t, publish.Prefix+"ko/incidents/index.html")
		one := get(t, fmt.Sprintf("/api/v1/public/incidents/%d", inc.ID))
		inList, etag := listed(t, inc.ID)
		onPage, inIndex, inAPI := page.status == 200, strings.Contains(index.body, inc.Title.Ko), one.status == 200
		if onPage != inIndex || onPage != inAPI || onPage != inList {
			t.Fatalf("incident %d: page %d, in the index %v, API %d, in the API list %v", inc.ID, page.status, inIndex, one.status, inList)
		}
		return onPage, etag
	}
	setSensitivity := func(t *testing.T, st *store.Store, inc *vigil.Incident, sens vigil.Sensitivity) {
		t.Helper()
		cur, err := st.FindIncidentByID(As(Editor), inc.ID)
		MustOK(t, err, "read incident")
		cur.Sensitivity = sens
		MustOK(t, st.UpdateIncident(As(Editor), cur), "set sensitivity "+string(sens))
	}

	t.Run("sensitivity raised, then lowered", func(t *testing.T) {
		on, before := shown(t, w.Oct9)
		if !on {
			t.Fatal("the public incident is not shown")
		}
		// The cache now holds a reading with the incident.
		if r := get(t, "/api/v1/public/incidents?limit=500", "If-None-Match", before); r.status != http.StatusNotModified {
			t.Fatalf("the same reading answers %d to its own ETag", r.status)
		}
		setSensitivity(t, s, w.Oct9, vigil.Restricted)
		on, after := shown(t, w.Oct9)
		if on {
			t.Fatal("the incident made restricted is still public")
		}
		if after == before {
			t.Fatal("the public list's ETag did not change")
		}
		if r := get(t, "/api/v1/public/incidents?limit=500", "If-None-Match", before); r.status != 200 {
			t.Fatalf("the old ETag answers %d", r.status)
		}
		setSensitivity(t, s, w.Oct9, vigil.Public)
		if on, again := shown(t, w.Oct9); !on || again == after {
			t.Fatalf("the incident made public again: shown %v, ETag changed %v", on, again != after)
		}
	})

	t.Run("a change through another process", func(t *testing.T) {
		other, err := s.Reopen(context.Background(), store.Options{Key: s.KeySource()})
		MustOK(t, err, "reopen")
		defer other.Close()
		if on, _ := shown(t, w.Baishan200); !on {
			t.Fatal("the public incident is not shown")
		}
		setSensitivity(t, other, w.Baishan200, vigil.Coalition)
		if on, _ := shown(t, w.Baishan200); on {
			t.Fatal("the incident another process made coalition-only is still public")
		}
	})

	t.Run("a claim changed", func(t *testing.T) {
		total := func() string {
			r := get(t, "/api/v1/public/stats?event=arrest")
			var st vigil.Stats
			MustOK(t, json.Unmarshal([]byte(r.body), &st), "stats")
			return fmt.Sprintf("%d %s", st.Total.Best, r.etag)
		}
		before := total()
		claims, _, err := s.FindClaims(As(Editor), vigil.ClaimFilter{IncidentID: &w.Nanning60.ID})
		MustOK(t, err, "claims")
		if len(claims) != 1 {
			t.Fatalf("%d claims", len(claims))
		}
		c := claims[0]
		c.Figure = figure.Figure{Text: "more than 90"}
		MustOK(t, s.UpdateClaim(As(Editor), c), "change the claim")
		if after := total(); after == before {
			t.Fatalf("the public arrest total stayed %s after its claim changed", after)
		}
	})

	t.Run("a record deleted", func(t *testing.T) {
		lone := MustCreate(t, s.CreateIncident, NewIncident("투먼 단독 사건", vigil.EventArrest, w.Jilin))
		if on, _ := shown(t, lone); !on {
			t.Fatal("the new public incident is not shown at once")
		}
		MustOK(t, s.DeleteIncident(As(Editor), lone.ID, lone.Version), "delete")
		if on, _ := shown(t, lone); on {
			t.Fatal("the deleted incident is still public")
		}
	})

	t.Run("a report unpublished", func(t *testing.T) {
		r := MustCreate(t, s.CreateReport, NewReport("cache-2024", "en", "Held at the border", "We report."))
		r.Status = vigil.ReportPublished
		MustOK(t, s.UpdateReport(As(Editor), r), "publish")
		path := publish.Prefix + "en/reports/cache-2024.html"
		if got := get(t, path); got.status != 200 || !strings.Contains(got.body, "Held at the border") {
			t.Fatalf("the published report: %d", got.status)
		}
		api := fmt.Sprintf("/api/v1/public/reports/%d", r.ID)
		if got := get(t, api); got.status != 200 {
			t.Fatalf("the published report in the API: %d", got.status)
		}
		r.Status = vigil.ReportDraft
		MustOK(t, s.UpdateReport(As(Editor), r), "unpublish")
		if got := get(t, path); got.status != 404 {
			t.Fatalf("the unpublished report: %d", got.status)
		}
		if got := get(t, api); got.status != 404 {
			t.Fatalf("the unpublished report in the API: %d", got.status)
		}
	})
}
