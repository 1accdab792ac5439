package extract

import "strings"

// The English count grammar: an optional qualifier cue, a number in
// digits or words (or a vague "dozens", "several hundred"), an optional
// second number of a range and an optional trailing cue ("-odd", "or
// more"); then a noun for people, or a verb that takes people.

// enLeadCues are the qualifier cues written before an English number,
// as lower-case word sequences; figure.Parse reads them.
var enLeadCues = [][]string{
	{"about"}, {"around"}, {"approximately"}, {"roughly"}, {"some"}, {"an", "estimated"},
	{"estimated"}, {"circa"}, {"more", "than"}, {"over"}, {"upwards", "of"}, {"upward", "of"},
	{"in", "excess", "of"}, {"greater", "than"}, {"at", "least"}, {"a", "minimum", "of"},
	{"no", "fewer", "than"}, {"no", "less", "than"}, {"not", "fewer", "than"},
	{"not", "less", "than"}, {"up", "to"}, {"as", "many", "as"}, {"nearly"}, {"almost"},
	{"close", "to"}, {"at", "most"}, {"a", "maximum", "of"}, {"no", "more", "than"},
	{"fewer", "than"}, {"less", "than"}, {"under"}, {"between"},
}

// wordIs reports whether token i is the English word w, in any case. w
// must be a lower-case word of wordTable, so that a token matches by its
// table entry and unknown words cost nothing (TestVocabulary checks the
// callers).
func (x *extractor) wordIs(i int, w string) bool {
	if i < 0 || i >= len(x.toks) {
		return false
	}
	t := x.toks[i]
	return t.kind == kWord && t.w != 0 && words[t.w].text == w
}

// punctIs reports whether token i is the punctuation p.
func (x *extractor) punctIs(i int, p string) bool {
	if i < 0 || i >= len(x.toks) || x.toks[i].kind != kPunct {
		return false
	}
	t := x.toks[i]
	return x.text[t.start:t.end] == p
}

func (x *extractor) flags(i int) wflag {
	if i < 0 || i >= len(x.toks) || x.toks[i].kind != kWord {
		return 0
	}
	return words[x.toks[i].w].flags
}

// enNumber reads an English number starting at token i, before hi, and
// returns the token after it: digits with an optional scale word ("2
// thousand"), number words ("two hundred and five", "twenty-one", "a
// dozen", "half a dozen") or a vague count ("dozens", "several hundred",
// "a few dozen", "tens of thousands").
func (x *extractor) enNumber(i, hi int) (int, bool) {
	if i >= hi {
		return i, false
	}
	t := x.toks[i]
	if t.kind == kNum {
		j := i + 1
		if j < hi && x.toks[j].gap > 0 && x.isScale(j) {
			j++
		}
		return j, true
	}
	if t.kind != kWord {
		return i, false
	}
	f := words[t.w].flags
	switch {
	case x.wordIs(i, "half") && x.wordIs(i+1, "a") && x.wordIs(i+2, "dozen"):
		return i + 3, true
	case (x.wordIs(i, "a") || x.wordIs(i, "an")) && i+1 < hi && x.isScale(i+1):
		return x.enWords(i+1, hi), true
	case x.wordIs(i, "a") && x.wordIs(i+1, "few") && x.isScale(i+2):
		return x.enVagueTail(i + 3), true
	case f&fFew != 0 && !x.wordIs(i, "some") && x.isScale(i+1):
		return x.enVagueTail(i + 2), true
	case f&fVague != 0:
		return x.enVagueTail(i + 1), true
	case f&fNumber != 0 && !x.isScale(i):
		return x.enWords(i, hi), true
	}
	return i, false
}

// enVagueTail takes "of thousands" after a vague word, so that figure
// rejects "tens of thousands" whole instead of reading "tens".
func (x *extractor) enVagueTail(j int) int {
	if x.wordIs(j, "of") && j+1 < len(x.toks) && x.flags(j+1)&fVague != 0 {
		return j + 2
	}
	return j
}

// isScale reports whether token i is hundred, thousand, million, dozen
// or their plurals.
func (x *extractor) isScale(i int) bool {
	for _, w := range scaleWords {
		if x.wordIs(i, w) {
			return true
		}
	}
	return false
}

