package derive

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"vigil"
)

// seedRows are the seed's incidents (DOMAIN.md §4) under the default
// figure policy.
func seedRows() []Row {
	return []Row{
		{ID: 1, Event: "repatriation", DateStart: "2023-10-09", CohortID: 1, Figure: ivp(540, 600, 660)}, // "some 600"
		{ID: 2, Event: "repatriation", DateStart: "2024-04-26", CohortID: 2, Figure: ivp(180, 200, 220)}, // "about 200"
		{ID: 3, Event: "repatriation", DateStart: "2024-04-26", CohortID: 3, Figure: ivp(50, 55, 60)},    // "50-60"
		{ID: 4, Event: "arrest", DateStart: "2024-05-06", CohortID: 4, Figure: ivp(61, 61, open)},        // "more than 60"
	}
}

func TestTallySeed(t *testing.T) {
	byEvent := func(event string) []Row {
		var out []Row
		for _, r := range seedRows() {
			if r.Event == event {
				out = append(out, r)
			}
		}
		return out
	}
	tests := []struct {
		name      string
		rows      []Row
		want      vigil.Total
		incidents []int64
	}{
		{
			name:      "repatriations 2023-10 to 2024-05",
			rows:      byEvent("repatriation"),
			want:      vigil.Total{Low: 770, Best: 855, High: ptr(940), UnknownLow: []int64{}, Unbounded: []int64{}},
			incidents: []int64{1, 2, 3},
		},
		{
			name:      "arrests awaiting repatriation",
			rows:      byEvent("arrest"),
			want:      vigil.Total{Low: 61, Best: 61, HighUnbounded: true, UnknownLow: []int64{}, Unbounded: []int64{4}},
			incidents: []int64{4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Tally(tt.rows)
			if !reflect.DeepEqual(st.Total, tt.want) {
				t.Errorf("Total = %s, want %s", js(t, st.Total), js(t, tt.want))
			}
			if !reflect.DeepEqual(st.Incidents, tt.incidents) {
				t.Errorf("Incidents = %v, want %v", st.Incidents, tt.incidents)
			}
			if len(st.Excluded) != 0 {
				t.Errorf("Excluded = %v, want none", st.Excluded)
			}
		})
	}
}

