package derive

import (
	"reflect"
	"strings"
	"testing"

	"vigil"
	"vigil/figure"
)

func TestOverlap(t *testing.T) {
	tests := []struct {
		name string
		a, b figure.Interval
		want bool
	}{
		{"identical", iv(180, 200, 220), iv(180, 200, 220), true},
		{"touching bounds", iv(50, 55, 60), iv(60, 60, 60), true},
		{"disjoint", iv(50, 55, 60), iv(180, 200, 220), false},
		{"disjoint reversed", iv(180, 200, 220), iv(50, 55, 60), false},
		{"contained", iv(540, 600, 660), iv(600, 600, 600), true},
		{"unknown low counts as zero", iv(open, 200, 200), iv(0, 0, 0), true},
		{"unknown low reaches down to any", iv(open, 200, 200), iv(15, 15, 15), true},
		{"unknown low still bounded above", iv(open, 200, 200), iv(201, 201, 201), false},
		{"unbounded high reaches up", iv(61, 61, open), iv(540, 600, 660), true},
		{"unbounded high still bounded below", iv(61, 61, open), iv(50, 55, 60), false},
		{"both unbounded", iv(61, 61, open), iv(1000, 1000, open), true},
		{"fully open", iv(open, 0, open), iv(5, 5, 5), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Overlap(tt.a, tt.b); got != tt.want {
				t.Errorf("Overlap(a, b) = %v, want %v", got, tt.want)
			}
			if got := Overlap(tt.b, tt.a); got != tt.want {
				t.Errorf("Overlap(b, a) = %v, want %v (not symmetric)", got, tt.want)
			}
		})
	}
}

func TestIncidentPreferred(t *testing.T) {
	tests := []struct {
		name      string
		claims    []ClaimInput
		wantID    int64
		rationale string // substring of the rationale
	}{
		{
			name:      "single claim",
			claims:    []ClaimInput{{ID: 4, Interval: iv(540, 600, 660), Credibility: 2, Reliability: "B"}},
			wantID:    4,
			rationale: "only claim #4 (credibility 2, source B)",
		},
		{
			name: "credibility beats reliability",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 3, Reliability: "A"},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "C"},
			},
			wantID:    2,
			rationale: "best-graded claim #2 (credibility 2, source C)",
		},
		{
			name: "reliability breaks a credibility tie",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "C"},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "b"},
			},
			wantID:    2,
			rationale: "best-graded claim #2 (credibility 2, source B)",
		},
		{
			name: "most corroborated figure breaks a grade tie",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(50, 55, 60), Credibility: 2, Reliability: "B"},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B"},
				{ID: 3, Interval: iv(200, 200, 200), Credibility: 4, Reliability: "E"},
			},
			wantID:    2,
			rationale: "preferred over equally graded #1 as its figure overlaps 1 other claim",
		},
		{
			name: "latest publication breaks a corroboration tie",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B", Published: "2024-05-20"},
				{ID: 2, Interval: iv(190, 200, 210), Credibility: 2, Reliability: "B", Published: "2024-05-21"},
				{ID: 3, Interval: iv(200, 200, 200), Credibility: 2, Reliability: "B", Published: ""},
			},
			wantID:    2,
			rationale: "as it was published later (2024-05-21)",
		},
		{
			name: "lowest id breaks every other tie",
			claims: []ClaimInput{
				{ID: 9, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B", Published: "2024-05-20"},
				{ID: 5, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B", Published: "2024-05-20"},
			},
			wantID:    5,
			rationale: "preferred over equally graded #9 by lower id",
		},
		{
			name: "out-of-range grades rank last",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 0, Reliability: ""},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 6, Reliability: "E"},
			},
			wantID:    2,
			rationale: "best-graded claim #2 (credibility 6, source E)",
		},
		{
			name: "unknown reliability ranks as F",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 3, Reliability: "Z"},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 3, Reliability: "F"},
			},
			wantID:    1,
			rationale: "preferred over equally graded #2 by lower id",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Incident(tt.claims)
			if d.PreferredClaimID == nil || *d.PreferredClaimID != tt.wantID {
				t.Fatalf("PreferredClaimID = %v, want %d (rationale %q)", d.PreferredClaimID, tt.wantID, d.Rationale)
			}
			if d.Basis != vigil.BasisClaims {
				t.Errorf("Basis = %q, want %q", d.Basis, vigil.BasisClaims)
			}
			var want figure.Interval
			for _, c := range tt.claims {
				if c.ID == tt.wantID {
					want = c.Interval
				}
			}
			if d.Figure == nil || !reflect.DeepEqual(*d.Figure, want) {
				t.Errorf("Figure = %v, want the preferred claim's %v", d.Figure, want)
			}
			if !strings.Contains(d.Rationale, tt.rationale) {
				t.Errorf("Rationale = %q, want it to contain %q", d.Rationale, tt.rationale)
			}
		})
	}
}

