package extract

import (
	"fmt"
	"strings"
	"time"
)

// fastResolve resolves the commonest date expressions without
// edtf.Resolve's regexps, which cost about 10 µs a call: "9일", "지난
// 9일", "4월 26일", "2023년 10월 9일", "지난해 10월", "지난달 26일",
// "October 9", "April 26, 2024", "26 April", "last October", "2023",
// "last month". It follows edtf's rules (see the edtf package comment) and
// reports false for anything else, which edtf.Resolve then reads.
// TestFastResolveAgrees checks it against edtf.Resolve over many
// expressions and reference days.
func fastResolve(expr string, ref time.Time) (string, bool) {
	f := strings.Fields(expr)
	if len(f) == 0 || len(f) > 4 {
		return "", false
	}
	hasRef := !ref.IsZero()
	ry, rmo, rd := ref.Date()
	rm := int(rmo)
	today := civilDay{ry, rm, rd}
	var y, m, d int
	dir := 0 // 0 on or before, -1 before (지난, last), 1 after (오는, next)
	relYear, relMonth := false, false
	for i, w := range f {
		switch {
		case i == 0 && (w == "지난" || w == "last"):
			dir = -1
		case i == 0 && w == "오는":
			dir = 1
		case i == 0 && (w == "지난해" || w == "작년" || w == "올해" || w == "금년" || w == "재작년" || w == "내년"):
			y = ry + map[string]int{"지난해": -1, "작년": -1, "재작년": -2, "내년": 1}[w]
			relYear = true
		case i == 0 && (w == "지난달" || w == "이달"):
			c := today.addMonths(map[string]int{"지난달": -1}[w])
			y, m, relMonth = c.y, c.m, true
		case strings.HasSuffix(w, "년") && len(w) == 4+len("년") && y == 0 && m == 0 && d == 0:
			y = atoi(w[:4])
		case strings.HasSuffix(w, "월") && m == 0 && d == 0 && !relMonth:
			m = atoi(w[:len(w)-len("월")])
		case strings.HasSuffix(w, "일") && d == 0:
			d = atoi(w[:len(w)-len("일")])
		default:
			// English: a month name, a day, a year.
			lw := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(w, ","), "."))
			if mo := englishMonth(lw); mo > 0 && m == 0 {
				m = mo
				continue
			}
			if i == 0 && dir == 0 && (lw == "last" || lw == "this") {
				dir = -1
				if lw == "this" {
					dir = 2
				}
				continue
			}
			if dir != 0 && i == 1 && len(f) == 2 && (lw == "month" || lw == "year") {
				if !hasRef {
					return "", false
				}
				n := -1
				if dir == 2 {
					n = 0
				}
				if lw == "year" {
					return fmt.Sprintf("%04d", ry+n), true
				}
				c := today.addMonths(n)
				return fmt.Sprintf("%04d-%02d", c.y, c.m), true
			}
			digits := strings.TrimRight(lw, "stndrh")
			if len(lw)-len(digits) != 0 && len(lw)-len(digits) != 2 {
				return "", false
			}
			n := atoi(digits)
			switch {
			case n < 0:
				return "", false
			case len(digits) == 4 && y == 0 && digits == lw:
				y = n
			case len(digits) <= 2 && d == 0:
				d = n
			default:
				return "", false
			}
		}
	}
	if y < 0 || m < 0 || d < 0 || dir == 2 {
		return "", false
	}
	if y > 0 && !relYear && !relMonth && dir == 0 { // absolute
		switch {
		case m == 0 && d == 0:
			if y < 1000 {
				return "", false
			}
			return fmt.Sprintf("%04d", y), true
		case m >= 1 && m <= 12 && d == 0:
			return fmt.Sprintf("%04d-%02d", y, m), true
		case m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m):
			return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
		}
		return "", false
	}
	if !hasRef || m > 12 || d > 31 || (relYear || relMonth) && dir != 0 {
		return "", false
	}
	switch {
	case relMonth && d == 0:
		return fmt.Sprintf("%04d-%02d", y, m), true
	case relMonth:
		if d < 1 || d > daysInMonth(y, m) {
			return "", false
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
	case relYear && m == 0 && d == 0:
		return fmt.Sprintf("%04d", y), true
	case relYear && m >= 1 && d == 0:
		return fmt.Sprintf("%04d-%02d", y, m), true
	case relYear && m >= 1 && d >= 1 && d <= daysInMonth(y, m):
		return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
	case relYear:
		return "", false
	case m == 0 && d >= 1 && dir != 1: // 9일, 지난 9일: the latest day d on or before ref
		for k := 0; k < 12; k++ {
			c := today.addMonths(-k)
			if d > daysInMonth(c.y, c.m) || k == 0 && d > rd {
				continue
			}
			return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, d), true
		}
		return "", false
	case m >= 1 && d == 0 && dir != 1: // 10월, 지난 10월, last October
		y := ry
		if dir == 0 && m > rm || dir == -1 && m >= rm {
			y--
		}
		return fmt.Sprintf("%04d-%02d", y, m), true
	case m >= 1 && d >= 1 && dir != 1: // 4월 26일, April 26: within a week ahead at most
		limit := today
		if dir == 0 {
			limit = today.addDays(7)
		}
		for y := ry + 1; y >= ry-1; y-- {
			if c := (civilDay{y, m, d}); !limit.less(c) {
				if d > daysInMonth(y, m) {
					return "", false
				}
				return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
			}
		}
	}
	return "", false
}

// civilDay is a calendar day.
type civilDay struct{ y, m, d int }

func (c civilDay) time() time.Time {
	return time.Date(c.y, time.Month(c.m), c.d, 12, 0, 0, 0, time.UTC)
}

func (c civilDay) addMonths(n int) civilDay {
	t := time.Date(c.y, time.Month(c.m)+time.Month(n), 1, 12, 0, 0, 0, time.UTC)
	return civilDay{t.Year(), int(t.Month()), 1}
}

func (c civilDay) addDays(n int) civilDay {
	t := c.time().AddDate(0, 0, n)
	return civilDay{t.Year(), int(t.Month()), t.Day()}
}

func (c civilDay) less(o civilDay) bool {
	if c.y != o.y {
		return c.y < o.y
	}
	if c.m != o.m {
		return c.m < o.m
	}
	return c.d < o.d
}

func daysInMonth(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// atoi reads 1 to 4 ASCII digits, or returns -1.
func atoi(s string) int {
	if s == "" || len(s) > 4 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// englishMonth returns 1-12 for a lower-case month name or abbreviation.
func englishMonth(w string) int {
	if len(w) < 3 {
		return 0
	}
	i, ok := wordTable[w]
	if !ok || words[i].flags&fMonth == 0 {
		return 0
	}
	return words[i].month
}