func TestTallyExclusions(t *testing.T) {
	tests := []struct {
		name      string
		rows      []Row
		incidents []int64
		excluded  []vigil.Exclusion
		best      int
	}{
		{
			name: "no figure",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(180, 200, 220)},
				{ID: 2, Event: "repatriation", DateStart: "2024-04-26"},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "no figure"}},
			best:      200,
		},
		{
			name: "part_of child excluded when its parent is present",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2023-10-09", Figure: ivp(540, 600, 660)},
				{ID: 2, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{1}, Figure: ivp(open, 200, 200)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}},
			best:      600,
		},
		{
			name: "part_of child counted when its parent is outside the selection",
			rows: []Row{
				{ID: 2, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{1}, Figure: ivp(open, 200, 200)},
				{ID: 3, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(50, 55, 60)},
			},
			incidents: []int64{2, 3},
			excluded:  []vigil.Exclusion{},
			best:      255,
		},
		{
			name: "part_of grandchild excluded when only its grandparent is present",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2023-10-09", Figure: ivp(540, 600, 660)},
				{ID: 3, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{2, 1}, Figure: ivp(50, 55, 60)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 3, Reason: "part_of 1"}},
			best:      600,
		},
		{
			name: "part_of names the nearest present ancestor",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2023-10-09", Figure: ivp(540, 600, 660)},
				{ID: 2, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{1}, Figure: ivp(open, 200, 200)},
				{ID: 3, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{2, 1}, Figure: ivp(50, 55, 60)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}, {ID: 3, Reason: "part_of 2"}},
			best:      600,
		},
		{
			name: "part_of child counted when its parent has no figure",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2023-10-09"},
				{ID: 2, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{1}, Figure: ivp(open, 200, 200)},
			},
			incidents: []int64{2},
			excluded:  []vigil.Exclusion{{ID: 1, Reason: "no figure"}},
			best:      200,
		},
		{
			name: "part_of parent of another event type does not hide the child",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-05-10", Figure: ivp(540, 600, 660)},
				{ID: 2, Event: "arrest", DateStart: "2024-05-06", Ancestors: []int64{1}, Figure: ivp(61, 61, open)},
			},
			incidents: []int64{1, 2},
			excluded:  []vigil.Exclusion{},
			best:      661,
		},
		{
			name: "part_of ignores a link to itself",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2023-10-09", Ancestors: []int64{1}, Figure: ivp(540, 600, 660)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{},
			best:      600,
		},
		{
			name: "same_cohort arrest, detention and repatriation each counted once",
			rows: []Row{
				{ID: 4, Event: "arrest", DateStart: "2024-05-06", CohortID: 4, Figure: ivp(61, 61, open)},
				{ID: 7, Event: "detention", DateStart: "2024-05-08", CohortID: 4, Figure: ivp(61, 61, open)},
				{ID: 9, Event: "repatriation", DateStart: "2024-06-01", CohortID: 4, Figure: ivp(54, 60, 66)},
			},
			incidents: []int64{4, 7, 9},
			excluded:  []vigil.Exclusion{},
			best:      182,
		},
		{
			name: "same_cohort two repatriations counted once, the earliest",
			rows: []Row{
				{ID: 4, Event: "repatriation", DateStart: "2024-06-03", CohortID: 4, Figure: ivp(54, 60, 66)},
				{ID: 8, Event: "repatriation", DateStart: "2024-06-01", CohortID: 4, Figure: ivp(61, 61, open)},
				{ID: 5, Event: "repatriation", DateStart: "2024-04-26", CohortID: 5, Figure: ivp(180, 200, 220)},
			},
			incidents: []int64{5, 8},
			excluded:  []vigil.Exclusion{{ID: 4, Reason: "same_cohort 8"}},
			best:      261,
		},
		{
			name: "same_cohort tie on date goes to the lowest id",
			rows: []Row{
				{ID: 12, Event: "repatriation", DateStart: "2024-06-01", CohortID: 4, Figure: ivp(54, 60, 66)},
				{ID: 10, Event: "repatriation", DateStart: "2024-06-01", CohortID: 4, Figure: ivp(61, 61, open)},
			},
			incidents: []int64{10},
			excluded:  []vigil.Exclusion{{ID: 12, Reason: "same_cohort 10"}},
			best:      61,
		},
		{
			name: "same_cohort unknown date comes last",
			rows: []Row{
				{ID: 4, Event: "repatriation", DateStart: "", CohortID: 4, Figure: ivp(54, 60, 66)},
				{ID: 6, Event: "repatriation", DateStart: "2024-06-01", CohortID: 4, Figure: ivp(61, 61, open)},
			},
			incidents: []int64{6},
			excluded:  []vigil.Exclusion{{ID: 4, Reason: "same_cohort 6"}},
			best:      61,
		},
		{
			// 4 is the same people as 2, whom 1 counts: 4 adds nothing.
			name: "same_cohort after part_of and no figure",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-06-01", Figure: ivp(540, 600, 660)},
				{ID: 2, Event: "repatriation", DateStart: "2024-05-01", CohortID: 2, Ancestors: []int64{1}, Figure: ivp(50, 55, 60)},
				{ID: 3, Event: "repatriation", DateStart: "2024-04-01", CohortID: 2},
				{ID: 4, Event: "repatriation", DateStart: "2024-06-02", CohortID: 2, Figure: ivp(54, 60, 66)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}, {ID: 3, Reason: "no figure"}, {ID: 4, Reason: "same_cohort 1"}},
			best:      600,
		},
		{
			name: "part_of child in a chain with an earlier standalone: the whole counts",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-01", Figure: ivp(90, 100, 110)},
				{ID: 2, Event: "repatriation", DateStart: "2024-04-01", CohortID: 2, Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
				{ID: 3, Event: "repatriation", DateStart: "2024-03-20", CohortID: 2, Figure: ivp(30, 30, open)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}, {ID: 3, Reason: "same_cohort 1"}},
			best:      100,
		},
		{
			name: "part_of child in a chain without its whole: the chain counts once",
			rows: []Row{
				{ID: 2, Event: "repatriation", DateStart: "2024-04-01", CohortID: 2, Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
				{ID: 3, Event: "repatriation", DateStart: "2024-03-20", CohortID: 2, Figure: ivp(30, 30, 30)},
			},
			incidents: []int64{3},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "same_cohort 3"}},
			best:      30,
		},
		{
			name: "children of two wholes in one chain: the earlier whole counts",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(180, 200, 220)},
				{ID: 2, Event: "repatriation", DateStart: "2023-10-09", Figure: ivp(540, 600, 660)},
				{ID: 3, Event: "repatriation", DateStart: "2024-04-26", CohortID: 3, Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
				{ID: 4, Event: "repatriation", DateStart: "2023-10-09", CohortID: 3, Ancestors: []int64{2}, Figure: ivp(30, 30, 30)},
				{ID: 5, Event: "repatriation", DateStart: "2024-05-01", Figure: ivp(5, 5, 5)},
			},
			incidents: []int64{2, 5},
			excluded: []vigil.Exclusion{{ID: 1, Reason: "same_cohort 2"}, {ID: 3, Reason: "part_of 1"},
				{ID: 4, Reason: "part_of 2"}},
			best: 605,
		},
		{
			name: "two children of one whole in one chain: the whole counts once",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(180, 200, 220)},
				{ID: 3, Event: "repatriation", DateStart: "2024-04-26", CohortID: 3, Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
				{ID: 4, Event: "repatriation", DateStart: "2024-04-27", CohortID: 3, Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 3, Reason: "part_of 1"}, {ID: 4, Reason: "part_of 1"}},
			best:      200,
		},
		{
			name: "a grandchild in a chain stands for the whole that counts",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-01", Figure: ivp(500, 500, 500)},
				{ID: 2, Event: "repatriation", DateStart: "2024-04-01", Ancestors: []int64{1}, Figure: ivp(200, 200, 200)},
				{ID: 3, Event: "repatriation", DateStart: "2024-04-01", CohortID: 3, Ancestors: []int64{2, 1}, Figure: ivp(30, 30, 30)},
				{ID: 4, Event: "repatriation", DateStart: "2024-03-01", CohortID: 3, Figure: ivp(30, 30, 30)},
			},
			incidents: []int64{1},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}, {ID: 3, Reason: "part_of 2"}, {ID: 4, Reason: "same_cohort 1"}},
			best:      500,
		},
		{
			name: "a whole in a chain of its own keeps the earliest rule",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-04-01", CohortID: 1, Figure: ivp(100, 100, 100)},
				{ID: 2, Event: "repatriation", DateStart: "2024-04-01", Ancestors: []int64{1}, Figure: ivp(30, 30, 30)},
				{ID: 3, Event: "repatriation", DateStart: "2024-03-01", CohortID: 1, Figure: ivp(90, 90, 90)},
			},
			incidents: []int64{3},
			excluded:  []vigil.Exclusion{{ID: 1, Reason: "same_cohort 3"}, {ID: 2, Reason: "part_of 1"}},
			best:      90,
		},
		{
			name: "a chain across event types counts once in each",
			rows: []Row{
				{ID: 1, Event: "arrest", DateStart: "2024-02-01", Figure: ivp(100, 100, 100)},
				{ID: 2, Event: "arrest", DateStart: "2024-02-01", CohortID: 2, Ancestors: []int64{1}, Figure: ivp(20, 20, 20)},
				{ID: 3, Event: "detention", DateStart: "2024-02-10", CohortID: 2, Figure: ivp(20, 20, 20)},
				{ID: 4, Event: "repatriation", DateStart: "2024-04-01", CohortID: 2, Ancestors: []int64{6}, Figure: ivp(20, 20, 20)},
				{ID: 5, Event: "repatriation", DateStart: "2024-03-30", CohortID: 2, Figure: ivp(20, 20, 20)},
				{ID: 6, Event: "repatriation", DateStart: "2024-04-01", Figure: ivp(300, 300, 300)},
				{ID: 7, Event: "detention", DateStart: "2024-02-11", Ancestors: []int64{1}, Figure: ivp(9, 9, 9)},
			},
			incidents: []int64{1, 3, 6, 7},
			excluded:  []vigil.Exclusion{{ID: 2, Reason: "part_of 1"}, {ID: 4, Reason: "part_of 6"}, {ID: 5, Reason: "same_cohort 6"}},
			best:      429,
		},
		{
			name: "zero cohort id means alone",
			rows: []Row{
				{ID: 1, Event: "repatriation", DateStart: "2024-06-01", Figure: ivp(540, 600, 660)},
				{ID: 2, Event: "repatriation", DateStart: "2024-06-01", Figure: ivp(50, 55, 60)},
			},
			incidents: []int64{1, 2},
			excluded:  []vigil.Exclusion{},
			best:      655,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := Tally(tt.rows)
			if !reflect.DeepEqual(st.Incidents, tt.incidents) {
				t.Errorf("Incidents = %v, want %v", st.Incidents, tt.incidents)
			}
			if !reflect.DeepEqual(st.Excluded, tt.excluded) {
				t.Errorf("Excluded = %v, want %v", st.Excluded, tt.excluded)
			}
			if st.Total.Best != tt.best {
				t.Errorf("Total.Best = %d, want %d", st.Total.Best, tt.best)
			}
		})
	}
}