func TestIncidentNoClaims(t *testing.T) {
	for _, name := range []string{"nil", "empty"} {
		t.Run(name, func(t *testing.T) {
			var claims []ClaimInput
			if name == "empty" {
				claims = []ClaimInput{}
			}
			d := Incident(claims)
			if d.Figure != nil || d.PreferredClaimID != nil || d.Conflict || d.Corroboration != 0 {
				t.Errorf("Incident(%s) = %+v, want no figure, no preferred claim, no conflict", name, d)
			}
			if d.Basis != vigil.BasisNone {
				t.Errorf("Basis = %q, want %q", d.Basis, vigil.BasisNone)
			}
			if d.ConflictPairs == nil {
				t.Error("ConflictPairs is nil, want empty")
			}
			if d.Rationale != "no claims" {
				t.Errorf("Rationale = %q", d.Rationale)
			}
		})
	}
}

func TestIncidentConflict(t *testing.T) {
	tests := []struct {
		name      string
		claims    []ClaimInput
		wantPairs [][2]int64
		rationale string
	}{
		{
			name: "agreeing claims",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(540, 600, 660)},
				{ID: 2, Interval: iv(600, 600, 600)},
			},
			wantPairs: [][2]int64{},
		},
		{
			name: "one pair apart",
			claims: []ClaimInput{
				{ID: 5, Interval: iv(50, 55, 60), Credibility: 3, Origin: "daily nk", Date: "2024-04-26"},
				{ID: 3, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B", Origin: "nkhr", Date: "2024-04-26"},
			},
			wantPairs: [][2]int64{{3, 5}},
			rationale: "best-graded claim #3 (credibility 2, source B); 2 independent origins; conflict: #3 and #5 do not overlap",
		},
		{
			name: "unknown low overlaps small figures",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(open, 200, 200)},
				{ID: 2, Interval: iv(15, 15, 15)},
				{ID: 3, Interval: iv(250, 250, 250)},
			},
			wantPairs: [][2]int64{{1, 3}, {2, 3}},
		},
		{
			name: "unbounded high overlaps large figures",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(61, 61, open)},
				{ID: 2, Interval: iv(540, 600, 660)},
				{ID: 3, Interval: iv(50, 55, 60)},
			},
			wantPairs: [][2]int64{{1, 3}, {2, 3}},
		},
		{
			name: "many pairs are summarized",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(1, 1, 1)},
				{ID: 2, Interval: iv(2, 2, 2)},
				{ID: 3, Interval: iv(3, 3, 3)},
				{ID: 4, Interval: iv(4, 4, 4)},
			},
			wantPairs: [][2]int64{{1, 2}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}},
			rationale: "conflict: #1 and #2, #1 and #3, #1 and #4, #2 and #3, #2 and #4 (and 1 more pair) do not overlap",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Incident(tt.claims)
			if !reflect.DeepEqual(d.ConflictPairs, tt.wantPairs) {
				t.Errorf("ConflictPairs = %v, want %v", d.ConflictPairs, tt.wantPairs)
			}
			if d.Conflict != (len(tt.wantPairs) > 0) {
				t.Errorf("Conflict = %v with pairs %v", d.Conflict, tt.wantPairs)
			}
			if !strings.Contains(d.Rationale, tt.rationale) {
				t.Errorf("Rationale = %q, want it to contain %q", d.Rationale, tt.rationale)
			}
			if len(tt.wantPairs) == 0 && strings.Contains(d.Rationale, "conflict") {
				t.Errorf("Rationale = %q mentions a conflict", d.Rationale)
			}
		})
	}
}

func TestIncidentCorroboration(t *testing.T) {
	tests := []struct {
		name      string
		origins   []string
		want      int
		rationale string
	}{
		{"no origins", []string{"", "  "}, 0, "no identified origin"},
		{"one origin", []string{"nkhr"}, 1, "; 1 independent origin"},
		{
			name:      "two URLs relaying one origin count once",
			origins:   []string{"anonymous source in north hamgyong province", "Anonymous  source in North Hamgyong Province ", "nkhr"},
			want:      2,
			rationale: "; 2 independent origins",
		},
		{"empty origins are not counted", []string{"daily nk", "", "nkhr"}, 2, "; 2 independent origins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var claims []ClaimInput
			for i, o := range tt.origins {
				claims = append(claims, ClaimInput{ID: int64(i + 1), Interval: iv(180, 200, 220), Origin: o})
			}
			d := Incident(claims)
			if d.Corroboration != tt.want {
				t.Errorf("Corroboration = %d, want %d", d.Corroboration, tt.want)
			}
			if !strings.Contains(d.Rationale, tt.rationale) {
				t.Errorf("Rationale = %q, want it to contain %q", d.Rationale, tt.rationale)
			}
		})
	}
}