var scaleWords = []string{"hundred", "thousand", "million", "dozen", "hundreds", "thousands", "dozens"}

// enWords reads a run of number words: "two hundred and five",
// "twenty-one", "two dozen".
func (x *extractor) enWords(i, hi int) int {
	j := i
	for j < hi {
		switch {
		case x.flags(j)&fNumber != 0 && (j == i || x.toks[j].gap > 0 || x.punctIs(j-1, "-")):
			j++
		case x.punctIs(j, "-") && x.toks[j].gap == 0 && j+1 < hi && x.toks[j+1].gap == 0 &&
			x.flags(j+1)&fNumber != 0 && j > i:
			j++
		case x.wordIs(j, "and") && j > i && (x.wordIs(j-1, "hundred") || x.wordIs(j-1, "thousand")) &&
			x.flags(j+1)&fNumber != 0:
			j++
		default:
			return j
		}
	}
	return j
}

// enCount reads an English count whose number starts at token i, within
// the sentence [lo, hi). It returns the count's first and last+1 tokens
// (with its cues) and where its noun phrase ends.
func (x *extractor) enCount(i, lo, hi int, prev bool) (c cand, ok bool) {
	j, ok := x.enNumber(i, hi)
	if !ok {
		return cand{}, false
	}
	start := i
	between := false
	if s, n := x.enLeadCue(i, lo); n > 0 {
		start = s
		between = x.wordIs(i-1, "between")
	}
	// The second number of a range.
	if j < hi {
		sep := x.punctIs(j, "-") || x.punctIs(j, "~") || x.punctIs(j, "–") || x.punctIs(j, "—") ||
			x.wordIs(j, "to") || x.wordIs(j, "or") || (between && x.wordIs(j, "and"))
		if sep {
			if k, ok := x.enNumber(j+1, hi); ok && x.toks[j+1].kind == x.toks[i].kind {
				j = k
			} else if between {
				return cand{}, false
			}
		} else if between {
			return cand{}, false
		}
	}
	// A trailing cue: "-odd", "-plus", "+", "or so", "or more".
	switch {
	case x.punctIs(j, "-") && x.toks[j].gap == 0 && (x.wordIs(j+1, "odd") || x.wordIs(j+1, "plus")):
		j += 2
	case x.punctIs(j, "+") && x.toks[j].gap == 0:
		j++
	case x.wordIs(j, "or") && (x.wordIs(j+1, "so") || x.wordIs(j+1, "more")):
		j += 2
	}
	if j > hi {
		return cand{}, false
	}
	if !x.enPlausible(start, i, j, lo) {
		return cand{}, false
	}
	np, ok := x.enPeople(i, start, j, hi, prev)
	if !ok {
		return cand{}, false
	}
	return cand{ti: start, tj: j, num: i, np: np, start: int(x.toks[start].start), end: int(x.toks[j-1].end)}, true
}

// enLeadCue returns the first token and length of a qualifier cue that
// ends right before token i.
func (x *extractor) enLeadCue(i, lo int) (start, n int) {
	if x.flags(i-1)&fCueLast == 0 {
		return 0, 0
	}
	for _, cue := range enLeadCues {
		k := len(cue)
		if i-k < lo || k <= n {
			continue
		}
		match := true
		for m, w := range cue {
			if !x.wordIs(i-k+m, w) {
				match = false
				break
			}
		}
		if match {
			start, n = i-k, k
		}
	}
	return start, n
}

