package extract

import "strings"

// English date spans. Each returns the tokens it covers and the words
// edtf.Resolve reads: "October 9", "April 26, 2024", "last October",
// "early April", "in 2023", "last month", "two months ago".

// enDateWord reads an English date that starts with a word at token i.
func (x *extractor) enDateWord(i int, s sentence) (dateCand, bool) {
	f := x.flags(i)
	switch {
	case x.isMonth(i):
		return x.enMonthDate(i, s)
	case f&fWeekday != 0 && x.capital(i):
		start := i
		if x.wordIs(i-1, wLast) || x.wordIs(i-1, wNext) || x.wordIs(i-1, wThis) {
			start = i - 1
		}
		return x.enSpan(start, i+1, s), true
	case x.wordIs(i, wLast) || x.wordIs(i, wThis) || x.wordIs(i, wNext) || x.wordIs(i, wPast):
		if x.wordIs(i+1, wWeek) || x.wordIs(i+1, wMonth) || x.wordIs(i+1, wYear) || x.wordIs(i+1, wWeekend) {
			start := i
			if x.wordIs(i-1, wEarly) || x.wordIs(i-1, wLate) || x.wordIs(i-1, wMid) ||
				x.wordIs(i-1, wEarlier) || x.wordIs(i-1, wLater) {
				start = i - 1
			}
			d := x.enSpan(start, i+2, s)
			if x.wordIs(i, wPast) {
				d.expr = "last " + strings.ToLower(x.tokText(i+1))
			}
			return d, true
		}
	case x.wordIs(i, wYesterday) || x.wordIs(i, wToday):
		return x.enSpan(i, i+1, s), true
	case x.wordIs(i, wRecently) || x.wordIs(i, wLately):
		return dateCand{ti: i, tj: i + 1, kind: dNoDate}, true
	case x.wordIs(i, wIn) && x.wordIs(i+1, wRecent) &&
		(x.wordIs(i+2, wDays) || x.wordIs(i+2, wWeeks) || x.wordIs(i+2, wMonths) || x.wordIs(i+2, wYears)):
		return dateCand{ti: i, tj: i + 3, kind: dNoDate}, true
	case x.wordIs(i, wCurrently) || x.wordIs(i, wPresently):
		return dateCand{ti: i, tj: i + 1, kind: dPublished}, true
	case x.wordIs(i, wAt) && x.wordIs(i+1, wPresent):
		return dateCand{ti: i, tj: i + 2, kind: dPublished}, true
	case x.wordIs(i, wNew) && x.wordIs(i+1, wYear) && (x.punctIs(i+2, "'") || x.punctIs(i+2, "’")) &&
		x.wordIs(i+3, wS) && x.wordIs(i+4, wDay):
		d := dateCand{ti: i, tj: i + 5, expr: "January 1"}
		if x.wordIs(i-1, wLunar) {
			return dateCand{}, false
		}
		return d, true
	case x.wordIs(i, wChristmas) && x.capital(i):
		tj := i + 1
		if x.wordIs(i+1, wDay) || x.wordIs(i+1, wEve) {
			if x.wordIs(i+1, wEve) {
				return dateCand{ti: i, tj: i + 2, expr: "December 24"}, true
			}
			tj++
		}
		return dateCand{ti: i, tj: tj, expr: "December 25"}, true
	case f&fNumber != 0 || x.wordIs(i, wA) || x.wordIs(i, wAn):
		return x.enAgo(i, s)
	}
	return dateCand{}, false
}

// enDateNum reads an English date that starts with digits at token i:
// "26 April", "2024-04-26", "in 2023", "three days ago" (in digits).
func (x *extractor) enDateNum(i int, s sentence) (dateCand, bool) {
	t := x.toks[i]
	num := x.tokText(i)
	// 2024-04-26, 2024-04
	if len(num) == 4 && x.punctIs(i+1, "-") && x.toks[i+1].gap == 0 && i+2 < s.b &&
		x.toks[i+2].kind == kNum && x.toks[i+2].gap == 0 && len(x.tokText(i+2)) == 2 {
		j := i + 3
		if x.punctIs(j, "-") && x.toks[j].gap == 0 && j+1 < s.b && x.toks[j+1].kind == kNum &&
			x.toks[j+1].gap == 0 && len(x.tokText(j+1)) == 2 {
			j += 2
		}
		return x.enSpan(i, j, s), true
	}
	// 26 April, 24th March 2018
	j := i + 1
	if j < s.b && x.toks[j].kind == kWord && x.toks[j].gap == 0 && isOrdinal(x.tokText(j)) {
		j++
	}
	if len(num) <= 2 && x.isMonth(j) {
		k := j + 1
		if k < s.b && x.toks[k].kind == kNum && len(x.tokText(k)) == 4 {
			k++
		}
		start := i
		if x.wordIs(i-1, wThe) {
			start = i - 1
		}
		d := x.enSpan(start, k, s)
		d.expr = oneSpaced(x.text[t.start:x.toks[k-1].end])
		return d, true
	}
	// in 2023, since 2024, between 2020 and 2023
	if len(num) == 4 && num >= "1900" && num <= "2100" && i > s.a {
		p := i - 1
		part := ""
		if x.wordIs(p, wEarly) || x.wordIs(p, wLate) || x.wordIs(p, wMid) {
			part = strings.ToLower(x.tokText(p)) + " "
			p--
		} else if x.punctIs(p, "-") && x.wordIs(p-1, wMid) {
			part = "mid "
			p -= 2
		}
		if part == "" && !(x.flags(p)&fYearPrep != 0 && !x.wordIs(p, wTo) && !x.wordIs(p, wAnd)) {
			return dateCand{}, false
		}
		if x.wordIs(p, wOf) && !x.wordIs(p-1, wSpring) && !x.wordIs(p-1, wSummer) && !x.wordIs(p-1, wAutumn) &&
			!x.wordIs(p-1, wFall) && !x.wordIs(p-1, wWinter) && !x.wordIs(p-1, wHalf) && !x.wordIs(p-1, wEnd) &&
			!x.wordIs(p-1, wBeginning) && !x.wordIs(p-1, wStart) && !x.wordIs(p-1, wMiddle) {
			return dateCand{}, false // "a population of 2000" is not a year
		}
		if i+1 < s.b && (x.toks[i+1].kind == kHangul || x.toks[i+1].kind == kWord && x.toks[i+1].gap == 0) {
			return dateCand{}, false
		}
		d := dateCand{ti: min(p+1, i), tj: i + 1, expr: part + num}
		if part != "" {
			d.ti = p + 1
		}
		d.open = x.wordIs(p, wSince)
		if x.wordIs(p, wBetween) || x.wordIs(p, wFrom) || x.wordIs(p, wIn) || x.wordIs(p, wDuring) {
			if x.wordIs(i+1, wAnd) || x.wordIs(i+1, wTo) || x.wordIs(i+1, wThrough) ||
				x.punctIs(i+1, "-") || x.punctIs(i+1, "–") {
				if i+2 < s.b && x.toks[i+2].kind == kNum && len(x.tokText(i+2)) == 4 {
					d.expr2 = x.tokText(i + 2)
					d.tj = i + 3
				}
			}
		}
		return d, true
	}
	return x.enAgo(i, s)
}

