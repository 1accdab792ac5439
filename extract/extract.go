// Package extract finds reported counts of people in Korean and English
// news text and reads each one as a claim: the figure as written (with
// its qualifier and numbers, DOMAIN.md §2), the event it reports (arrest,
// detention, repatriation, release, at_risk, other), the event's date as
// EDTF resolved against the publication date, the nearest place and the
// perpetrator where the sentence names one.
//
// The method is deterministic rules, not memorized sentences: a candidate
// finder for numbers, a grammar of the qualifier cues around them checked
// with figure.Parse, a check that the count is of people, trigger words
// for the event chosen by the sentence's structure, a date span finder
// whose spans edtf.Resolve reads, and a gazetteer of place names. It is
// pure: no I/O, no network, no model. docs/extraction.md gives the rules
// and the decisions behind them.
package extract

import (
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"vigil/edtf"
	"vigil/figure"
)

// Options tell Extract how to read a text.
type Options struct {
	// Lang is "ko", "en", or "" or "auto" to decide per sentence by
	// script (DetectLang). It chooses the clause structure used to find
	// the event: Korean puts the verb after its subject and object,
	// English between them.
	Lang string
	// Published is the reference day for relative dates ("지난 9일",
	// "last month"); the zero time leaves relative dates unresolved.
	Published time.Time
	// PublishedEDTF is the publication date as given, at its own
	// precision ("2023-10"); it is the date of "현재" and "currently".
	// When empty, Published's day is used.
	PublishedEDTF string
	// Gazetteer matches place names; nil means DefaultGazetteer().
	Gazetteer *Gazetteer
}

// Claim is one reported count of people found in a text.
type Claim struct {
	// CountText is the figure as written: text[Start:End].
	CountText string `json:"count_text"`
	// Figure is CountText read by figure.Parse.
	Figure figure.Figure `json:"figure"`
	// Event is arrest, detention, repatriation, release, at_risk or other.
	Event string `json:"event"`
	// Date is the event's date as EDTF, or "" when the sentence gives none.
	Date string `json:"date"`
	// Place is the place as written, or "".
	Place string `json:"place"`
	// PlaceID is the gazetteer entry's ID (0 for the built-in list or no
	// place).
	PlaceID int64 `json:"place_id"`
	// Perpetrator is the agency as written ("중국 공안", "Chinese
	// police"), or "".
	Perpetrator string `json:"perpetrator"`
	// Lang is the language the sentence was read as: "ko" or "en".
	Lang string `json:"lang"`
	// Start and End are byte offsets of CountText in the text.
	Start int `json:"start"`
	End   int `json:"end"`
}