// enPlausible rejects numbers that are not counts by what touches them:
// years, days of a month, ordinals, percentages, money, times of day,
// labels ("Article 33") and ages.
func (x *extractor) enPlausible(start, i, j, lo int) bool {
	t := x.toks[i]
	s := x.text[t.start:t.end]
	// Something glued after the number: "24th", "1990s", "10km", "9:30".
	if e := x.toks[i]; t.kind == kNum && i+1 < len(x.toks) && x.toks[i+1].gap == 0 {
		n := x.toks[i+1]
		switch {
		case n.kind == kWord && int(n.start) == int(e.end):
			return false
		case x.punctIs(i+1, ":") && i+2 < len(x.toks) && x.toks[i+2].kind == kNum:
			return false
		case x.punctIs(i+1, "%") || x.punctIs(i+1, "％"):
			return false
		case n.kind == kHangul:
			return false // "3곳", "38세", "2023년": a Korean counter other than 명
		case (x.punctIs(i+1, ".") || x.punctIs(i+1, "/")) && i+2 < len(x.toks) &&
			x.toks[i+2].kind == kNum && x.toks[i+2].gap == 0:
			return false // 2023.10.9, 10/9
		}
	}
	if x.punctIs(j, "%") || x.punctIs(j, "％") {
		return false
	}
	// Something glued before: "$500", "No.3", "COVID-19", "A38".
	if start == i && i > lo && t.gap == 0 {
		p := x.toks[i-1]
		if p.kind == kWord || p.kind == kNum {
			return false
		}
		switch x.text[p.start:p.end] {
		case "$", "€", "£", "₩", "¥", "#", "-", "/", ".", ":":
			return false
		}
	}
	if start == i && i > lo {
		p := i - 1
		if x.isMonth(p) || x.isLabel(p) {
			return false
		}
		// "aged 25 and 31", "Articles 31, 32 and 33": the label reaches
		// over a list.
		for n := 0; n < 4 && p-1 > lo && (x.wordIs(p, "and") || x.wordIs(p, "or") || x.wordIs(p, "to") ||
			x.punctIs(p, ",") || x.punctIs(p, "-")) && x.toks[p-1].kind == kNum; n++ {
			p -= 2
			if x.punctIs(p, ".") && p > lo {
				p-- // "Dec. 20 and 21"
			}
			if x.isLabel(p) || x.isMonth(p) && !x.wordIs(j, "more") && x.flags(j)&fPeople == 0 {
				return false // "on Dec. 20 and 21": days
			}
		}
	}
	if x.isMonth(j) {
		return false // "9 October"
	}
	// A year: four digits, 1800-2100, after "in", "since", a month or a
	// comma that follows a day.
	if t.kind == kNum && len(s) == 4 && !strings.ContainsAny(s, ",.") && s >= "1800" && s <= "2100" {
		if x.wordIs(i-1, "between") || x.wordIs(i-1, "from") {
			return false // "between 2000 and 2020"
		}
		if start == i && i > lo {
			p := i - 1
			if x.flags(p)&fYearPrep != 0 && !x.wordIs(p, "of") && !x.wordIs(p, "to") && !x.wordIs(p, "and") ||
				x.isMonth(p) || x.punctIs(p, ",") || x.punctIs(p, "(") {
				return false
			}
		}
		if x.punctIs(i+1, "-") || x.punctIs(i+1, "–") || x.punctIs(i+1, "/") {
			return false
		}
		if i+1 < len(x.toks) && x.toks[i+1].kind == kHangul {
			return false
		}
	}
	return true
}

// isMonth reports whether token i is a capitalised month name.
func (x *extractor) isMonth(i int) bool {
	if x.flags(i)&fMonth == 0 {
		return false
	}
	c := x.text[x.toks[i].start]
	return c >= 'A' && c <= 'Z'
}

// isLabel reports whether token i names a numbered thing: "Article 33",
// "No. 3", "Resolution 2397", "Route 66".
func (x *extractor) isLabel(i int) bool {
	if x.flags(i)&fLabel == 0 {
		return false
	}
	for _, w := range labelWords {
		if x.wordIs(i, w) {
			return true
		}
	}
	return false
}

// labelWords name numbered things: a number right after one is a label.
var labelWords = []string{"article", "art", "no", "number", "resolution", "chapter",
	"section", "paragraph", "page", "route", "highway", "flight", "room", "level",
	"phase", "covid", "g", "unit", "camp", "prison", "cell", "ward", "block", "apartment",
	"building", "gate", "platform", "line", "protocol", "rule", "item", "case", "file",
	"vol", "volume", "issue", "aged", "age", "ages", "top"}