// enMonthDate reads a date that starts with a month name at token i:
// "October 9", "April 26, 2024", "March 24th", "October 2023", and a bare
// month after "in", "last", "early" and the like.
func (x *extractor) enMonthDate(i int, s sentence) (dateCand, bool) {
	start, anchored, open := i, false, false
	p := i - 1
	switch {
	case x.wordIs(p, wEarly) || x.wordIs(p, wLate) || x.wordIs(p, wMid):
		start, anchored = p, true
	case x.punctIs(p, "-") && x.wordIs(p-1, wMid):
		start, anchored = p-1, true
	case x.wordIs(p, wLast) || x.wordIs(p, wThis) || x.wordIs(p, wNext):
		start, anchored = p, true
	}
	if x.wordIs(start-1, wAround) || x.wordIs(start-1, wAbout) || x.wordIs(start-1, wApproximately) ||
		x.wordIs(start-1, wCirca) {
		start--
	}
	q := start - 1
	if x.wordIs(q, wThe) && (x.wordIs(q-1, wOf) || x.wordIs(q-1, wIn)) {
		q -= 2 // "at the end of", "in the middle of"
	}
	if x.flags(q)&(fPrep|fYearPrep) != 0 {
		anchored = true
		open = x.wordIs(q, wSince)
	}
	j := i + 1
	if x.punctIs(j, ".") && x.toks[j].gap == 0 && j+1 < s.b && x.toks[j+1].kind == kNum {
		j++ // "Jan. 5"
	}
	if j < s.b && x.toks[j].kind == kNum && len(x.tokText(j)) <= 2 {
		j++
		if j < s.b && x.toks[j].kind == kWord && x.toks[j].gap == 0 && isOrdinal(x.tokText(j)) {
			j++
		}
		if x.punctIs(j, ",") && j+1 < s.b && x.toks[j+1].kind == kNum && len(x.tokText(j+1)) == 4 {
			j += 2
		}
	} else if j < s.b && x.toks[j].kind == kNum && len(x.tokText(j)) == 4 {
		j++
	} else if !anchored {
		return dateCand{}, false
	}
	d := x.enSpan(start, j, s)
	d.open = open
	// "between January and May", "from March to June": an interval.
	if x.wordIs(q, wBetween) || x.wordIs(q, wFrom) {
		d.join = x.wordIs(j, wAnd) || x.wordIs(j, wTo) || x.wordIs(j, wThrough) || x.wordIs(j, wUntil) ||
			x.punctIs(j, "-") || x.punctIs(j, "–")
		d.open = false
	}
	return d, true
}

// enAgo reads "two months ago", "3 days ago", "a year ago" at token i.
func (x *extractor) enAgo(i int, s sentence) (dateCand, bool) {
	u := i + 1
	if u >= s.b || !x.wordIs(u+1, wAgo) {
		return dateCand{}, false
	}
	unit := strings.ToLower(x.tokText(u))
	switch unit {
	case "day", "days", "week", "weeks":
	case "month", "months", "year", "years":
	default:
		return dateCand{}, false
	}
	d := x.enSpan(i, u+2, s)
	d.dropApprox = unit[0] == 'm' || unit[0] == 'y'
	return d, true
}

// enSpan makes a date candidate of tokens [i, j) read as written.
func (x *extractor) enSpan(i, j int, s sentence) dateCand {
	return dateCand{ti: i, tj: j, expr: oneSpaced(x.text[x.toks[i].start:x.toks[j-1].end])}
}

// oneSpaced returns s with its words separated by single spaces:
// strings.Join(strings.Fields(s), " "), but s itself, without copying,
// when it is already so (as a span written "October 9" is).
func oneSpaced(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c <= ' ' && (c != ' ' || i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return strings.Join(strings.Fields(s), " ")
		}
	}
	return s
}

// capital reports whether the word at token i starts with a capital.
func (x *extractor) capital(i int) bool {
	c := x.text[x.toks[i].start]
	return c >= 'A' && c <= 'Z'
}

func isOrdinal(w string) bool {
	switch strings.ToLower(w) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}
