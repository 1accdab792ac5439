package edtf

import (
	"fmt"
	"strings"
	"time"
)

// resolver holds the reference day.
type resolver struct {
	ref    civil
	hasRef bool
}

func newResolver(ref time.Time) *resolver {
	if ref.IsZero() {
		return &resolver{}
	}
	y, m, d := ref.Date()
	return &resolver{ref: civil{y, int(m), d}, hasRef: true}
}

var errNoRef = &failure{ErrInvalid, "a relative date needs a reference date"}

// today returns the reference day, or a failure when there is none.
func (r *resolver) today() (civil, *failure) {
	if !r.hasRef {
		return civil{}, errNoRef
	}
	return r.ref, nil
}

// Calendar helpers. Arithmetic goes through time.Time at noon UTC.

func (c civil) time() time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 12, 0, 0, 0, time.UTC)
}

func fromTime(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, int(m), d}
}

func (c civil) addDays(n int) civil { return fromTime(c.time().AddDate(0, 0, n)) }

// addMonths returns the first day of the month n months from c's month.
func (c civil) addMonths(n int) civil {
	return fromTime(time.Date(c.y, time.Month(c.m)+time.Month(n), 1, 12, 0, 0, 0, time.UTC))
}

func (c civil) weekday() time.Weekday { return c.time().Weekday() }

// monday returns the Monday of c's week (weeks run Monday to Sunday).
func (c civil) monday() civil { return c.addDays(-((int(c.weekday()) + 6) % 7)) }

// direction says which way a relative expression looks from the
// reference day.
type direction int

const (
	onOrBefore direction = iota // "9일", "on Thursday", "in October"
	before                      // "지난 목요일", "last Thursday"
	after                       // "오는 목요일", "next Thursday"
)

func dayPoint(c civil) point    { return point{year: c.y, month: c.m, day: c.d} }
func monthPoint(y, m int) point { return point{year: y, month: m} }
func single(p point) expr       { return expr{start: bound{pt: p}} }

func span(a, b point) expr {
	return expr{interval: true, start: bound{pt: a}, end: bound{pt: b}}
}

// dayOfMonth resolves a day of the month without month or year: the
// latest day d on or before ref (or the earliest on or after it), skipping
// months that have no day d.
func (r *resolver) dayOfMonth(d int, dir direction) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	if d < 1 || d > 31 {
		return expr{}, invalid("day %d", d)
	}
	step := -1
	if dir == after {
		step = 1
	}
	for k := 0; k < 12; k++ {
		c := ref.addMonths(step * k)
		if d > daysIn(c.y, c.m) {
			continue
		}
		if k == 0 && (dir == after && d < ref.d || dir != after && d > ref.d) {
			continue
		}
		return single(dayPoint(civil{c.y, c.m, d})), nil
	}
	return expr{}, invalid("day %d", d)
}

// futureGraceDays is how far after the reference day a month and day
// without a year may fall before it is taken as last year's.
const futureGraceDays = 7

// monthDay resolves a month and day without a year.
func (r *resolver) monthDay(m, d int, dir direction) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	if m < 1 || m > 12 {
		return expr{}, invalid("month %d", m)
	}
	limit := ref
	if dir == onOrBefore {
		limit = ref.addDays(futureGraceDays)
	}
	if dir == after {
		for y := ref.y - 1; y <= ref.y+1; y++ {
			if c := (civil{y, m, d}); !c.less(ref) {
				return single(dayPoint(c)), nil
			}
		}
	}
	for y := ref.y + 1; y >= ref.y-1; y-- {
		if c := (civil{y, m, d}); !limit.less(c) {
			return single(dayPoint(c)), nil
		}
	}
	return single(dayPoint(civil{ref.y - 1, m, d})), nil
}