// PublishedDate reads a publication date given as "YYYY", "YYYY-MM" or
// "YYYY-MM-DD" and returns the reference day for relative dates and the
// date as given. A month or year stands for its last day: an article
// dated only "2024-05" was written on or before 31 May, and relative
// dates resolve to days on or before the reference day, so the last day
// never excludes the true date ("지난 9일" in May is 9 May, not 9 April).
// Other EDTF dates stand for their latest day.
func PublishedDate(s string) (ref time.Time, asGiven string, err error) {
	s = strings.TrimSpace(s)
	switch len(s) {
	case 4:
		if t, err := time.Parse("2006", s); err == nil {
			return t.AddDate(1, 0, -1), s, nil
		}
	case 7:
		if t, err := time.Parse("2006-01", s); err == nil {
			return t.AddDate(0, 1, -1), s, nil
		}
	case 10:
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return t, s, nil
		}
	}
	// Any other EDTF date with a known latest day: "2024-04/2024-05",
	// "2024-05~".
	if d, err := edtf.Parse(s); err == nil && d.Latest != "" {
		if t, err := time.Parse(time.DateOnly, d.Latest); err == nil {
			return t, d.EDTF, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("extract: published date %q is not YYYY, YYYY-MM, YYYY-MM-DD or an EDTF date with a known end", s)
}

// cand is a count found in a sentence.
type cand struct {
	ti, tj int // tokens of the count text [ti, tj)
	num    int // the token where the number starts
	np     int // the token after the noun phrase
	start  int // byte offsets of the count text
	end    int
	ko     bool  // read by the Korean grammar
	ev     event // the event, once chosen
	// dateBefore: the count's date was written before it, so a list
	// item after it may share it ("지난 3일 투먼에서 15명, 훈춘에서 20명이").
	dateBefore bool
	fig        figure.Figure
}

// extractor holds one Extract call's text, tokens and caches.
type extractor struct {
	text    string
	toks    []token
	opt     Options
	gaz     *Gazetteer
	pubEDTF string
	memo    map[string]string
	// per sentence
	sent      sentence
	hits      []hit
	hitsOK    bool
	dateList  []dateCand
	datesOK   bool
	placeList []PlaceMatch
	placeTok  []int // the token where each place starts
	plOK      bool
	// segs[k-sent.a] is token k's segment (segment); counted marks the
	// segments that hold a count.
	segs    []int32
	counted map[int32]bool
	// hitFirst and hitLast map a token (k-sent.a) to 1 + the index of the
	// trigger that starts or ends there, or 0.
	hitFirst, hitLast []int32
	perps             []perpSpan
	// scratch for event: the triggers right of, left of and inside a count
	evRight, evLeft, evInside []hit
	perpOK                    bool
	// buffers kept between calls (see extractors)
	sents []sentence
	cands []cand
}

// extractors keeps extractors and their buffers between Extract calls:
// the token slice of a 64 KB text alone is about 200 KB.
var extractors = sync.Pool{New: func() any { return new(extractor) }}

// reset prepares a pooled extractor for text, keeping its buffers.
func (x *extractor) reset(text string, opt Options) {
	memo, counted := x.memo, x.counted
	clear(memo)
	*x = extractor{
		text: text, opt: opt, gaz: opt.Gazetteer, memo: memo, counted: counted,
		toks: x.toks[:0], hits: x.hits[:0], dateList: x.dateList[:0], placeList: x.placeList[:0],
		placeTok: x.placeTok[:0], segs: x.segs[:0], perps: x.perps[:0], hitFirst: x.hitFirst[:0], hitLast: x.hitLast[:0],
		sents: x.sents[:0], cands: x.cands[:0],
	}
}

// window bounds how far, in tokens, the context of a count reaches, so
// that a text without sentence breaks costs linear time.
const window = 64

// Extract returns every reported count of people in text, in order.
func Extract(text string, opt Options) []Claim {
	x := extractors.Get().(*extractor)
	defer func() {
		x.reset("", Options{}) // drop the text; keep the buffers
		extractors.Put(x)
	}()
	x.reset(text, opt)
	if x.gaz == nil {
		x.gaz = DefaultGazetteer()
	}
	x.pubEDTF = opt.PublishedEDTF
	if x.pubEDTF == "" && !opt.Published.IsZero() {
		x.pubEDTF = opt.Published.Format(time.DateOnly)
	}
	if cap(x.toks) < len(text)/4+8 {
		x.toks = make([]token, 0, len(text)/4+8)
	}
	x.toks = tokenize(text, x.toks)
	x.sents = sentences(text, x.toks, x.sents)
	sents := x.sents
	var out []Claim
	cands := x.cands
	for _, s := range sents {
		if !x.mayCount(s) {
			continue
		}
		x.startSentence(s)
		lang := opt.Lang
		if lang != "ko" && lang != "en" {
			lang = DetectLang(text[x.toks[s.a].start:x.toks[s.b-1].end])
		}
		cands = x.counts(s, cands[:0])
		if len(cands) > 0 {
			x.countSegments(cands)
		}
		for i := range cands {
			c := &cands[i]
			cl := Claim{
				CountText: text[c.start:c.end],
				Figure:    c.fig,
				Start:     c.start,
				End:       c.end,
				Lang:      lang,
			}
			ev := x.event(i, cands, lang == "ko")
			part := i > 0 && x.partitive(c)
			if ev == evNone {
				// No verb in the count's clause: the noun may name the
				// event ("3 of the 7 detainees"), or a part takes the
				// event of the whole ("25명을 연행했으며, 이 가운데
				// 17명이 …").
				ev = x.nounEvent(c)
				if ev == evNone && part {
					ev = cands[i-1].ev
				}
			}
			c.ev = ev
			cl.Event = ev.String()
			cl.Date = x.date(c, lang == "ko")
			if cl.Date == "" && i > 0 && (part || lang == "ko" && cands[i-1].dateBefore &&
				x.koListed(&cands[i-1], s) && x.segment(cands[i-1].ti)+1 == x.segment(c.ti)) {
				cl.Date = out[len(out)-1].Date
				c.dateBefore = cands[i-1].dateBefore
			}
			if p, ok := x.place(c); ok {
				cl.Place, cl.PlaceID = p.Text, p.ID
			}
			cl.Perpetrator = x.perpetrator(c)
			out = append(out, cl)
		}
	}
	x.cands = cands
	return out
}

// mayCount reports whether a sentence holds anything a count may start
// with, so that most sentences cost one pass over their tokens.
func (x *extractor) mayCount(s sentence) bool {
	for i := s.a; i < s.b; i++ {
		t := x.toks[i]
		switch t.kind {
		case kNum:
			return true
		case kWord:
			if words[t.w].flags&(fNumber|fVague|fFew) != 0 || x.wordIs(i, "a") {
				return true
			}
		case kHangul:
			if koStartsCount(x.text[t.start:t.end]) {
				return true
			}
		}
	}
	return false
}

// counts finds the counts of people in sentence s.
func (x *extractor) counts(s sentence, out []cand) []cand {
	first := len(out)
	for i := s.a; i < s.b; i++ {
		t := x.toks[i]
		var c cand
		ok := false
		switch t.kind {
		case kNum:
			c, ok = x.koCount(i, s)
			if !ok {
				c, ok = x.enCount(i, s.a, s.b, len(out) > first)
			}
		case kHangul:
			// Not glued to a word or a number before it: "19세 남성" is
			// an age.
			if koStartsCount(x.text[t.start:t.end]) && (i == s.a || t.gap > 0 || x.toks[i-1].kind != kHangul && x.toks[i-1].kind != kNum) {
				c, ok = x.koCount(i, s)
			}
		case kWord:
			if words[t.w].flags&(fNumber|fVague|fFew) != 0 || x.wordIs(i, "a") || x.wordIs(i, "an") || x.wordIs(i, "half") {
				c, ok = x.enCount(i, s.a, s.b, len(out) > first)
			}
		}
		if !ok {
			continue
		}
		f, err := parseFigure(x.text[c.start:c.end])
		if err != nil && c.ti < c.num {
			// Drop a cue figure.Parse does not accept with this number.
			c.ti, c.start = c.num, int(x.toks[c.num].start)
			f, err = parseFigure(x.text[c.start:c.end])
		}
		if err != nil {
			// Skip the rest of an unreadable count: "tens of thousands"
			// is not "thousands".
			for i+1 < s.b && i+1 < c.tj {
				i++
			}
			continue
		}
		c.fig = f
		out = append(out, c)
		// Go on after the count, so that "50-60" is one count.
		for i+1 < s.b && int(x.toks[i+1].start) < c.end {
			i++
		}
	}
	return out
}

// koCount reads a Korean count whose number starts at token i.
func (x *extractor) koCount(i int, s sentence) (cand, bool) {
	t := x.toks[i]
	end, runEnd, ok := koScan(x.text, int(t.start))
	if !ok || end > int(x.toks[s.b-1].end) {
		return cand{}, false
	}
	c := cand{ti: i, num: i, start: int(t.start), end: end, ko: true}
	if p := x.koCueBeforeAt(i, s.a); p >= 0 {
		c.ti, c.start = i-1, p
	}
	// The tokens the count covers, and where its noun phrase ends.
	j := i
	for j < s.b && int(x.toks[j].start) < end {
		j++
	}
	c.tj = j
	np := j
	for np < s.b && int(x.toks[np].end) <= runEnd {
		np++
	}
	// "800여명의 탈북민들을": the phrase goes on after the genitive, to
	// the noun that takes a case particle.
	if strings.HasSuffix(x.text[c.start:runEnd], "의") {
		for k := 0; k < 2 && np < s.b && x.toks[np].kind == kHangul; k++ {
			w := x.tokText(np)
			if strings.HasPrefix(w, "등") {
				break
			}
			np++
			if r, _ := utf8.DecodeLastRuneInString(w); strings.ContainsRune("이가을를은는도과와", r) {
				break
			}
		}
	}
	c.np = np
	return c, true
}

// parseFigure reads a count text with figure.Parse, except for the most
// common form, digits alone or before 명 ("15", "1,100", "15명"), which it
// reads the same way without figure's general tokenizer.
// TestParseFigureAgrees and FuzzParseFigure check that the two agree.
func parseFigure(s string) (figure.Figure, error) {
	if f, ok := fastFigure(s); ok {
		return f, nil
	}
	return figure.Parse(s)
}

// fastCues are the qualifier cues fastFigure reads, before the number
// (English and Korean) or after 명 (Korean), with the qualifier
// figure.Parse gives them. Cues that shift the number ("fewer than",
// 미만) and everything else go to figure.Parse.
var (
	fastCuesBefore = map[string]figure.Qualifier{
		"about": figure.Approx, "around": figure.Approx, "approximately": figure.Approx,
		"roughly": figure.Approx, "some": figure.Approx, "an estimated": figure.Approx,
		"estimated": figure.Approx, "more than": figure.MoreThan, "over": figure.MoreThan,
		"at least": figure.AtLeast, "no fewer than": figure.AtLeast, "up to": figure.AtMost,
		"as many as": figure.AtMost, "nearly": figure.AtMost, "almost": figure.AtMost,
		"약": figure.Approx, "대략": figure.Approx, "최소": figure.AtLeast, "최소한": figure.AtLeast,
		"적어도": figure.AtLeast, "최대": figure.AtMost, "거의": figure.AtMost,
	}
	fastCuesAfter = map[string]figure.Qualifier{
		"정도": figure.Approx, "가량": figure.Approx, "안팎": figure.Approx, "전후": figure.Approx,
		"내외": figure.Approx, "쯤": figure.Approx, "남짓": figure.ApproxOver, "넘게": figure.MoreThan,
		"이상": figure.AtLeast, "이하": figure.AtMost, "가까이": figure.AtMost,
		"이 넘는": figure.MoreThan, "이 넘게": figure.MoreThan, "을 넘는": figure.MoreThan,
	}
)

// fastBetween reads "between 40 and 50" (rest is "40 and 50").
func fastBetween(s, rest string) (figure.Figure, bool) {
	a, b, ok := strings.Cut(rest, " and ")
	if !ok {
		return figure.Figure{}, false
	}
	n, ok1 := plainNumber(a)
	m, ok2 := plainNumber(b)
	if !ok1 || !ok2 || m < n {
		return figure.Figure{}, false
	}
	return figure.Figure{Text: s, Qualifier: figure.Range, Low: &n, High: &m}, true
}

// rangeSep returns the length of a range separator at the start of s.
func rangeSep(s string) int {
	switch {
	case s == "":
		return 0
	case s[0] == '-' || s[0] == '~':
		return 1
	case strings.HasPrefix(s, "∼"), strings.HasPrefix(s, "～"):
		return len("∼")
	}
	return 0
}

// koUnitNumber reads digits with the Korean units 만, 천 and 백 at the
// start of s ("2천", "1천76", "3만 4천", "2만"): each part plain digits
// without commas, units in falling order, a space allowed only after 만.
// It returns the value and the end of the number.
func koUnitNumber(s string) (n, end int, ok bool) {
	units := []struct {
		u string
		v int
	}{{"만", 10000}, {"천", 1000}, {"백", 100}}
	p, next := 0, 0
	for {
		e := p
		for e < len(s) && isDigit(s[e]) {
			e++
		}
		if e == p || e-p > 4 || s[p] == '0' {
			return 0, 0, false
		}
		d, _ := plainNumber(s[p:e])
		k := next
		for k < len(units) && !strings.HasPrefix(s[e:], units[k].u) {
			k++
		}
		if k == len(units) {
			// Trailing plain digits: below the last unit read.
			if next == 0 || d >= units[next-1].v {
				return 0, 0, false
			}
			return n + d, e, n+d <= figure.MaxValue
		}
		if units[k].v == 10000 && d > 9999 || units[k].v < 10000 && d > 9 {
			return 0, 0, false
		}
		n += d * units[k].v
		e += len(units[k].u)
		next = k + 1
		if k == 0 && e+1 < len(s) && s[e] == ' ' && isDigit(s[e+1]) {
			e++ // "3만 4천"
		}
		if e >= len(s) || !isDigit(s[e]) {
			return n, e, n <= figure.MaxValue
		}
		p = e
	}
}

// fastNumberWords are the single English number words and vague counts
// fastWords reads, lower case, with their value and qualifier.
var fastNumberWords = func() map[string]figure.Figure {
	m := map[string]figure.Figure{}
	for i, w := range []string{"two", "three", "four", "five", "six", "seven", "eight", "nine",
		"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
		"eighteen", "nineteen", "twenty"} {
		v := i + 2
		m[w] = figure.Figure{Qualifier: figure.Exact, Value: &v}
	}
	for i, w := range koNativeOnes {
		v := i + 1
		m[w+" 명"] = figure.Figure{Qualifier: figure.Exact, Value: &v}
		v10 := v + 10
		m["열"+w+" 명"] = figure.Figure{Qualifier: figure.Exact, Value: &v10}
	}
	for w, v := range map[string]int{"a dozen": 12, "two dozen": 24, "half a dozen": 6} {
		m[w] = figure.Figure{Qualifier: figure.Exact, Value: &v}
	}
	ten, twenty := 10, 20
	m["열 명"] = figure.Figure{Qualifier: figure.Exact, Value: &ten}
	m["스무 명"] = figure.Figure{Qualifier: figure.Exact, Value: &twenty}
	for w, u := range map[string]int{"dozens": 10, "hundreds": 100, "thousands": 1000,
		"수십 명": 10, "수백 명": 100, "수천 명": 1000, "수십명": 10, "수백명": 100, "수천명": 1000} {
		m[w] = figure.Figure{Qualifier: figure.Vague, Value: &u}
	}
	return m
}()

// fastWords reads a count written as one number word or vague count:
// "Fifteen", "two", "dozens", "수십 명".
func fastWords(s string) (figure.Figure, bool) {
	f, ok := fastNumberWords[s]
	if !ok && s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		f, ok = fastNumberWords[string(s[0]|0x20)+s[1:]]
	}
	if !ok {
		return figure.Figure{}, false
	}
	v := *f.Value
	return figure.Figure{Text: s, Qualifier: f.Qualifier, Value: &v}, true
}