func TestTallyBounds(t *testing.T) {
	tests := []struct {
		name string
		rows []Row
		want vigil.Total
	}{
		{
			name: "all bounds known",
			rows: []Row{
				{ID: 1, Event: "repatriation", Figure: ivp(180, 200, 220)},
				{ID: 2, Event: "repatriation", Figure: ivp(15, 15, 15)},
			},
			want: vigil.Total{Low: 195, Best: 215, High: ptr(235), UnknownLow: []int64{}, Unbounded: []int64{}},
		},
		{
			name: "unknown low counts as zero",
			rows: []Row{
				{ID: 3, Event: "repatriation", Figure: ivp(open, 200, 200)},
				{ID: 1, Event: "repatriation", Figure: ivp(180, 200, 220)},
				{ID: 2, Event: "repatriation", Figure: ivp(open, 50, 50)},
			},
			want: vigil.Total{Low: 180, Best: 450, High: ptr(470), LowIncomplete: true, UnknownLow: []int64{2, 3}, Unbounded: []int64{}},
		},
		{
			name: "unbounded high makes the high null",
			rows: []Row{
				{ID: 5, Event: "arrest", Figure: ivp(61, 61, open)},
				{ID: 2, Event: "arrest", Figure: ivp(20, 30, 99)},
				{ID: 1, Event: "arrest", Figure: ivp(200, 200, open)},
			},
			want: vigil.Total{Low: 281, Best: 291, HighUnbounded: true, UnknownLow: []int64{}, Unbounded: []int64{1, 5}},
		},
		{
			name: "both open ends",
			rows: []Row{
				{ID: 1, Event: "arrest", Figure: ivp(open, 0, open)},
			},
			want: vigil.Total{Low: 0, Best: 0, LowIncomplete: true, UnknownLow: []int64{1}, HighUnbounded: true, Unbounded: []int64{1}},
		},
		{
			name: "excluded rows do not mark the total",
			rows: []Row{
				{ID: 1, Event: "arrest", Figure: ivp(180, 200, 220)},
				{ID: 2, Event: "arrest", Ancestors: []int64{1}, Figure: ivp(open, 50, open)},
			},
			want: vigil.Total{Low: 180, Best: 200, High: ptr(220), UnknownLow: []int64{}, Unbounded: []int64{}},
		},
		{
			name: "no rows",
			rows: nil,
			want: vigil.Total{High: ptr(0), UnknownLow: []int64{}, Unbounded: []int64{}},
		},
		{
			name: "sums saturate instead of wrapping",
			rows: []Row{
				{ID: 1, Event: "arrest", Figure: ivp(math.MaxInt-5, math.MaxInt-5, math.MaxInt-5)},
				{ID: 2, Event: "arrest", Figure: ivp(10, 10, 10)},
			},
			want: vigil.Total{Low: math.MaxInt, Best: math.MaxInt, High: ptr(math.MaxInt), UnknownLow: []int64{}, Unbounded: []int64{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tally(tt.rows).Total; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Total = %s, want %s", js(t, got), js(t, tt.want))
			}
		})
	}
}