// month resolves a month without a year.
func (r *resolver) month(m int, dir direction) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	if m < 1 || m > 12 {
		return expr{}, invalid("month %d", m)
	}
	y := ref.y
	switch {
	case dir == onOrBefore && m > ref.m, dir == before && m >= ref.m:
		y--
	case dir == after && m <= ref.m:
		y++
	}
	return single(monthPoint(y, m)), nil
}

// weekday resolves a day of the week near ref.
func (r *resolver) weekday(wd time.Weekday, dir direction) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	if dir == after {
		fwd := (int(wd) - int(ref.weekday()) + 7) % 7
		if fwd == 0 {
			fwd = 7
		}
		return single(dayPoint(ref.addDays(fwd))), nil
	}
	back := (int(ref.weekday()) - int(wd) + 7) % 7
	if back == 0 && dir == before {
		back = 7
	}
	return single(dayPoint(ref.addDays(-back))), nil
}

// week returns the Monday-Sunday week n weeks from ref's week (the whole
// week, even where it runs past ref), or its day wd when hasWD.
func (r *resolver) week(n int, wd time.Weekday, hasWD bool) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	mon := ref.monday().addDays(7 * n)
	if hasWD {
		return single(dayPoint(mon.addDays((int(wd) + 6) % 7))), nil
	}
	return span(dayPoint(mon), dayPoint(mon.addDays(6))), nil
}

// weekend returns Saturday and Sunday of the week n weeks from ref's.
func (r *resolver) weekend(n int) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	sat := ref.monday().addDays(7*n + 5)
	return span(dayPoint(sat), dayPoint(sat.addDays(1))), nil
}

// relMonth returns the month n months from ref's.
func (r *resolver) relMonth(n int) (civil, *failure) {
	ref, f := r.today()
	if f != nil {
		return civil{}, f
	}
	return ref.addMonths(n), nil
}

// relYear returns ref's year plus n.
func (r *resolver) relYear(n int) (int, *failure) {
	ref, f := r.today()
	if f != nil {
		return 0, f
	}
	return ref.y + n, nil
}

// ago resolves "n units ago": days give that day; weeks that day with ~;
// months and years that month or year with ~.
func (r *resolver) ago(n int, unit byte) (expr, *failure) {
	ref, f := r.today()
	if f != nil {
		return expr{}, f
	}
	if n < 0 || n > 3650 {
		return expr{}, invalid("%d is too far back", n)
	}
	switch unit {
	case 'd':
		return single(dayPoint(ref.addDays(-n))), nil
	case 'w':
		return single(dayPoint(ref.addDays(-7 * n))).approximate(), nil
	case 'm':
		c := ref.addMonths(-n)
		return single(monthPoint(c.y, c.m)).approximate(), nil
	}
	return single(point{year: ref.y - n}).approximate(), nil
}

// withPart applies "early", "mid" or "late" (or a Korean 초순, 중순, 하순)
// to a month or year. Dekads become intervals; the rest keep the period
// and mark it approximate, since the text gives no narrower bounds.
func withPart(e expr, part string) expr {
	part = strings.TrimSpace(part)
	if part == "" || part == "중" {
		return e
	}
	p := e.start.pt
	if !e.interval && p.month > 0 && p.day == 0 && p.validate() == "" {
		lo, hi := 0, 0
		switch part {
		case "상순", "초순":
			lo, hi = 1, 10
		case "중순":
			lo, hi = 11, 20
		case "하순":
			lo, hi = 21, daysIn(p.year, p.month)
		}
		if lo > 0 {
			a, b := p, p
			a.day, b.day = lo, hi
			return span(a, b)
		}
	}
	return e.approximate()
}

// parseInt parses a small decimal number; the patterns guarantee digits.
func parseInt(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 6; i++ {
		if s[i] < '0' || s[i] > '9' {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// noDate builds the failure for expressions that name no date.
func noDate(_ *resolver, g groups) (expr, *failure) {
	return expr{}, &failure{ErrNoDate, fmt.Sprintf("%q does not say when", strings.TrimSpace(g.get("nodate")))}
}
