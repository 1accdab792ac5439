package api_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"vigil"
)

// TestStatsFollowWhatTheReaderSees checks over HTTP that a total leaves
// out, for a reader below restricted clearance, a restricted whole its
// public part belongs to and a restricted place under a public one, in
// the workspace API and in the public one, and that a hidden place
// answers like an unknown one.
func TestStatsFollowWhatTheReaderSees(t *testing.T) {
	f := mustFixture(t)
	admin := vigil.WithViewer(context.Background(), vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	must := func(err error, what string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	place := func(name string, sens vigil.Sensitivity, parent *vigil.Place) *vigil.Place {
		p := &vigil.Place{Meta: vigil.Meta{Sensitivity: sens}, Kind: vigil.PlaceProvince, Names: vigil.Names{En: name}}
		if parent != nil {
			p.Kind, p.ParentID = vigil.PlaceFacility, &parent.ID
		}
		must(f.st.CreatePlace(admin, p), "create place "+name)
		return p
	}
	province := place("Province of the test", vigil.Public, nil)
	site := place("Unlisted site", vigil.Restricted, province)
	// Transfers: the demo has none, so these are the only ones.
	incident := func(title string, sens vigil.Sensitivity, day string, best int, at *vigil.Place) *vigil.Incident {
		i := &vigil.Incident{Meta: vigil.Meta{Sensitivity: sens}, Title: vigil.Names{En: title}, Event: vigil.EventTransfer,
			Date: day, DateBasis: vigil.BasisEditor, PlaceID: &at.ID,
			Override: &vigil.FigureOverride{Low: &best, Best: best, High: &best, Rationale: "counted"}}
		must(f.st.CreateIncident(admin, i), "create incident "+title)
		return i
	}
	whole := incident("restricted whole", vigil.Restricted, "2024-03-01", 100, province)
	part := incident("public part", vigil.Public, "2024-04-10", 30, province)
	atSite := incident("public, at the unlisted site", vigil.Public, "2024-04-11", 40, site)
	must(f.st.CreateLink(admin, &vigil.IncidentLink{Meta: vigil.Meta{Sensitivity: vigil.Public}, FromID: part.ID, ToID: whole.ID, Kind: vigil.LinkPartOf}), "link")

	get := func(path, token string) *vigil.Stats {
		t.Helper()
		r := f.do(t, "GET", path, token, nil)
		if r.status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.status, r.body)
		}
		if token != f.write && strings.Contains(string(r.body), "restricted whole") {
			t.Errorf("GET %s names the restricted whole: %s", path, r.body)
		}
		var st vigil.Stats
		r.json(t, &st)
		return &st
	}
	id := func(i *vigil.Incident) string { return strconv.FormatInt(i.ID, 10) }
	check := func(what string, st *vigil.Stats, best int, counted []int64, hidden bool) {
		t.Helper()
		if st.Total.Best != best || !slices.Equal(st.Incidents, counted) {
			t.Errorf("%s: best %d over %v, want %d over %v", what, st.Total.Best, st.Incidents, best, counted)
		}
		if !hidden {
			return
		}
		for _, e := range st.Excluded {
			if e.ID == whole.ID || strings.HasSuffix(e.Reason, " "+id(whole)) {
				t.Errorf("%s names the restricted whole: %+v", what, e)
			}
		}
		for _, m := range st.Months {
			if m.Month == "2024-03" {
				t.Errorf("%s has the restricted whole's month: %+v", what, m)
			}
		}
	}
	ids := func(is ...*vigil.Incident) []int64 {
		out := []int64{}
		for _, i := range is {
			out = append(out, i.ID)
		}
		slices.Sort(out)
		return out
	}
	p := strconv.FormatInt(province.ID, 10)
	for _, token := range []string{"", f.read} {
		check("total", get("/api/v1/stats?event=transfer", token), 70, ids(part, atSite), true)
		check("total in the province", get("/api/v1/stats?event=transfer&place="+p, token), 30, ids(part), true)
	}
	check("restricted total", get("/api/v1/stats?event=transfer", f.write), 140, ids(whole, atSite), false)
	check("restricted total in the province", get("/api/v1/stats?event=transfer&place="+p, f.write), 140, ids(whole, atSite), false)
	check("public total", get("/api/v1/public/stats?event=transfer", ""), 70, ids(part, atSite), true)

	// The hidden site answers like a place that does not exist.
	body := func(place int64) string {
		r := f.do(t, "GET", "/api/v1/stats?event=transfer&place="+strconv.FormatInt(place, 10), "", nil)
		return strconv.Itoa(r.status) + " " + strings.ReplaceAll(string(r.body), `"place_id":`+strconv.FormatInt(place, 10), `"place_id":X`)
	}
	if hidden, unknown := body(site.ID), body(site.ID+1000); hidden != unknown {
		t.Errorf("a hidden place answers %s, an unknown one %s", hidden, unknown)
	}
}