// enPeople checks that the count starting at token num (cue from start,
// number up to j; prev when the sentence has a count before it) counts
// people: a noun for people follows, perhaps after
// modifiers ("600 North Korean defectors", "18 N. Koreans", "two of
// them"), or a bare number is the object of an event verb ("repatriated
// hundreds") or the subject of one ("50 were arrested"). It returns the
// token after the noun phrase.
func (x *extractor) enPeople(num, start, j, hi int, prev bool) (int, bool) {
	bareWord := x.wordIs(num, "one") || x.wordIs(num, "a") || x.wordIs(num, "an")
	unknown, of := 0, false
	for k := j; k < hi && k < j+7; k++ {
		t := x.toks[k]
		switch t.kind {
		case kWord:
			w := words[t.w]
			switch {
			case w.flags&fPeople != 0:
				return k + 1, true
			case w.flags&fThing != 0:
				return 0, false
			case x.wordIs(k, "of") && !of && !bareWord:
				of = true
				if x.wordIs(k+1, "them") || x.wordIs(k+1, "whom") || x.wordIs(k+1, "those") || x.wordIs(k+1, "us") {
					return k + 2, true
				}
				continue
			case x.wordIs(k, "who") || x.wordIs(k, "whom"):
				return k, true // "18 who tried", "detectors [sic] who were"
			case x.wordIs(k, "the") || x.wordIs(k, "these") || x.wordIs(k, "those"):
				if of {
					if k+1 < hi && (x.toks[k+1].kind == kNum || x.flags(k+1)&fNumber != 0) {
						k++ // "five of the 12 detainees"
					}
					continue
				}
			case w.flags&fModifier != 0 && w.trigger == evNone:
				continue
			case w.flags == 0 && w.trigger == evNone && !bareWord && unknown < 2 && t.gap > 0:
				unknown++
				continue
			}
		case kPunct:
			switch x.text[t.start:t.end] {
			case "-", "[", "]", "'", "’":
				if t.gap == 0 || x.text[t.start] == '[' || x.text[t.start] == ']' {
					continue
				}
			case ".":
				if k > 0 && x.wordIs(k-1, "n") {
					continue
				}
			case "(":
				if !bareWord && k == j && x.parenPeople(k, hi) {
					return j, true
				}
			}
		}
		break
	}
	if bareWord || of {
		return 0, false
	}
	// A bare number: the object of an event verb just before it, the
	// subject of one just after it, or the second of two counts ("80
	// North Koreans on August 29 and another 40 on September 18").
	if x.verbBefore(start) {
		return j, true
	}
	// "who numbered 17", "numbering about 30", "sheltered the family of
	// four", "the 7 in detention".
	if x.wordIs(start-1, "numbered") || x.wordIs(start-1, "numbering") ||
		x.wordIs(start-1, "of") && (x.wordIs(start-2, "family") || x.wordIs(start-2, "group")) ||
		x.wordIs(start-1, "the") && x.wordIs(j, "in") && (x.wordIs(j+1, "detention") || x.wordIs(j+1, "custody")) {
		return j, true
	}
	// "the number rose to 600": the number named before.
	if x.wordIs(start-1, "to") || x.wordIs(start-1, "at") || x.wordIs(start-1, "reached") {
		for k := start - 2; k > x.sent.a && k >= start-4; k-- {
			if x.wordIs(k, "number") && x.wordIs(k-1, "the") && !x.wordIs(k+1, "of") {
				return j, true
			}
		}
	}
	// "The 11 were later moved", "The 24, mostly women, were taken": a
	// definite count standing for people named before.
	if x.wordIs(start-1, "the") && start == num && j < hi && x.clauseInitial(start-1) &&
		(x.flags(j)&fAux != 0 && !x.wordIs(j, "reportedly") && !x.wordIs(j, "also") && !x.wordIs(j, "all") ||
			x.wordIs(j, "remain") || x.wordIs(j, "remained") || x.wordIs(j, "in") && (x.wordIs(j+1, "detention") || x.wordIs(j+1, "custody")) ||
			x.punctIs(j, ",") && j+1 < hi && x.toks[j+1].kind == kWord && (x.flags(j+1)&(fAdverb|fModifier|fPeople) != 0 || x.wordIs(j+1, "mostly") || x.wordIs(j+1, "including") || x.wordIs(j+1, "all"))) {
		return j, true
	}
	// "Fifteen more remain in custody", "Hundreds more could be sent
	// back".
	if x.wordIs(j, "more") && j+1 < hi && (x.flags(j+1)&(fAux|fAdverb|fProspect) != 0 ||
		x.triggerAt(j+1) != evNone || x.wordIs(j+1, "remain") || x.wordIs(j+1, "remained")) {
		return j + 1, true
	}
	// "The number of detained North Koreans is estimated at around 2,000."
	if x.wordIs(start-1, "at") || x.wordIs(start-1, "to") || x.wordIs(start-1, "reached") ||
		x.wordIs(start-1, "totals") || x.wordIs(start-1, "totaled") || x.wordIs(start-1, "is") ||
		x.wordIs(start-1, "was") {
		for k := start - 2; k > x.sent.a && k >= start-14; k-- {
			if x.wordIs(k, "number") && x.wordIs(k+1, "of") {
				for m := k + 2; m < start && m < k+6; m++ {
					if x.flags(m)&fPeople != 0 {
						return j, true
					}
				}
			}
		}
	}
	if prev {
		k := start - 1
		for x.wordIs(k, "another") || x.wordIs(k, "further") || x.wordIs(k, "additional") ||
			x.wordIs(k, "an") || x.wordIs(k, "a") || x.wordIs(k, "then") {
			k--
		}
		if x.wordIs(k, "and") || x.punctIs(k, ",") {
			return j, true
		}
	}
	k := j
	aux := false
	for k < hi && k < j+4 && x.flags(k)&(fAux|fAdverb) != 0 {
		aux = aux || x.flags(k)&fAux != 0
		k++
	}
	if aux && k < hi && x.triggerAt(k) != evNone {
		return j, true
	}
	// "8 caught by border guards", "12 arrested": a participle right
	// after a bare number, headline style.
	if j < hi && x.toks[j].kind == kWord && strings.HasSuffix(x.tokText(j), "ed") || x.wordIs(j, "caught") || x.wordIs(j, "held") {
		if ev := x.triggerAt(j); ev != evNone && ev != evOther && ev != evAtRisk {
			return j, true
		}
	}
	return 0, false
}

