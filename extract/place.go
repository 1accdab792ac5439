package extract

import (
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// PlaceKind ranks a place by how specific it is; a smaller kind is more
// specific, and the extractor prefers it.
type PlaceKind uint8

// Place kinds, most specific first.
const (
	Facility PlaceKind = iota + 1 // a detention centre, a border post
	County                        // a county or district
	City
	Province // a province or autonomous region
	Region   // a border area or a region spanning provinces
	Country
)

// Entry is one gazetteer place: its ID (a vigil place ID, or 0), kind,
// and every name it goes by in Korean, English and Chinese, with
// romanisation variants ("투먼", "도문", "Tumen", "图们").
type Entry struct {
	ID    int64
	Kind  PlaceKind
	Names []string
}

// PlaceMatch is a place name found in a text.
type PlaceMatch struct {
	// Start and End are byte offsets; Text is the name as written.
	Start, End int
	Text       string
	// ID and Kind are the entry's.
	ID   int64
	Kind PlaceKind
}

// Gazetteer matches place names in text. English names match without
// regard to case, whole words only; Korean and Chinese names match at
// the start of a run, with particles and suffixes after them ("쿤밍에서",
// "지린성"). Make one with NewGazetteer; it is safe for concurrent use.
type Gazetteer struct {
	entries []Entry
	// index maps a name's first word (English, lower case) or first
	// rune (Korean, Chinese) to its names, longest first.
	index map[string][]gazName
	// known marks the words of wordTable that start a name, so that a
	// known word ("the", "were") costs no map lookup; syll marks the
	// Hangul syllables that start one.
	known []bool
	syll  [(0xD7A4 - 0xAC00 + 63) / 64]uint64
}

type gazName struct {
	entry int
	words []string // English: lower-case words; else one element
}

// NewGazetteer builds a gazetteer from entries. Names may repeat across
// entries; the first entry wins.
func NewGazetteer(entries []Entry) *Gazetteer {
	g := &Gazetteer{entries: entries, index: map[string][]gazName{}}
	for i, e := range entries {
		for _, n := range e.Names {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			var gn gazName
			var key string
			if c := n[0]; c < utf8.RuneSelf {
				gn = gazName{entry: i, words: strings.Fields(strings.ToLower(n))}
				key = gn.words[0]
			} else {
				r, size := decodeRune(n)
				if isHangul(r) {
					k := r - 0xAC00
					g.syll[k/64] |= 1 << (k % 64)
				}
				gn = gazName{entry: i, words: []string{n}}
				key = n[:size]
			}
			g.index[key] = append(g.index[key], gn)
		}
	}
	for _, ns := range g.index {
		sort.SliceStable(ns, func(a, b int) bool { return nameLen(ns[a]) > nameLen(ns[b]) })
	}
	g.known = make([]bool, len(words))
	for i, w := range words {
		_, g.known[i] = g.index[w.text]
	}
	g.known[0] = false
	return g
}

func nameLen(n gazName) int {
	l := 0
	for _, w := range n.words {
		l += len(w) + 1
	}
	return l
}

// Match returns the place names in text, in order, without overlaps.
func (g *Gazetteer) Match(text string) []PlaceMatch {
	x := &extractor{text: text, toks: tokenize(text, nil)}
	return g.match(x, 0, len(x.toks), nil)
}

// match finds names in tokens [a, b) of x.
func (g *Gazetteer) match(x *extractor, a, b int, out []PlaceMatch) []PlaceMatch {
	var buf [32]byte
	for i := a; i < b; i++ {
		t := x.toks[i]
		var key string
		switch t.kind {
		case kWord:
			if t.w != 0 {
				if !g.known[t.w] {
					continue
				}
				key = words[t.w].text
				break
			}
			n := int(t.end - t.start)
			if n > len(buf) {
				continue
			}
			for k := 0; k < n; k++ {
				buf[k] = x.text[int(t.start)+k] | 0x20
			}
			key = string(buf[:n])
		case kHangul, kHan:
			if i > a && t.gap == 0 && (x.toks[i-1].kind == t.kind) {
				continue
			}
			r, size := decodeRune(x.text[t.start:])
			if k := r - 0xAC00; isHangul(r) && g.syll[k/64]&(1<<(k%64)) == 0 {
				continue
			}
			key = x.text[t.start : int(t.start)+size]
		default:
			continue
		}
		names := g.index[key]
		for _, n := range names {
			end, last, ok := g.matchName(x, i, b, n)
			if !ok {
				continue
			}
			e := g.entries[n.entry]
			out = append(out, PlaceMatch{Start: int(t.start), End: end, Text: x.text[t.start:end], ID: e.ID, Kind: e.Kind})
			i = last
			break
		}
	}
	return out
}

// matchName reports whether name n starts at token i and returns its end
// byte and last token.
func (g *Gazetteer) matchName(x *extractor, i, b int, n gazName) (int, int, bool) {
	t := x.toks[i]
	if t.kind != kWord {
		if !strings.HasPrefix(x.text[t.start:t.end], n.words[0]) {
			return 0, 0, false
		}
		return int(t.start) + len(n.words[0]), i, true
	}
	k := i
	for m, w := range n.words {
		if k >= b || x.toks[k].kind != kWord || !strings.EqualFold(x.tokText(k), w) {
			return 0, 0, false
		}
		if m > 0 && x.toks[k].gap == 0 {
			return 0, 0, false
		}
		k++
	}
	return int(x.toks[k-1].end), k - 1, true
}

// places returns the places named in the current sentence that read as
// where something happened: a Korean name not followed by a subject
// particle ("중국은" is an actor) or an authority ("중국 공안"); an English
// name after a preposition or a comma ("in China", ", Jilin Province").
func (x *extractor) places() []PlaceMatch {
	if x.plOK {
		return x.placeList
	}
	x.plOK = true
	x.placeList = x.gaz.match(x, x.sent.a, x.sent.b, x.placeList[:0])
	keep := x.placeList[:0]
	x.placeTok = x.placeTok[:0]
	for _, p := range x.placeList {
		if x.isLocative(p) {
			keep = append(keep, p)
			x.placeTok = append(x.placeTok, x.tokenAt(p.Start))
		}
	}
	x.placeList = keep
	return keep
}

func (x *extractor) tokenAt(pos int) int {
	return sort.Search(len(x.toks), func(i int) bool { return int(x.toks[i].end) > pos })
}

// isLocative reports whether a place name reads as a location.
func (x *extractor) isLocative(p PlaceMatch) bool {
	i := x.tokenAt(p.Start)
	j := x.tokenAt(p.End - 1)
	if x.toks[i].kind == kWord {
		k := i - 1
		if x.wordIs(k, "the") {
			k--
		}
		if x.flags(k)&fCompass != 0 {
			k-- // "in northeast China", "in southern Yunnan"
			if x.wordIs(k, "the") {
				k--
			}
		}
		if k < x.sent.a {
			return false
		}
		return x.flags(k)&fPrep != 0 || x.punctIs(k, ",") || x.wordIs(k, "and") || x.wordIs(k, "or")
	}
	rest := x.text[p.End:x.toks[j].end]
	switch rest {
	case "은", "는", "이", "가":
		return false
	}
	// "중국 공안", "중국 정부": a country before an authority is the actor;
	// "투먼 변방대" is where people are held.
	if rest == "" && p.Kind == Country && j+1 < x.sent.b && x.toks[j+1].kind == kHangul {
		n := x.tokText(j + 1)
		if startsWithAny(n, koPerpetrators) {
			return false
		}
		for _, a := range []string{"정부", "외교부", "측", "정권", "대사관"} {
			if strings.HasPrefix(n, a) {
				return false
			}
		}
	}
	return true
}

// place returns the place of count c: the most specific place in its
// clause, the first of equals; else in a clause before or after it that
// holds no other count.
func (x *extractor) place(c *cand) (PlaceMatch, bool) {
	ps := x.places()
	if len(ps) == 0 {
		return PlaceMatch{}, false
	}
	cs := x.segment(c.ti)
	lo := sort.Search(len(ps), func(i int) bool { return x.placeTok[i] >= c.ti-window })
	pick := func(ok func(s int) bool) (PlaceMatch, bool) {
		best := -1
		for i := lo; i < len(ps) && x.placeTok[i] < c.tj+window; i++ {
			if !ok(x.segment(x.placeTok[i])) {
				continue
			}
			if best < 0 || ps[i].Kind < ps[best].Kind {
				best = i
			}
		}
		if best < 0 {
			return PlaceMatch{}, false
		}
		return ps[best], true
	}
	if p, ok := pick(func(s int) bool { return s == cs }); ok {
		return p, true
	}
	return pick(func(s int) bool { return !x.counted[int32(s)] })
}

// perpetrators are the agencies that arrest, hold and return people, as
// Korean word prefixes and English word sequences.
var (
	koPerpetrators = []string{"공안", "당국", "경찰", "국경수비대", "변방대", "보위부", "보위성",
		"국가보위성", "국가안전부", "국경경비대"}
	enPerpetrators = [][]string{{"public", "security"}, {"police"}, {"authorities"},
		{"border", "guards"}, {"security", "forces"}, {"security", "officials"}, {"government"},
		{"officials"}, {"ministry", "of", "state", "security"}}
)

// perpetrator returns the agency named in the current sentence nearest
// to count c, with the country before it ("중국 공안", "Chinese police"),
// or "".
func (x *extractor) perpetrator(c *cand) string {
	if !x.perpOK {
		x.perpOK = true
		x.perps = x.perps[:0]
		s := x.sent
		for i := s.a; i < s.b; i++ {
			if start, end := x.perpAt(i, s); start >= 0 {
				x.perps = append(x.perps, perpSpan{i, start, end})
			}
		}
	}
	best, bestDist := "", 1<<30
	for _, p := range x.perps {
		if p.tok < c.ti-window {
			continue
		}
		if p.tok >= c.tj+window {
			break
		}
		if d := abs(p.tok - c.ti); d < bestDist {
			best, bestDist = x.text[p.start:p.end], d
		}
	}
	return best
}

// perpSpan is an agency named at token tok, as the bytes [start, end).
type perpSpan struct{ tok, start, end int }

// perpAt returns the span of an agency named at token i, or start -1.
func (x *extractor) perpAt(i int, s sentence) (start, end int) {
	t := x.toks[i]
	start, end = -1, -1
	switch t.kind {
	case kHangul:
		w := x.tokText(i)
		if p := prefixOf(w, koPerpetrators); p != "" && (i == s.a || t.gap > 0 || x.toks[i-1].kind != kHangul) {
			start, end = int(t.start), int(t.start)+len(p)
			if i > s.a && t.gap > 0 && x.toks[i-1].kind == kHangul {
				pw := x.tokText(i - 1)
				if pw == "중국" || pw == "북한" {
					start = int(x.toks[i-1].start)
				}
			}
		}
	case kWord:
		if words[t.w].flags&fAgency == 0 {
			return -1, -1
		}
		for _, p := range enPerpetrators {
			ok := true
			for m, w := range p {
				if !x.wordIs(i+m, w) {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			start, end = int(t.start), int(x.toks[i+len(p)-1].end)
			k := i - 1
			if x.wordIs(k, "chinese") || x.wordIs(k, "korean") || x.wordIs(k, "local") || x.wordIs(k, "border") {
				start = int(x.toks[k].start)
				if x.wordIs(k, "korean") && x.wordIs(k-1, "north") {
					start = int(x.toks[k-1].start)
				}
			} else if p[0] == "government" || p[0] == "officials" || p[0] == "authorities" {
				start = -1 // "the authorities" names no one
			}
			break
		}
	}
	return start, end
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
)

// DefaultGazetteer returns the built-in gazetteer of places common in
// this domain: Chinese border and transit cities and provinces, North
// Korean border cities and provinces, and the countries of the escape
// routes. Its IDs are 0. North and South Korea themselves are left out:
// in these reports they are origin and destination, not where the event
// happened.
func DefaultGazetteer() *Gazetteer {
	defaultOnce.Do(func() { defaultGaz = NewGazetteer(defaultEntries) })
	return defaultGaz
}

// DefaultEntries returns a copy of the built-in gazetteer's entries (IDs
// 0), to append after a deployment's own places: NewGazetteer lets the
// first entry with a name win, so the records' places take precedence.
func DefaultEntries() []Entry { return append([]Entry(nil), defaultEntries...) }
