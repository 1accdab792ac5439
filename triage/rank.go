package triage

import (
	"sort"
	"time"

	"vigil"
	"vigil/figure"
)

// Match is an incident suggested for a claim, with its score and the
// reasons that earned it (keys: "event", "event_related", "date",
// "date_near", "place", "place_near", "figure").
type Match struct {
	Incident *vigil.Incident `json:"incident"`
	Score    int             `json:"score"`
	Reasons  []string        `json:"reasons"`
}

// Probe is what ranking compares: a claim's event, date bounds, place
// and interval.
type Probe struct {
	Event     vigil.EventType
	DateStart string // YYYY-MM-DD, "" when unknown
	DateEnd   string
	PlaceID   int64 // 0 when unknown
	Interval  *figure.Interval
}

// Points per kind of overlap. The event and the date weigh most: a claim
// about the same event on overlapping days is the likeliest match.
const (
	pointsEvent        = 5
	pointsEventRelated = 1
	pointsDate         = 4
	pointsDateNear     = 2
	pointsPlace        = 3
	pointsPlaceNear    = 2
	pointsFigure       = 2
	nearDays           = 14
)

// related events can be the same people at another stage: arrested,
// detained, at risk, then repatriated.
func related(a, b vigil.EventType) bool {
	stage := map[vigil.EventType]bool{vigil.EventArrest: true, vigil.EventDetention: true, vigil.EventAtRisk: true, vigil.EventRepatriation: true, vigil.EventTransfer: true}
	return stage[a] && stage[b]
}

// Rank scores incidents as homes for a claim and returns those with any
// overlap, best first (ties: the more recent incident first), at most
// limit. parents maps a place to its parent, so a claim in a city
// matches an incident at a facility in it and the other way round.
// It is pure: the same input always gives the same order.
func Rank(p Probe, incidents []*vigil.Incident, parents map[int64]int64, limit int) []Match {
	var out []Match
	for _, inc := range incidents {
		m := Match{Incident: inc}
		switch {
		case p.Event != "" && inc.Event == p.Event:
			m.add(pointsEvent, "event")
		case related(p.Event, inc.Event):
			m.add(pointsEventRelated, "event_related")
		}
		if gap, ok := dayGap(p.DateStart, p.DateEnd, inc.DateStart, inc.DateEnd); ok {
			if gap == 0 {
				m.add(pointsDate, "date")
			} else if gap <= nearDays {
				m.add(pointsDateNear, "date_near")
			}
		}
		if p.PlaceID != 0 && inc.PlaceID != nil {
			if *inc.PlaceID == p.PlaceID {
				m.add(pointsPlace, "place")
			} else if within(p.PlaceID, *inc.PlaceID, parents) || within(*inc.PlaceID, p.PlaceID, parents) {
				m.add(pointsPlaceNear, "place_near")
			}
		}
		if p.Interval != nil && inc.Figure != nil && overlaps(*p.Interval, *inc.Figure) {
			m.add(pointsFigure, "figure")
		}
		if m.Score > 0 {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Incident.ID > out[j].Incident.ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (m *Match) add(points int, reason string) {
	m.Score += points
	m.Reasons = append(m.Reasons, reason)
}

// dayGap is the number of days between two day ranges, 0 when they
// overlap; ok is false when either is unknown. An unknown end is the
// start.
func dayGap(as, ae, bs, be string) (int, bool) {
	a0, ok1 := day(as)
	b0, ok2 := day(bs)
	if !ok1 || !ok2 {
		return 0, false
	}
	a1, ok := day(ae)
	if !ok {
		a1 = a0
	}
	b1, ok := day(be)
	if !ok {
		b1 = b0
	}
	switch {
	case a1.Before(b0):
		return int(b0.Sub(a1).Hours() / 24), true
	case b1.Before(a0):
		return int(a0.Sub(b1).Hours() / 24), true
	}
	return 0, true
}

func day(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// within reports whether place a lies under place b.
func within(a, b int64, parents map[int64]int64) bool {
	for i := 0; i < 16; i++ { // gazetteers are shallow; a cycle cannot loop
		p, ok := parents[a]
		if !ok {
			return false
		}
		if p == b {
			return true
		}
		a = p
	}
	return false
}

// overlaps reports whether two intervals share a number; an unknown low
// is 0 and a missing high unbounded.
func overlaps(a, b figure.Interval) bool {
	lo := func(iv figure.Interval) int {
		if iv.Low == nil {
			return 0
		}
		return *iv.Low
	}
	hiBelow := func(iv figure.Interval, n int) bool { return iv.High != nil && *iv.High < n }
	return !hiBelow(a, lo(b)) && !hiBelow(b, lo(a))
}