// clauseInitial reports whether token k starts a sentence or a clause
// (after a comma, a semicolon, "and" or "but").
func (x *extractor) clauseInitial(k int) bool {
	return k == x.sent.a || k > x.sent.a && (x.punctIs(k-1, ",") || x.punctIs(k-1, ";") ||
		x.wordIs(k-1, "and") || x.wordIs(k-1, "but") || x.punctIs(k-1, "\""))
}

// parenPeople reports whether the bracket opened at token k holds a noun
// for people: "Fifteen (13 women and two teenagers)".
func (x *extractor) parenPeople(k, hi int) bool {
	for m := k + 1; m < hi && m < k+12; m++ {
		if x.punctIs(m, ")") {
			return false
		}
		if x.flags(m)&fPeople != 0 {
			return true
		}
	}
	return false
}

// verbBefore reports whether an event verb governs a count that starts
// at token i: "repatriated 620", "have forcibly returned at least 406",
// "sending back around 90", "arrested a group of 10".
func (x *extractor) verbBefore(i int) bool {
	k := i - 1
	for n := 0; k >= x.sent.a && n < 4; n++ {
		switch {
		case x.flags(k)&fAdverb != 0, x.wordIs(k, "a"), x.wordIs(k, "group"), x.wordIs(k, "of"),
			x.wordIs(k, "another"), x.wordIs(k, "the"), x.wordIs(k, "total"), x.wordIs(k, "family"):
			k--
			continue
		}
		break
	}
	if k < x.sent.a || x.toks[k].kind != kWord {
		return false
	}
	if x.triggerEnd(k) != evNone {
		return true
	}
	// A phrase around the count: "send 10 North Koreans back".
	h := x.hitFirst[k-x.sent.a]
	return h != 0 && x.hits[h-1].last > i
}
