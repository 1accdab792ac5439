package gen

import (
	"encoding/json"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
)

func TestDatasetIsValidAndRealistic(t *testing.T) {
	d := Dataset(Config{Seed: 7, Claims: 20000})
	if len(d.Claims) != 20000 {
		t.Fatalf("%d claims, want 20000", len(d.Claims))
	}
	policy := figure.DefaultPolicy()
	quals := map[figure.Qualifier]int{}
	precision := map[string]int{}
	sens := map[vigil.Sensitivity]int{}
	keys := map[string]map[int64]bool{"sources": {}, "incidents": {}, "places": {}}
	for _, p := range d.Places {
		if err := p.Validate(); err != nil {
			t.Fatalf("place %d: %v", p.ID, err)
		}
		keys["places"][p.ID] = true
	}
	for _, s := range d.Sources {
		if err := s.Validate(); err != nil {
			t.Fatalf("source %d: %v", s.ID, err)
		}
		keys["sources"][s.ID] = true
	}
	for _, i := range d.Incidents {
		if err := i.Validate(); err != nil {
			t.Fatalf("incident %d: %v", i.ID, err)
		}
		keys["incidents"][i.ID] = true
		if i.PlaceID == nil || !keys["places"][*i.PlaceID] {
			t.Fatalf("incident %d: place %v", i.ID, i.PlaceID)
		}
	}
	for _, c := range d.Claims {
		if err := c.Validate(policy); err != nil {
			t.Fatalf("claim %d (%q): %v", c.ID, c.Figure.Text, err)
		}
		if !keys["sources"][c.SourceID] || (c.IncidentID != nil && !keys["incidents"][*c.IncidentID]) {
			t.Fatalf("claim %d: dangling reference", c.ID)
		}
		quals[c.Figure.Qualifier]++
		sens[c.Sensitivity]++
		switch {
		case strings.Contains(c.Date, "/"):
			precision["interval"]++
		case strings.HasSuffix(c.Date, "~"), strings.HasSuffix(c.Date, "?"):
			precision["qualified"]++
		default:
			precision[map[int]string{4: "year", 7: "month", 10: "day"}[len(c.Date)]]++
		}
		if c.DateStart < "2017-01-01" || c.DateStart > "2026-01-31" {
			t.Fatalf("claim %d: date %s outside 2017–2025", c.ID, c.Date)
		}
	}
	for _, l := range d.Links {
		if err := l.Validate(); err != nil {
			t.Fatalf("link %d: %v", l.ID, err)
		}
	}
	for _, q := range figure.Qualifiers {
		if share := float64(quals[q]) / float64(len(d.Claims)); share < 0.03 {
			t.Errorf("qualifier %s is %.1f%% of claims; every class should be common enough to matter", q, 100*share)
		}
	}
	if share := float64(quals[figure.Exact]) / float64(len(d.Claims)); share < 0.2 || share > 0.3 {
		t.Errorf("exact figures are %.1f%%, want about 25%%", 100*share)
	}
	for _, p := range []string{"day", "month", "year", "interval", "qualified"} {
		if precision[p] == 0 {
			t.Errorf("no %s dates", p)
		}
	}
	if sens[vigil.Public] < sens[vigil.Coalition] || sens[vigil.Restricted] == 0 {
		t.Errorf("sensitivity mix %v", sens)
	}
	kinds := map[vigil.LinkKind]int{}
	for _, l := range d.Links {
		kinds[l.Kind]++
	}
	if kinds[vigil.LinkSameCohort] == 0 || kinds[vigil.LinkPartOf] == 0 {
		t.Errorf("links %v, want same_cohort and part_of", kinds)
	}
	ratio := float64(len(d.Claims)) / float64(len(d.Incidents))
	if ratio < 1.5 || ratio > 3 {
		t.Errorf("%.2f claims per incident", ratio)
	}
	t.Logf("%d sources, %d incidents, %d links, qualifiers %v, dates %v, sensitivity %v", len(d.Sources), len(d.Incidents), len(d.Links), quals, precision, sens)
}

func TestDatasetIsDeterministic(t *testing.T) {
	js := func(d *vigil.Dataset) string {
		b, err := json.Marshal([]any{d.Places, d.Sources, d.Incidents, d.Links, d.Claims})
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	a, b, c := js(Dataset(Config{Seed: 3, Claims: 500})), js(Dataset(Config{Seed: 3, Claims: 500})), js(Dataset(Config{Seed: 4, Claims: 500}))
	if a != b {
		t.Fatal("the same seed gave different datasets")
	}
	if a == c {
		t.Fatal("different seeds gave the same dataset")
	}
}