func TestIncidentDate(t *testing.T) {
	tests := []struct {
		name                 string
		claims               []ClaimInput
		date, start, end     string
		rationale, notInText string
	}{
		{
			name: "from the preferred claim",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 2, Date: "2024-04-26", DateStart: "2024-04-26", DateEnd: "2024-04-26"},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 3, Date: "2024-04", DateStart: "2024-04-01", DateEnd: "2024-04-30"},
			},
			date: "2024-04-26", start: "2024-04-26", end: "2024-04-26",
			notInText: "date from",
		},
		{
			name: "from the best-ranked dated claim",
			claims: []ClaimInput{
				{ID: 1, Interval: iv(180, 200, 220), Credibility: 2},
				{ID: 2, Interval: iv(180, 200, 220), Credibility: 4, Date: "2024", DateStart: "2024-01-01", DateEnd: "2024-12-31"},
				{ID: 3, Interval: iv(180, 200, 220), Credibility: 3, Date: "2024-04~", DateStart: "2024-04-01", DateEnd: "2024-04-30"},
			},
			date: "2024-04~", start: "2024-04-01", end: "2024-04-30",
			rationale: "; date from claim #3",
		},
		{
			name:      "no claim gives a date",
			claims:    []ClaimInput{{ID: 1, Interval: iv(180, 200, 220)}},
			rationale: "; no claim gives a date",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Incident(tt.claims)
			if d.Date != tt.date || d.DateStart != tt.start || d.DateEnd != tt.end {
				t.Errorf("date = %q [%q, %q], want %q [%q, %q]", d.Date, d.DateStart, d.DateEnd, tt.date, tt.start, tt.end)
			}
			if !strings.Contains(d.Rationale, tt.rationale) {
				t.Errorf("Rationale = %q, want it to contain %q", d.Rationale, tt.rationale)
			}
			if tt.notInText != "" && strings.Contains(d.Rationale, tt.notInText) {
				t.Errorf("Rationale = %q, want no %q", d.Rationale, tt.notInText)
			}
		})
	}
}

func TestIncidentFigureIsACopy(t *testing.T) {
	claims := []ClaimInput{{ID: 1, Interval: iv(180, 200, 220)}}
	d := Incident(claims)
	*d.Figure.Low = 0
	*d.Figure.High = 0
	if *claims[0].Interval.Low != 180 || *claims[0].Interval.High != 220 {
		t.Error("changing the derived figure changed the claim's interval")
	}
}

func TestIncidentDeterministic(t *testing.T) {
	claims := []ClaimInput{
		{ID: 1, Interval: iv(540, 600, 660), Credibility: 2, Reliability: "B", Origin: "nkhr", Published: "2024-05-20", Date: "2023-10-09", DateStart: "2023-10-09", DateEnd: "2023-10-09"},
		{ID: 2, Interval: iv(600, 600, open), Credibility: 2, Reliability: "B", Origin: "nkhr", Published: "2024-05-20"},
		{ID: 3, Interval: iv(180, 200, 220), Credibility: 2, Reliability: "B", Origin: "daily nk", Published: "2024-05-21", Date: "2023-10", DateStart: "2023-10-01", DateEnd: "2023-10-31"},
		{ID: 4, Interval: iv(open, 500, 500), Credibility: 3, Reliability: "A", Origin: "anonymous source in north hamgyong province"},
		{ID: 5, Interval: iv(600, 600, 600), Credibility: 2, Reliability: "B", Origin: "", Published: "2024-05-19"},
		{ID: 6, Interval: iv(50, 55, 60), Credibility: 5, Reliability: "E", Origin: "daily nk"},
	}
	want := Incident(claims)
	if *want.PreferredClaimID != 1 {
		t.Fatalf("PreferredClaimID = %d, want 1 (rationale %q)", *want.PreferredClaimID, want.Rationale)
	}
	for i, c := range shuffled(t, claims, 50) {
		if got := Incident(c); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: Incident = %+v, want %+v", i, got, want)
		}
	}
}