// fastFigure reads the commonest count texts without figure.Parse's
// tokenizer: "15", "1,100명", "about 200", "More than 40", "약 300명",
// "200여 명", "60명 정도", "20명가량". ok is false for anything else,
// which figure.Parse then reads; TestParseFigureAgrees and
// FuzzParseFigure check that the two agree.
func fastFigure(s string) (figure.Figure, bool) {
	q := figure.Exact
	rest := s
	// A cue before the number, as one or more words.
	if k := strings.LastIndexByte(s, ' '); k > 0 && len(s) > 0 && !isDigit(s[0]) {
		j := 0
		for j < len(s) && !isDigit(s[j]) {
			j++
		}
		if j == len(s) {
			return fastWords(s) // "두 명", "수백 명", "Two dozen"
		}
		if j < 2 || s[j-1] != ' ' || s[j-2] == ' ' {
			return figure.Figure{}, false
		}
		cue := s[:j-1]
		if cue == "between" || cue == "Between" {
			return fastBetween(s, s[j:])
		}
		c, ok := fastCuesBefore[cue]
		if !ok && isLetter(cue[0]) && cue[0] < 'a' {
			c, ok = fastCuesBefore[string(cue[0]|0x20)+cue[1:]] // "About 200"
		}
		if !ok {
			return figure.Figure{}, false
		}
		q, rest = c, s[j:]
	}
	e := 0
	for e < len(rest) && (isDigit(rest[e]) || rest[e] == ',') {
		e++
	}
	if e == 0 && q == figure.Exact {
		return fastWords(s)
	}
	n, ok := plainNumber(rest[:e])
	if ok && e < len(rest) && (strings.HasPrefix(rest[e:], "천") || strings.HasPrefix(rest[e:], "만") ||
		strings.HasPrefix(rest[e:], "백")) {
		n, e, ok = koUnitNumber(rest)
	}
	if !ok || n == 0 && q != figure.Exact {
		return figure.Figure{}, false
	}
	tail := rest[e:]
	if sep := rangeSep(tail); (q == figure.Exact || q == figure.Approx) && sep > 0 {
		// "50-60", "50~60명", "500∼600명": a range of plain numbers.
		r := tail[sep:]
		k := 0
		for k < len(r) && (isDigit(r[k]) || r[k] == ',') {
			k++
		}
		m, ok := plainNumber(r[:k])
		if !ok || m < n || r[k:] != "" && (r[k:] != "명" || isLetter(s[0]) && len(rest) < len(s)) {
			return figure.Figure{}, false
		}
		return figure.Figure{Text: s, Qualifier: figure.Range, Low: &n, High: &m}, true
	}
	if tail == "" {
		return figure.Figure{Text: s, Qualifier: q, Value: &n}, true
	}
	if len(rest) < len(s) && isLetter(s[0]) {
		return figure.Figure{}, false // "about 200명" mixes the languages
	}
	over := false
	switch {
	case strings.HasPrefix(tail, "여 명"):
		tail, over = tail[len("여 명"):], true
	case strings.HasPrefix(tail, "여명"):
		tail, over = tail[len("여명"):], true
	case strings.HasPrefix(tail, "명"):
		tail = tail[len("명"):]
	case strings.HasPrefix(tail, " 명") && e > 0 && !isDigit(rest[e-1]):
		tail = tail[len(" 명"):] // "2천 명"
	default:
		return figure.Figure{}, false
	}
	if tail != "" {
		if q != figure.Exact {
			return figure.Figure{}, false // two cues: figure.Parse decides
		}
		c, ok := fastCuesAfter[strings.TrimPrefix(tail, " ")]
		if !ok {
			return figure.Figure{}, false
		}
		q = c
	}
	if over {
		switch q {
		case figure.Exact:
			q = figure.ApproxOver
		case figure.Approx:
		default:
			return figure.Figure{}, false
		}
	}
	return figure.Figure{Text: s, Qualifier: q, Value: &n}, true
}

// plainNumber reads ASCII digits with optional comma groups of three and
// no leading zero, up to figure.MaxValue.
func plainNumber(s string) (int, bool) {
	if s == "" || len(s) > 11 || s[0] == '0' && len(s) > 1 || s[0] == ',' {
		return 0, false
	}
	n, group, commas := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			n = n*10 + int(c-'0')
			group++
		case c == ',':
			if commas && group != 3 || !commas && (group < 1 || group > 3) {
				return 0, false
			}
			commas, group = true, 0
		default:
			return 0, false
		}
	}
	if commas && group != 3 || n > figure.MaxValue {
		return 0, false
	}
	return n, true
}
