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
		if x.wordIs(i-1, "last") || x.wordIs(i-1, "next") || x.wordIs(i-1, "this") {
			start = i - 1
		}
		return x.enSpan(start, i+1, s), true
	case x.wordIs(i, "last") || x.wordIs(i, "this") || x.wordIs(i, "next") || x.wordIs(i, "past"):
		if x.wordIs(i+1, "week") || x.wordIs(i+1, "month") || x.wordIs(i+1, "year") || x.wordIs(i+1, "weekend") {
			start := i
			if x.wordIs(i-1, "early") || x.wordIs(i-1, "late") || x.wordIs(i-1, "mid") ||
				x.wordIs(i-1, "earlier") || x.wordIs(i-1, "later") {
				start = i - 1
			}
			d := x.enSpan(start, i+2, s)
			if x.wordIs(i, "past") {
				d.expr = "last " + strings.ToLower(x.tokText(i+1))
			}
			return d, true
		}
	case x.wordIs(i, "yesterday") || x.wordIs(i, "today"):
		return x.enSpan(i, i+1, s), true
	case x.wordIs(i, "recently") || x.wordIs(i, "lately"):
		return dateCand{ti: i, tj: i + 1, kind: dNoDate}, true
	case x.wordIs(i, "in") && x.wordIs(i+1, "recent") &&
		(x.wordIs(i+2, "days") || x.wordIs(i+2, "weeks") || x.wordIs(i+2, "months") || x.wordIs(i+2, "years")):
		return dateCand{ti: i, tj: i + 3, kind: dNoDate}, true
	case x.wordIs(i, "currently") || x.wordIs(i, "presently"):
		return dateCand{ti: i, tj: i + 1, kind: dPublished}, true
	case x.wordIs(i, "at") && x.wordIs(i+1, "present"):
		return dateCand{ti: i, tj: i + 2, kind: dPublished}, true
	case x.wordIs(i, "new") && x.wordIs(i+1, "year") && (x.punctIs(i+2, "'") || x.punctIs(i+2, "’")) &&
		x.wordIs(i+3, "s") && x.wordIs(i+4, "day"):
		d := dateCand{ti: i, tj: i + 5, expr: "January 1"}
		if x.wordIs(i-1, "lunar") {
			return dateCand{}, false
		}
		return d, true
	case x.wordIs(i, "christmas") && x.capital(i):
		tj := i + 1
		if x.wordIs(i+1, "day") || x.wordIs(i+1, "eve") {
			if x.wordIs(i+1, "eve") {
				return dateCand{ti: i, tj: i + 2, expr: "December 24"}, true
			}
			tj++
		}
		return dateCand{ti: i, tj: tj, expr: "December 25"}, true
	case f&fNumber != 0 || x.wordIs(i, "a") || x.wordIs(i, "an"):
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
		if x.wordIs(i-1, "the") {
			start = i - 1
		}
		d := x.enSpan(start, k, s)
		d.expr = strings.Join(strings.Fields(x.text[t.start:x.toks[k-1].end]), " ")
		return d, true
	}
	// in 2023, since 2024, between 2020 and 2023
	if len(num) == 4 && num >= "1900" && num <= "2100" && i > s.a {
		p := i - 1
		part := ""
		if x.wordIs(p, "early") || x.wordIs(p, "late") || x.wordIs(p, "mid") {
			part = strings.ToLower(x.tokText(p)) + " "
			p--
		} else if x.punctIs(p, "-") && x.wordIs(p-1, "mid") {
			part = "mid "
			p -= 2
		}
		if part == "" && !(x.flags(p)&fYearPrep != 0 && !x.wordIs(p, "to") && !x.wordIs(p, "and")) {
			return dateCand{}, false
		}
		if x.wordIs(p, "of") && !x.wordIs(p-1, "spring") && !x.wordIs(p-1, "summer") && !x.wordIs(p-1, "autumn") &&
			!x.wordIs(p-1, "fall") && !x.wordIs(p-1, "winter") && !x.wordIs(p-1, "half") && !x.wordIs(p-1, "end") &&
			!x.wordIs(p-1, "beginning") && !x.wordIs(p-1, "start") && !x.wordIs(p-1, "middle") {
			return dateCand{}, false // "a population of 2000" is not a year
		}
		if i+1 < s.b && (x.toks[i+1].kind == kHangul || x.toks[i+1].kind == kWord && x.toks[i+1].gap == 0) {
			return dateCand{}, false
		}
		d := dateCand{ti: min(p+1, i), tj: i + 1, expr: part + num}
		if part != "" {
			d.ti = p + 1
		}
		d.open = x.wordIs(p, "since")
		if x.wordIs(p, "between") || x.wordIs(p, "from") || x.wordIs(p, "in") || x.wordIs(p, "during") {
			if x.wordIs(i+1, "and") || x.wordIs(i+1, "to") || x.wordIs(i+1, "through") ||
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
	case x.wordIs(p, "early") || x.wordIs(p, "late") || x.wordIs(p, "mid"):
		start, anchored = p, true
	case x.punctIs(p, "-") && x.wordIs(p-1, "mid"):
		start, anchored = p-1, true
	case x.wordIs(p, "last") || x.wordIs(p, "this") || x.wordIs(p, "next"):
		start, anchored = p, true
	}
	if x.wordIs(start-1, "around") || x.wordIs(start-1, "about") || x.wordIs(start-1, "approximately") ||
		x.wordIs(start-1, "circa") {
		start--
	}
	q := start - 1
	if x.wordIs(q, "the") && (x.wordIs(q-1, "of") || x.wordIs(q-1, "in")) {
		q -= 2 // "at the end of", "in the middle of"
	}
	if x.flags(q)&(fPrep|fYearPrep) != 0 {
		anchored = true
		open = x.wordIs(q, "since")
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
	if x.wordIs(q, "between") || x.wordIs(q, "from") {
		d.join = x.wordIs(j, "and") || x.wordIs(j, "to") || x.wordIs(j, "through") || x.wordIs(j, "until") ||
			x.punctIs(j, "-") || x.punctIs(j, "–")
		d.open = false
	}
	return d, true
}

// enAgo reads "two months ago", "3 days ago", "a year ago" at token i.
func (x *extractor) enAgo(i int, s sentence) (dateCand, bool) {
	u := i + 1
	if u >= s.b || !x.wordIs(u+1, "ago") {
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
	return dateCand{ti: i, tj: j, expr: strings.Join(strings.Fields(x.text[x.toks[i].start:x.toks[j-1].end]), " ")}
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
