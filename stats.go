package vigil

// StatsFilter selects the incidents a total is computed over.
type StatsFilter struct {
	Event EventType `json:"event"`
	// From and To bound the incident's earliest day, inclusive
	// (YYYY-MM-DD). Either may be empty for an open end.
	From string `json:"from"`
	To   string `json:"to"`
	// PlaceID matches the place and every place under it.
	PlaceID       *int64 `json:"place_id,omitempty"`
	PerpetratorID *int64 `json:"perpetrator_id,omitempty"`
}

// Total is a sum over incidents, after part_of children and repeated
// same_cohort members are removed (DOMAIN.md §2).
type Total struct {
	Low  int  `json:"low"`
	Best int  `json:"best"`
	High *int `json:"high"`
	// LowIncomplete is set when some incident's low is unknown and was
	// counted as 0; UnknownLow lists them.
	LowIncomplete bool    `json:"low_incomplete"`
	UnknownLow    []int64 `json:"unknown_low,omitempty"`
	// HighUnbounded is set when some incident's high is unbounded, which
	// makes High null; Unbounded lists them.
	HighUnbounded bool    `json:"high_unbounded"`
	Unbounded     []int64 `json:"unbounded,omitempty"`
}

// Exclusion is an incident that matched the filter but is not added to
// the total, with the reason: "part_of 12", "same_cohort 7" or "no figure".
type Exclusion struct {
	ID     int64  `json:"id"`
	Reason string `json:"reason"`
}

// MonthTotal is the total of the incidents whose earliest day falls in
// Month ("2024-04").
type MonthTotal struct {
	Month     string  `json:"month"`
	Total     Total   `json:"total"`
	Incidents []int64 `json:"incidents"`
}

// Stats is an honest total: the numbers, the incidents behind them, the
// incidents left out and why, and the monthly series.
type Stats struct {
	Filter    StatsFilter  `json:"filter"`
	Total     Total        `json:"total"`
	Incidents []int64      `json:"incidents"`
	Excluded  []Exclusion  `json:"excluded"`
	Months    []MonthTotal `json:"months"`
}
