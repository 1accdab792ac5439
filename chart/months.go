package chart

import (
	"fmt"
	"time"

	"vigil"
)

// MaxAxisMonths is the longest period drawn month by month from the
// requested bounds; a longer period is drawn from the first to the last
// month with incidents instead, so that a wide filter does not produce
// hundreds of empty slots.
const MaxAxisMonths = 240

// Span is a run of axis months: either one month with a total, or a run
// of consecutive months without any recorded incident (Total nil).
type Span struct {
	From, To  string // YYYY-MM; equal for a month with a total
	Total     *vigil.Total
	Incidents []int64
}

// Empty reports whether the span has no recorded incident.
func (s Span) Empty() bool { return s.Total == nil }

// axis returns every month from the axis start to its end, inclusive.
// from and to are days (YYYY-MM-DD) or months (YYYY-MM) and may be empty;
// the axis always covers every month in months.
func axis(months []vigil.MonthTotal, from, to string) ([]string, error) {
	first, last := "", ""
	for _, m := range months {
		if _, err := time.Parse("2006-01", m.Month); err != nil {
			return nil, fmt.Errorf("chart: month %q is not YYYY-MM", m.Month)
		}
		if first == "" || m.Month < first {
			first = m.Month
		}
		if last == "" || m.Month > last {
			last = m.Month
		}
	}
	lo, hi := first, last
	if len(from) >= 7 {
		if lo == "" || from[:7] < lo {
			lo = from[:7]
		}
	}
	if len(to) >= 7 {
		if hi == "" || to[:7] > hi {
			hi = to[:7]
		}
	}
	if lo == "" || hi == "" {
		return nil, nil
	}
	a, err := time.Parse("2006-01", lo)
	if err != nil {
		return nil, fmt.Errorf("chart: from %q is not a month or day", from)
	}
	b, err := time.Parse("2006-01", hi)
	if err != nil {
		return nil, fmt.Errorf("chart: to %q is not a month or day", to)
	}
	if b.Before(a) {
		return nil, fmt.Errorf("chart: to %s is before from %s", hi, lo)
	}
	n := (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
	if n > MaxAxisMonths && first != "" {
		a, _ = time.Parse("2006-01", first)
		b, _ = time.Parse("2006-01", last)
		n = (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
	}
	out := make([]string, 0, n)
	for t := a; !t.After(b); t = t.AddDate(0, 1, 0) {
		out = append(out, t.Format("2006-01"))
	}
	return out, nil
}

// Spans lists the axis months in order: each month with a total, and
// each run of months without any as one empty span. It is the chart's
// text alternative in table form. from and to are as for Render.
func Spans(months []vigil.MonthTotal, from, to string) ([]Span, error) {
	ax, err := axis(months, from, to)
	if err != nil {
		return nil, err
	}
	byMonth := map[string]vigil.MonthTotal{}
	for _, m := range months {
		byMonth[m.Month] = m
	}
	var out []Span
	for _, m := range ax {
		mt, ok := byMonth[m]
		if ok {
			t := mt.Total
			out = append(out, Span{From: m, To: m, Total: &t, Incidents: mt.Incidents})
			continue
		}
		if n := len(out); n > 0 && out[n-1].Empty() {
			out[n-1].To = m
			continue
		}
		out = append(out, Span{From: m, To: m})
	}
	return out, nil
}
