package edtf

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Pieces of the English patterns.
const (
	enMonth = `(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december` +
		`|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)`
	enWeekday = `(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)`
	enDay     = `(?P<d>\d{1,2})(?:st|nd|rd|th)?`
	enYear    = `(?:,{s}|{S})(?P<y>\d{4})`
	// enPart is "early", "mid", "late" and their longer forms.
	enPart = `(?P<epart>early|mid|late|earlier|later|(?:the{S})?(?:beginning|start|middle|end){S}of)(?:{s}-{s}|{S})`
)

var enMonths = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

func enMonthNum(s string) int { return enMonths[s[:3]] }

var enWeekdays = map[string]time.Weekday{"sunday": time.Sunday, "monday": time.Monday,
	"tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday}

var enNumbers = map[string]int{"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// enRel maps last/this/next to an offset.
func enRel(s string) int {
	switch s {
	case "last", "previous":
		return -1
	case "next":
		return 1
	}
	return 0
}

// capitalized reports whether the named group starts with an upper-case
// letter in the original text; Recognize uses it to skip "may" and "march"
// used as ordinary words.
func capitalized(name string) func(groups) bool {
	return func(g groups) bool {
		s, e := g.span(name)
		if s < 0 {
			return true
		}
		r, _ := utf8.DecodeRuneInString(g.text[s:e])
		return unicode.IsUpper(r)
	}
}

// anchoredBy reports whether a match carries one of the named groups, so
// that a bare year, month or ordinal is only taken from a sentence when a
// preposition or qualifier marks it as a date.
func anchoredBy(names ...string) func(groups) bool {
	return func(g groups) bool {
		for _, n := range names {
			if g.has(n) {
				return true
			}
		}
		return false
	}
}

func both(a, b func(groups) bool) func(groups) bool {
	return func(g groups) bool { return a(g) && b(g) }
}

var enRules = []rule{
	{
		name:    "en-month-day", // April 26, Friday, April 26, 2024, Apr. 26th
		hints:   enMonthHints,
		pattern: `(?:` + enWeekday + `,?{S})?` + enMonth + `{S}` + enDay + `(?:` + enYear + `)?`,
		scan:    capitalized("mon"),
		build:   enMonthDay,
	},
	{
		name:    "en-day-month", // 26 April, the 26th of April 2024
		hints:   enMonthHints,
		pattern: `(?:` + enWeekday + `,?{S})?(?:the{S})?` + enDay + `{S}(?:of{S})?` + enMonth + `(?:` + enYear + `)?`,
		scan:    capitalized("mon"),
		build:   enMonthDay,
	},
	{
		name:    "en-month-year", // October 2023, mid-April 2024
		hints:   enMonthHints,
		pattern: `(?:` + enPart + `)?` + enMonth + enYear,
		scan:    capitalized("mon"),
		build: func(_ *resolver, g groups) (expr, *failure) {
			e := single(monthPoint(parseInt(g.get("y")), enMonthNum(g.get("mon"))))
			return withPart(e, g.get("epart")), nil
		},
	},
	{
		name:    "en-month", // in October, last April, early April
		hints:   enMonthHints,
		pattern: `(?:(?P<dir>last|next|this){S})?(?:` + enPart + `)?` + enMonth,
		scan:    both(capitalized("mon"), anchoredBy("prep", "prep2", "apx", "dir", "epart")),
		build: func(r *resolver, g groups) (expr, *failure) {
			m := enMonthNum(g.get("mon"))
			var e expr
			var f *failure
			switch g.get("dir") {
			case "this":
				var y int
				y, f = r.relYear(0)
				e = single(monthPoint(y, m))
			case "last":
				e, f = r.month(m, before)
			case "next":
				e, f = r.month(m, after)
			default:
				e, f = r.month(m, onOrBefore)
			}
			if f != nil {
				return expr{}, f
			}
			return withPart(e, g.get("epart")), nil
		},
	},
	{
		name:    "en-year", // in 2023, early 2024
		hints:   digitHints,
		pattern: `(?:` + enPart + `)?(?P<y>\d{4})`,
		scan:    anchoredBy("prep", "prep2", "apx", "epart"),
		build: func(_ *resolver, g groups) (expr, *failure) {
			return withPart(single(point{year: parseInt(g.get("y"))}), g.get("epart")), nil
		},
	},
	{
		name:    "en-relative", // last week, this month, late last year
		hints:   []string{"last", "this", "next", "previous"},
		pattern: `(?:` + enPart + `)?(?P<rel>last|this|next|previous){S}(?P<unit>weekend|week|month|year)`,
		build: func(r *resolver, g groups) (expr, *failure) {
			n := enRel(g.get("rel"))
			var e expr
			var f *failure
			switch g.get("unit") {
			case "week":
				e, f = r.week(n, 0, false)
			case "weekend":
				e, f = r.weekend(n)
			case "month":
				var c civil
				c, f = r.relMonth(n)
				e = single(monthPoint(c.y, c.m))
			default:
				var y int
				y, f = r.relYear(n)
				e = single(point{year: y})
			}
			if f != nil {
				return expr{}, f
			}
			return withPart(e, g.get("epart")), nil
		},
	},
	{
		name:    "en-relday", // yesterday, today, the day before yesterday
		hints:   []string{"yesterday", "today", "tomorrow"},
		pattern: `(?P<rd>the{S}day{S}before{S}yesterday|yesterday|today|tomorrow|the{S}day{S}after{S}tomorrow)`,
		build: func(r *resolver, g groups) (expr, *failure) {
			ref, f := r.today()
			if f != nil {
				return expr{}, f
			}
			n := 0
			switch rd := strings.Join(strings.Fields(g.get("rd")), " "); rd {
			case "yesterday":
				n = -1
			case "the day before yesterday":
				n = -2
			case "tomorrow":
				n = 1
			case "the day after tomorrow":
				n = 2
			}
			return single(dayPoint(ref.addDays(n))), nil
		},
	},
	{
		name:    "en-weekday", // Thursday, on Thursday, last Thursday
		hints:   []string{"day"},
		pattern: `(?:(?P<dir>last|next|this{S}past|past){S})?` + enWeekday,
		scan:    capitalized("wd"),
		build: func(r *resolver, g groups) (expr, *failure) {
			dir := onOrBefore
			switch d := g.get("dir"); {
			case d == "next":
				dir = after
			case d != "":
				dir = before
			}
			return r.weekday(enWeekdays[g.get("wd")], dir)
		},
	},
	{
		name:    "en-ordinal", // the 13th, on the 13th
		hints:   []string{"st", "nd", "rd", "th"},
		pattern: `(?P<the>the{S})?(?P<d>\d{1,2})(?:st|nd|rd|th)`,
		scan:    anchoredBy("prep", "prep2", "apx"),
		build: func(r *resolver, g groups) (expr, *failure) {
			return r.dayOfMonth(parseInt(g.get("d")), onOrBefore)
		},
	},
	{
		name:    "en-ago", // three days ago, 2 weeks ago, a year ago
		hints:   []string{"ago"},
		pattern: `(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve){S}(?P<unit>day|week|month|year)s?{S}ago`,
		build: func(r *resolver, g groups) (expr, *failure) {
			n, ok := enNumbers[g.get("n")]
			if !ok {
				n = parseInt(g.get("n"))
			}
			return r.ago(n, g.get("unit")[0])
		},
	},
	{
		name:  "en-nodate", // recently, lately, a few days ago
		hints: []string{"recent", "lately", "ago", "other"},
		pattern: `(?P<nodate>recently|lately|in{S}recent{S}(?:days|weeks|months|years)` +
			`|(?:a{S})?(?:few|couple{S}of|several){S}(?:days|weeks|months|years){S}ago` +
			`|a{S}while{S}ago|some{S}time{S}ago|the{S}other{S}day)`,
		build: noDate,
	},
}

// enMonthDay builds "April 26" and "26 April", with or without a year.
func enMonthDay(r *resolver, g groups) (expr, *failure) {
	m, d := enMonthNum(g.get("mon")), parseInt(g.get("d"))
	if g.has("y") {
		return single(point{year: parseInt(g.get("y")), month: m, day: d}), nil
	}
	return r.monthDay(m, d, onOrBefore)
}