func TestTallyMonths(t *testing.T) {
	rows := []Row{
		{ID: 1, Event: "repatriation", DateStart: "2023-10-09", Figure: ivp(540, 600, 660)},
		{ID: 2, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(180, 200, 220)},
		{ID: 3, Event: "repatriation", DateStart: "2024-04-26", Figure: ivp(50, 55, 60)},
		{ID: 4, Event: "repatriation", DateStart: "2024-04-30", Figure: ivp(open, 10, open)},
		{ID: 5, Event: "repatriation", DateStart: "", Figure: ivp(7, 7, 7)},
		{ID: 6, Event: "repatriation", DateStart: "2024-04-28", Ancestors: []int64{2}, Figure: ivp(20, 20, 20)},
		{ID: 7, Event: "repatriation", DateStart: "2024", Figure: ivp(3, 3, 3)},
	}
	st := Tally(rows)
	want := []vigil.MonthTotal{
		{Month: "2023-10", Incidents: []int64{1}, Total: vigil.Total{Low: 540, Best: 600, High: ptr(660), UnknownLow: []int64{}, Unbounded: []int64{}}},
		{Month: "2024-04", Incidents: []int64{2, 3, 4}, Total: vigil.Total{Low: 230, Best: 265, LowIncomplete: true, UnknownLow: []int64{4}, HighUnbounded: true, Unbounded: []int64{4}}},
	}
	if !reflect.DeepEqual(st.Months, want) {
		t.Errorf("Months = %s\nwant %s", js(t, st.Months), js(t, want))
	}
	t.Run("undated rows count in the total only", func(t *testing.T) {
		if st.Total.Best != 600+265+7+3 {
			t.Errorf("Total.Best = %d, want %d", st.Total.Best, 600+265+7+3)
		}
		if !reflect.DeepEqual(st.Incidents, []int64{1, 2, 3, 4, 5, 7}) {
			t.Errorf("Incidents = %v", st.Incidents)
		}
	})
}

func TestMonth(t *testing.T) {
	tests := []struct {
		day, want string
		ok        bool
	}{
		{"2024-04-26", "2024-04", true},
		{"2024-04", "2024-04", true},
		{"", "", false},
		{"2024", "", false},
		{"2024-4-26", "", false},
		{"20X4-04-26", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.day, func(t *testing.T) {
			got, ok := month(tt.day)
			if got != tt.want || ok != tt.ok {
				t.Errorf("month(%q) = %q, %v, want %q, %v", tt.day, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTallyEmptySlicesInJSON(t *testing.T) {
	for _, tt := range []struct {
		name string
		rows []Row
	}{
		{"nil rows", nil},
		{"only excluded rows", []Row{{ID: 1, Event: "arrest"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := Tally(tt.rows)
			if st.Incidents == nil || st.Excluded == nil || st.Months == nil {
				t.Fatalf("nil slice in %+v", st)
			}
			out := js(t, st)
			for _, key := range []string{`"incidents":[]`, `"months":[]`} {
				if !strings.Contains(out, key) {
					t.Errorf("JSON %s lacks %s", out, key)
				}
			}
		})
	}
}

func TestTallyMixedEvents(t *testing.T) {
	st := Tally(seedRows())
	want := vigil.Total{Low: 831, Best: 916, HighUnbounded: true, UnknownLow: []int64{}, Unbounded: []int64{4}}
	if !reflect.DeepEqual(st.Total, want) {
		t.Errorf("Total = %s, want %s", js(t, st.Total), js(t, want))
	}
}

func TestTallyDeterministic(t *testing.T) {
	rows := []Row{
		{ID: 1, Event: "repatriation", DateStart: "2023-10-09", CohortID: 1, Figure: ivp(540, 600, 660)},
		{ID: 2, Event: "repatriation", DateStart: "2023-10-09", CohortID: 2, Ancestors: []int64{1}, Figure: ivp(open, 200, 200)},
		{ID: 3, Event: "repatriation", DateStart: "2024-04-26", CohortID: 3, Figure: ivp(180, 200, 220)},
		{ID: 4, Event: "repatriation", DateStart: "2024-04-26", CohortID: 4, Figure: ivp(50, 55, 60)},
		{ID: 5, Event: "arrest", DateStart: "2024-05-06", CohortID: 5, Figure: ivp(61, 61, open)},
		{ID: 6, Event: "detention", DateStart: "2024-05-08", CohortID: 5, Figure: ivp(61, 61, open)},
		{ID: 7, Event: "repatriation", DateStart: "2024-06-01", CohortID: 5, Figure: ivp(54, 60, 66)},
		{ID: 8, Event: "repatriation", DateStart: "2024-06-03", CohortID: 5, Figure: ivp(open, 60, 60)},
		{ID: 9, Event: "repatriation", DateStart: "2024-06-01", CohortID: 5, Figure: ivp(20, 30, 99)},
		{ID: 10, Event: "repatriation", DateStart: "", CohortID: 10},
		{ID: 11, Event: "repatriation", DateStart: "", CohortID: 11, Figure: ivp(7, 7, 7)},
	}
	want := Tally(rows)
	if !reflect.DeepEqual(want.Incidents, []int64{1, 3, 4, 5, 6, 7, 11}) {
		t.Fatalf("Incidents = %v", want.Incidents)
	}
	for i, r := range shuffled(t, rows, 50) {
		if got := Tally(r); !reflect.DeepEqual(got, want) {
			t.Fatalf("shuffle %d: Tally = %s, want %s", i, js(t, got), js(t, want))
		}
	}
}

func TestTallyDoesNotModifyRows(t *testing.T) {
	rows := seedRows()
	rows[0], rows[3] = rows[3], rows[0]
	before := js(t, rows)
	Tally(rows)
	if after := js(t, rows); after != before {
		t.Errorf("rows changed:\n%s\n%s", before, after)
	}
}

func TestAddSat(t *testing.T) {
	tests := []struct {
		name       string
		a, b, want int
	}{
		{"small", 2, 3, 5},
		{"overflow", math.MaxInt, 1, math.MaxInt},
		{"underflow", math.MinInt, -1, math.MinInt},
		{"negative", 5, -7, -2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := addSat(tt.a, tt.b); got != tt.want {
				t.Errorf("addSat(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// benchRows generates n rows: most alone, some part_of children of an
// earlier row, some in same_cohort chains, a few without a figure or date.
func benchRows(n int) []Row {
	r := rand.New(rand.NewPCG(2024, 5))
	events := []string{"arrest", "detention", "repatriation"}
	rows := make([]Row, n)
	for i := range rows {
		id := int64(i + 1)
		row := Row{ID: id, Event: events[r.IntN(len(events))], CohortID: id}
		if r.IntN(20) != 0 {
			row.DateStart = "2024-" + twoDigits(1+r.IntN(12)) + "-" + twoDigits(1+r.IntN(28))
		}
		if i > 0 {
			switch k := r.IntN(10); {
			case k == 0: // part_of an earlier row, maybe with a grandparent
				p := int64(1 + r.IntN(i))
				row.Ancestors = append(row.Ancestors, p)
				if p > 1 {
					row.Ancestors = append(row.Ancestors, int64(1+r.IntN(int(p-1))))
				}
			case k <= 2: // same cohort as an earlier row
				row.CohortID = rows[r.IntN(i)].CohortID
			}
		}
		if r.IntN(50) != 0 {
			best := 1 + r.IntN(1000)
			low, high := best*9/10, best*11/10+1
			switch r.IntN(10) {
			case 0:
				row.Figure = ivp(open, best, best)
			case 1:
				row.Figure = ivp(best, best, open)
			default:
				row.Figure = ivp(low, best, high)
			}
		}
		rows[i] = row
	}
	r.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
	return rows
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

func BenchmarkTally(b *testing.B) {
	rows := benchRows(100_000)
	b.ReportAllocs()
	for b.Loop() {
		Tally(rows)
	}
}

func js(tb testing.TB, v any) string {
	tb.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(out)
}
