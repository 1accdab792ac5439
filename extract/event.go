package extract

import (
	"sort"
	"strings"
)

// hit is an event trigger found in a sentence.
type hit struct {
	first, last int // tokens of the trigger
	pos         int // byte offset of the trigger
	ev          event
	// prospect marks an event that has not happened: "북송될 위기",
	// "awaiting repatriation", "at risk of being sent back".
	prospect bool
}

// koTriggers are the Korean trigger stems, found anywhere in a Hangul
// run: particles and endings attach to them.
var koTriggers = []struct {
	stem string
	ev   event
}{
	{"북송", evRepatriation}, {"송환", evRepatriation}, {"넘겨", evRepatriation},
	{"인계", evRepatriation}, {"추방", evRepatriation}, {"돌려보", evRepatriation},
	{"압송", evRepatriation}, {"넘겼", evRepatriation}, {"넘긴", evRepatriation},
	{"넘기", evRepatriation},
	{"체포", evArrest}, {"검거", evArrest}, {"붙잡", evArrest}, {"붙들", evArrest},
	{"잡혀", evArrest}, {"잡힌", evArrest}, {"잡혔", evArrest}, {"연행", evArrest},
	{"나포", evArrest}, {"적발", evArrest}, {"검문", evArrest},
	{"구금", evDetention}, {"수감", evDetention}, {"억류", evDetention}, {"구류", evDetention},
	{"감금", evDetention}, {"갇혀", evDetention}, {"갇힌", evDetention}, {"갇혔", evDetention},
	{"구속", evDetention}, {"수용돼", evDetention}, {"수용된", evDetention}, {"수용되", evDetention},
	{"석방", evRelease}, {"풀려", evRelease}, {"풀어", evRelease},
	{"숨어", evAtRisk}, {"은신", evAtRisk}, {"숨겨", evAtRisk},
	{"단속돼", evArrest}, {"단속됐", evArrest}, {"단속된", evArrest}, {"단속되", evArrest},
	{"보내", evRepatriation}, {"보냈", evRepatriation},
	{"처형", evOther}, {"사형", evOther}, {"총살", evOther}, {"사망", evOther}, {"숨졌", evOther},
	{"참석", evOther}, {"모였", evOther}, {"모여", evOther}, {"모인", evOther}, {"집회", evOther}, {"시위", evOther}, {"서명", evOther},
	{"입국", evOther}, {"정착", evOther},
}

// koTriggerFirst holds the first syllable of every Korean trigger stem,
// so that most syllables cost one map lookup.
var koTriggerFirst = func() map[rune][]int {
	m := map[rune][]int{}
	for i, t := range koTriggers {
		r, _ := decodeRune(t.stem)
		m[r] = append(m[r], i)
	}
	return m
}()

// koTriggerSyll marks the Hangul syllables (r - 0xAC00) that start a
// trigger stem, so that other syllables cost no map lookup.
var koTriggerSyll = func() (b [(0xD7A4 - 0xAC00 + 63) / 64]uint64) {
	for r := range koTriggerFirst {
		if isHangul(r) {
			k := r - 0xAC00
			b[k/64] |= 1 << (k % 64)
		}
	}
	return b
}()

// koProspectAfter are what follows a Korean trigger's stem when the event
// has not happened: "북송될", "송환할", "체포하려".
var koProspectAfter = []string{"될", "할", "하려", "당할", "되기", "하기"}

// koProspectNext start the word after a trigger when the event has not
// happened: "북송 위기", "북송을 앞둔", "북송될 수".
var koProspectNext = []string{"위기", "위험", "상황", "처지", "가능성", "우려", "예정", "앞둔",
	"앞두고", "직면", "수", "방침", "계획", "대기", "기다리", "직전",
	// The object of a demand or an appeal: "강제북송 중단을 촉구", "석방을
	// 요구했다", "북송 반대 집회".
	"요구", "촉구", "호소", "요청", "중단", "반대", "금지", "중지", "규탄"}

// triggers finds the event triggers of the current sentence, once.
func (x *extractor) triggers() []hit {
	if x.hitsOK {
		return x.hits
	}
	x.hitsOK = true
	x.hits = x.hits[:0]
	s := x.sent
	for i := s.a; i < s.b; i++ {
		t := x.toks[i]
		switch t.kind {
		case kWord:
			if h, ok := x.enTrigger(i, s); ok {
				x.hits = append(x.hits, h)
			}
		case kHangul:
			x.koTriggerHits(i, s)
		}
	}
	n := s.b - s.a
	x.hitFirst = append(x.hitFirst[:0], make([]int32, n)...)
	x.hitLast = append(x.hitLast[:0], make([]int32, n)...)
	for i, h := range x.hits {
		if x.hitFirst[h.first-s.a] == 0 {
			x.hitFirst[h.first-s.a] = int32(i + 1)
		}
		x.hitLast[h.last-s.a] = int32(i + 1)
	}
	return x.hits
}

// koTriggerHits adds the Korean triggers inside Hangul token i.
func (x *extractor) koTriggerHits(i int, s sentence) {
	t := x.toks[i]
	run := x.text[t.start:t.end]
	for p := 0; p < len(run); {
		r, n := decodeRune(run[p:])
		if k := r - 0xAC00; k >= 0 && k < 0xD7A4-0xAC00 && koTriggerSyll[k/64]&(1<<(k%64)) == 0 {
			p += n
			continue
		}
		cands := koTriggerFirst[r]
		if cands == nil {
			p += n
			continue
		}
		found := false
		for _, ti := range cands {
			tr := koTriggers[ti]
			if !strings.HasPrefix(run[p:], tr.stem) {
				continue
			}
			if strings.HasPrefix(tr.stem, "넘기") || tr.stem == "넘겼" || tr.stem == "넘긴" {
				// "북한에 넘겼다" returns people; "3만 명을 넘겼다"
				// only exceeds a number.
				if i == s.a || !strings.HasPrefix(x.tokText(i-1), "북") {
					break
				}
			}
			h := hit{first: i, last: i, pos: int(t.start) + p, ev: tr.ev}
			rest := run[p+len(tr.stem):]
			if tr.ev == evRepatriation && (tr.stem == "넘겨" || strings.HasPrefix(tr.stem, "보")) {
				// The receiver or the destination decides: "공안에
				// 넘겨졌다" is an arrest, "수용소로 보내졌다" a detention,
				// "북한으로 보냈다" a return.
				ev, ok := x.koReceiver(i, s, tr.stem == "넘겨")
				if !ok {
					break
				}
				h.ev = ev
			}
			if x.koAppeal(rest, i, s) {
				h.prospect = true // "북송하지 말라", "돌려보내지 말아 달라"
				x.hits = append(x.hits, h)
				p += len(tr.stem)
				found = true
				break
			}
			if x.koNegated(rest, i, s) {
				p += len(tr.stem)
				found = true
				break
			}
			if strings.HasPrefix(rest, "되") || strings.HasPrefix(rest, "돼") {
				rest = rest[len("되"):]
			}
			if startsWithAny(rest, koProspectAfter) || strings.HasPrefix(run[p+len(tr.stem):], "될") {
				h.prospect = true
			} else if (rest == "" || rest == "을" || rest == "를" || rest == "의") && i+1 < s.b &&
				x.toks[i+1].kind == kHangul && startsWithAny(x.tokText(i+1), koProspectNext) {
				h.prospect = true
			}
			x.hits = append(x.hits, h)
			p += len(tr.stem)
			found = true
			break
		}
		if !found {
			p += n
		}
	}
}

// koReceiver returns the event of "넘겨" or "보내" by the word before it:
// the police receive an arrest, a camp or prison a detention, North Korea
// a return. ok is false for 보내 without such a word ("돈을 보냈다").
func (x *extractor) koReceiver(i int, s sentence, handed bool) (event, bool) {
	if i == s.a || x.toks[i-1].kind != kHangul {
		return evRepatriation, handed
	}
	w := x.tokText(i - 1)
	switch {
	case startsWithAny(w, []string{"공안", "경찰", "변방대", "국경경비대", "경비대"}):
		// "북한 국경경비대에 넘겨졌다": the North's guards receive a return.
		if i-2 >= s.a && strings.HasPrefix(x.tokText(i-2), "북") {
			return evRepatriation, true
		}
		return evArrest, true
	case strings.HasSuffix(w, "소로") || strings.HasSuffix(w, "소에") || strings.HasSuffix(w, "감옥으로") ||
		strings.HasSuffix(w, "교도소로"):
		return evDetention, true // 수용소로, 교화소로, 구류소로
	case strings.HasPrefix(w, "북") || strings.HasPrefix(w, "본국"):
		return evRepatriation, true
	}
	return evRepatriation, handed
}

// koAppeal reports whether a Korean trigger is asked not to happen:
// "북송하지 말라고", "돌려보내지 말아 달라고".
func (x *extractor) koAppeal(rest string, i int, s sentence) bool {
	for _, p := range []string{"하지", "지", "시키지", "내지"} {
		if rest == p && i+1 < s.b {
			return strings.HasPrefix(x.tokText(i+1), "말")
		}
	}
	return false
}

// koNegated reports whether a Korean trigger is negated: "석방되지
// 않았다", "북송하지 못했다".
func (x *extractor) koNegated(rest string, i int, s sentence) bool {
	for _, p := range []string{"되지", "하지", "시키지", "지"} {
		if rest == p && i+1 < s.b {
			n := x.tokText(i + 1)
			return strings.HasPrefix(n, "않") || strings.HasPrefix(n, "못") || strings.HasPrefix(n, "안")
		}
	}
	return false
}

func (x *extractor) tokText(i int) string {
	t := x.toks[i]
	return x.text[t.start:t.end]
}

// enTrigger reads an English trigger at token i: a word that names an
// event by itself, or a phrase ("sent back", "handed over", "rounded up",
// "locked up", "set free", "at risk", "held in").
func (x *extractor) enTrigger(i int, s sentence) (hit, bool) {
	w := words[x.toks[i].w]
	if w.trigger == evNone && w.flags&fPhrase == 0 {
		return hit{}, false
	}
	h := hit{first: i, last: i, pos: int(x.toks[i].start)}
	next := func(ws ...string) bool {
		for _, v := range ws {
			if x.wordIs(i+1, v) {
				h.last = i + 1
				return true
			}
		}
		return false
	}
	switch {
	case w.trigger != evNone:
		h.ev = w.trigger
		if x.wordIs(i, "free") && !x.wordIs(i-1, "set") {
			return hit{}, false
		}
	case x.wordIs(i, "sent") || x.wordIs(i, "send") || x.wordIs(i, "sends") || x.wordIs(i, "sending") ||
		x.wordIs(i, "forced") || x.wordIs(i, "pushed") || x.wordIs(i, "shipped"):
		h.ev = evRepatriation
		if !next("back", "home") {
			// "sent to a political prison camp": detention.
			if x.wordIs(i+1, "to") && !x.nearKorea(i+1, min(s.b, i+4)) {
				if k := x.placeOfCustody(i+2, s.b); k > 0 {
					h.ev, h.last = evDetention, k
					break
				}
			}
			// "Don't send 10 North Koreans back": the phrase around its
			// object.
			k := i + 2
			for k < s.b && k < i+7 && x.toks[k].kind != kPunct && !x.wordIs(k, "back") {
				k++
			}
			if !x.wordIs(k, "back") || x.wordIs(i, "forced") || x.wordIs(i, "pushed") {
				return hit{}, false
			}
			h.last = k
		}
	case x.wordIs(i, "handed") || x.wordIs(i, "hand") || x.wordIs(i, "hands") || x.wordIs(i, "handing") ||
		x.wordIs(i, "turned"):
		if !next("over", "back") && !(x.wordIs(i, "handed") && next("to")) {
			return hit{}, false
		}
		h.ev = evRepatriation
		// The receiver decides: "handed over to Chinese police" is an
		// arrest, "handed to North Korean security agents" a return.
		for k := h.last + 1; k < s.b && k < h.last+5; k++ {
			if x.wordIs(k, "korean") || x.wordIs(k, "korea") || x.wordIs(k, "dprk") {
				break
			}
			if x.wordIs(k, "police") || x.wordIs(k, "chinese") {
				h.ev = evArrest
				break
			}
		}
	case x.wordIs(i, "returned") || x.wordIs(i, "return") || x.wordIs(i, "returns") || x.wordIs(i, "returning"):
		// "returned" is a return of people when forced, when North Korea
		// follows, when it governs a count ("China returned about 500
		// people"), or as a passive ("those returned", "were returned"),
		// but not "returned from", "returned to South Korea".
		forced := x.wordIs(i-1, "forcibly") || x.wordIs(i-1, "forcefully") || x.wordIs(i-1, "forced")
		passive := x.wordIs(i-1, "those") || x.wordIs(i-1, "were") || x.wordIs(i-1, "was") ||
			x.wordIs(i-1, "been") || x.wordIs(i-1, "being") || x.wordIs(i-1, "be")
		away := x.wordIs(i+1, "from") || x.wordIs(i+1, "to") && (x.wordIs(i+2, "south") || x.wordIs(i+2, "seoul") || x.wordIs(i+2, "the"))
		if !forced && !x.nearKorea(i+1, s.b) && !(!away && (passive || x.startsCount(i+1, s.b))) {
			return hit{}, false
		}
		h.ev = evRepatriation
	case x.wordIs(i, "rounded") || x.wordIs(i, "round") || x.wordIs(i, "rounding") || x.wordIs(i, "picked"):
		if !next("up") {
			return hit{}, false
		}
		h.ev = evArrest
	case x.wordIs(i, "taken") && x.wordIs(i+1, "into") && x.wordIs(i+2, "custody"):
		h.ev, h.last = evArrest, i+2
	case x.wordIs(i, "locked"):
		if !next("up") {
			return hit{}, false
		}
		h.ev = evDetention
	case x.wordIs(i, "behind") && x.wordIs(i+1, "bars"):
		h.ev, h.last = evDetention, i+1
	case x.wordIs(i, "moved") || x.wordIs(i, "transferred") || x.wordIs(i, "taken") && !x.wordIs(i+1, "into"):
		// "moved to a facility in Kunming": detention.
		k := 0
		if x.wordIs(i+1, "to") {
			k = x.placeOfCustody(i+2, s.b)
		}
		if k == 0 {
			return hit{}, false
		}
		h.ev, h.last = evDetention, k
	case x.wordIs(i, "stopped"):
		if !x.auxBefore(i) {
			return hit{}, false // "stopped" after were: "were stopped at a checkpoint"
		}
		h.ev = evArrest
	case x.wordIs(i, "held") || x.wordIs(i, "holding"):
		if !(x.wordIs(i+1, "in") || x.wordIs(i+1, "at") || x.wordIs(i+1, "by") || x.wordIs(i+1, "for") ||
			x.wordIs(i+1, "captive") || x.wordIs(i+1, "incommunicado") || x.wordIs(i+1, "without") ||
			x.flags(i-1)&fAux != 0 || x.startsCount(i+1, s.b)) {
			return hit{}, false
		}
		h.ev = evDetention
	case x.wordIs(i, "let") && x.wordIs(i+1, "go"):
		h.ev, h.last = evRelease, i+1
	case x.wordIs(i, "at") && x.wordIs(i+1, "risk"):
		h.ev, h.last = evAtRisk, i+1
	default:
		return hit{}, false
	}
	// "at risk of being sent back", "awaiting repatriation", "could be
	// deported", "face forced repatriation".
	if h.ev != evAtRisk {
		for k := i - 1; k >= s.a && k >= i-3; k-- {
			if x.flags(k)&fProspect != 0 && !(x.wordIs(k, "about") && !x.wordIs(k+1, "to")) {
				h.prospect = true
				break
			}
		}
	}
	return h, true
}

// startsCount reports whether a count may start at token k: a number,
// or a qualifier cue before one ("held 25 people", "returned about 500").
func (x *extractor) startsCount(k, hi int) bool {
	for n := 0; k < hi && n < 3; n, k = n+1, k+1 {
		t := x.toks[k]
		if t.kind == kNum || t.kind == kWord && words[t.w].flags&(fNumber|fVague) != 0 {
			return true
		}
		if t.kind != kWord || x.flags(k)&(fFew|fProspect) == 0 && !x.wordIs(k, "some") && !x.wordIs(k, "around") &&
			!x.wordIs(k, "approximately") && !x.wordIs(k, "roughly") && !x.wordIs(k, "nearly") &&
			!x.wordIs(k, "more") && !x.wordIs(k, "than") && !x.wordIs(k, "over") && !x.wordIs(k, "at") &&
			!x.wordIs(k, "least") && !x.wordIs(k, "up") && !x.wordIs(k, "to") && !x.wordIs(k, "as") &&
			!x.wordIs(k, "many") && !x.wordIs(k, "an") && !x.wordIs(k, "estimated") && !x.wordIs(k, "almost") {
			return false
		}
	}
	return false
}

// placeOfCustody returns the last token of a place of custody named
// within a few words from token k ("a political prison camp", "the
// detention center"), or 0.
func (x *extractor) placeOfCustody(k, hi int) int {
	for m := k; m < hi && m < k+5; m++ {
		if x.wordIs(m, "prison") || x.wordIs(m, "camp") || x.wordIs(m, "jail") || x.wordIs(m, "center") ||
			x.wordIs(m, "centre") || x.wordIs(m, "facility") || x.wordIs(m, "gulag") {
			return m
		}
		if x.toks[m].kind != kWord {
			return 0
		}
	}
	return 0
}

// nearKorea reports whether "North Korea", "home" or "back" follows
// within a few words: "returned 50 people to North Korea".
func (x *extractor) nearKorea(i, hi int) bool {
	for k := i; k < hi && k < i+6; k++ {
		if x.wordIs(k, "home") || x.wordIs(k, "back") ||
			(x.wordIs(k, "korea") && (x.wordIs(k-1, "north") || x.wordIs(k-1, "n"))) ||
			x.wordIs(k, "pyongyang") || x.wordIs(k, "dprk") {
			return true
		}
	}
	return false
}

// event chooses the event of count c.
//
// Korean puts the verb after its subject and object, so the first
// trigger after the count's noun phrase decides ("탈북민 15명이 … 검거돼
// 강제 북송될 상황에 처했다" is an arrest); without one, the nearest
// trigger before it in the same clause does ("북송된 북한 노동자 108명").
// A count in a list ("108명, …") takes the trigger of its own relative
// clause before the count when there is one.
//
// English puts the verb between subject and object: a trigger right
// before the count governs it ("repatriated 620 defectors"); otherwise
// the first trigger after its noun phrase does, or the main verb after a
// relative clause ("200 escapees being held in … were handed over").
//
// In either, a prospective event (at risk of, 북송될 위기) is at_risk
// unless the same chain reports one that has happened: "arrested and
// awaiting repatriation" is an arrest.
func (x *extractor) event(idx int, all []cand, ko bool) event {
	c := &all[idx]
	hs := x.triggers()
	s := x.sent
	clauseEnd := x.clauseEnd(c, s)
	clauseStart := max(x.clauseStart(c, s, ko), c.ti-window)
	// The chain after the count ends where a later count starts once it
	// has a trigger: "20명이 체포됐고 30명이 북송됐다".
	nextCount := s.b
	if idx+1 < len(all) {
		nextCount = all[idx+1].ti
	}
	right, left, inside := x.evRight[:0], x.evLeft[:0], x.evInside[:0]
	defer func() { x.evRight, x.evLeft, x.evInside = right[:0], left[:0], inside[:0] }()
	lo := sort.Search(len(hs), func(i int) bool { return hs[i].first >= clauseStart })
	for _, h := range hs[lo:] {
		if h.first >= clauseEnd {
			break
		}
		switch {
		case h.first >= c.np:
			if len(right) == 0 || h.first < nextCount {
				right = append(right, h)
			}
		case h.first < c.ti:
			left = append(left, h) // before the count, or around it: "send 10 … back"
		case h.first >= c.tj:
			inside = append(inside, h) // "2,000 detained North Koreans"
		}
	}
	// nearest first
	for a, b := 0, len(left)-1; a < b; a, b = a+1, b-1 {
		left[a], left[b] = left[b], left[a]
	}
	if len(left) == 0 && len(right) == 0 && len(inside) == 0 {
		return evNone
	}
	ev := x.governing(c, ko, left, right)
	if ev == evAtRisk {
		// A group that faces repatriation after a stated arrest or
		// detention is counted by what has happened to it, also when
		// the arrest is told in a participle or relative clause after
		// the noun: "60 North Koreans held in Baishan", "the 17 arrested
		// last month are expected to be repatriated".
		stated := append(inside, left...)
		if !ko && len(right) > 0 && (right[0].first == c.np ||
			x.flags(c.np)&fRelative != 0 && right[0].first <= c.np+4) {
			stated = append(stated, right[0])
		}
		for _, h := range stated {
			if !h.prospect && (h.ev == evArrest || h.ev == evDetention) {
				return h.ev
			}
		}
	}
	return ev
}

// nounEvent returns the event that the noun of count c names when no
// verb does: "3 of the 7 detainees", "수감자 30명".
func (x *extractor) nounEvent(c *cand) event {
	for k := max(c.ti-1, x.sent.a); k < c.np && k < x.sent.b; k++ {
		switch t := x.toks[k]; t.kind {
		case kWord:
			if x.wordIs(k, "detainees") || x.wordIs(k, "prisoners") || x.wordIs(k, "inmates") ||
				x.wordIs(k, "captives") || x.wordIs(k, "detainee") || x.wordIs(k, "prisoner") {
				return evDetention
			}
		case kHangul:
			if startsWithAny(x.tokText(k), []string{"수감자", "억류자", "구금자", "재소자"}) {
				return evDetention
			}
		}
	}
	return evNone
}

// partitive reports whether count c is a part of a group counted before
// it in the sentence: "17 of whom", "이 가운데 17명", "그중 3명".
func (x *extractor) partitive(c *cand) bool {
	if c.ko {
		k := c.ti - 1
		if k < x.sent.a || x.toks[k].kind != kHangul {
			return false
		}
		w := x.tokText(k)
		if w == "그중" || w == "이중" || w == "그중에서" {
			return true
		}
		if w == "가운데" || w == "중" || w == "중에서" || w == "가운데서" {
			return k-1 >= x.sent.a && startsWithAny(x.tokText(k-1), []string{"이", "그"})
		}
		return false
	}
	for k := c.tj; k+1 < c.np+1 && k+1 < x.sent.b; k++ {
		if x.wordIs(k, "of") && (x.wordIs(k+1, "whom") || x.wordIs(k+1, "them")) {
			return true
		}
	}
	return false
}

// governing returns the event of the triggers that govern count c.
func (x *extractor) governing(c *cand, ko bool, left, right []hit) event {
	if ko {
		if x.koListed(c, x.sent) && len(left) > 0 && left[0].last >= c.ti-4 {
			return chain(left)
		}
		if len(right) > 0 {
			return chain(right)
		}
		if len(left) > 0 {
			return chain(left)
		}
		return evOther
	}
	if x.verbBefore(c.ti) && len(left) > 0 {
		return chain(left)
	}
	if len(right) > 0 {
		// A relative clause ("who had been detained", "being held", or a
		// participle right after the noun: "defectors held at Baishan")
		// comes before the main verb.
		if len(right) > 1 && (x.flags(c.np)&fRelative != 0 || right[0].first == c.np) {
			// The main verb is the first later trigger after an
			// auxiliary: "… were reportedly repatriated".
			for _, h := range right[1:] {
				if x.auxBefore(h.first) {
					return chain([]hit{h})
				}
			}
			if x.flags(c.np)&fRelative != 0 {
				return chain([]hit{right[len(right)-1]})
			}
		}
		return chain(right)
	}
	if len(left) > 0 {
		return chain(left)
	}
	return evOther
}

// chain returns the event of a chain of triggers (in the order they
// bear on the count). An outcome that has happened, repatriation or
// release, wins ("체포된 뒤 북송됐다"); otherwise an arrest beats a
// detention ("arrested and held" is an arrest); a chain of prospective
// events only ("북송 위기", "at risk of being sent back") is at_risk.
func chain(hs []hit) event {
	best := evNone
	for _, h := range hs {
		if h.prospect || h.ev == evAtRisk {
			continue
		}
		switch {
		case h.ev == evOther && best == evNone:
			return evOther // the count does something else: "gathered to protest"
		case h.ev == evRepatriation || h.ev == evRelease:
			return h.ev
		case h.ev == evArrest:
			best = evArrest
		case h.ev == evDetention && best == evNone:
			best = evDetention
		}
	}
	if best != evNone {
		return best
	}
	return evAtRisk
}

// clauseEnd returns the token where the clause of count c ends: the end
// of the sentence, a semicolon, or a comma that does not merely follow
// the count in a list.
func (x *extractor) clauseEnd(c *cand, s sentence) int {
	for k := c.np; k < s.b; k++ {
		if k >= c.np+window {
			return k
		}
		if x.toks[k].kind != kPunct {
			continue
		}
		if x.punctIs(k, ";") {
			return k
		}
		if x.punctIs(k, ",") && k > c.np && x.koEndsClause(k) {
			return k
		}
	}
	return s.b
}

// koEndsClause reports whether the comma at token k closes a Korean
// clause: it follows a connective ending ("있으며,", "있는데,", "했고,").
func (x *extractor) koEndsClause(k int) bool {
	p := x.toks[k-1]
	if p.kind != kHangul {
		return false
	}
	w := x.text[p.start:p.end]
	for _, e := range []string{"며", "고", "데", "지만", "으나", "면서", "는데", "서", "나"} {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// clauseStart returns the first token of the clause that count c is in:
// after the last semicolon before it, or in Korean the last comma.
func (x *extractor) clauseStart(c *cand, s sentence, ko bool) int {
	for k := c.ti - 1; k >= s.a && k >= c.ti-window; k-- {
		if x.punctIs(k, ";") || ko && x.punctIs(k, ",") {
			return k + 1
		}
	}
	return s.a
}

// koListed reports whether a Korean count is an item of a list: followed
// by a comma, 과/와, 및 or 등.
func (x *extractor) koListed(c *cand, s sentence) bool {
	k := c.np
	if k < s.b && (x.punctIs(k, ",") || x.punctIs(k, "·")) {
		return true
	}
	if k < s.b && x.toks[k].kind == kHangul {
		w := x.tokText(k)
		if w == "및" || w == "등" || strings.HasPrefix(w, "등이") || strings.HasPrefix(w, "등을") {
			return true
		}
	}
	last := x.text[c.end:x.toks[max(c.np-1, c.tj-1)].end]
	return strings.HasSuffix(last, "과") || strings.HasSuffix(last, "와")
}

// triggerAt returns the event of a trigger that starts at token k.
func (x *extractor) triggerAt(k int) event {
	x.triggers()
	if k < x.sent.a || k >= x.sent.b || x.hitFirst[k-x.sent.a] == 0 {
		return evNone
	}
	return x.hits[x.hitFirst[k-x.sent.a]-1].ev
}

// triggerEnd returns the event of a trigger that ends at token k.
func (x *extractor) triggerEnd(k int) event {
	x.triggers()
	if k < x.sent.a || k >= x.sent.b || x.hitLast[k-x.sent.a] == 0 {
		return evNone
	}
	return x.hits[x.hitLast[k-x.sent.a]-1].ev
}

// segment returns the number of the comma- or semicolon-delimited part of
// the current sentence that token k is in. Commas inside brackets do not
// count: "seven North Koreans (three women, three men …) in Liaoning".
func (x *extractor) segment(k int) int {
	return int(x.segs[k-x.sent.a])
}

// startSentence resets the per-sentence caches for s and numbers its
// segments.
func (x *extractor) startSentence(s sentence) {
	x.sent, x.hitsOK, x.datesOK, x.plOK, x.perpOK = s, false, false, false, false
	x.segs = x.segs[:0]
	n, depth := int32(0), 0
	for m := s.a; m < s.b; m++ {
		x.segs = append(x.segs, n)
		t := x.toks[m]
		if t.kind != kPunct {
			continue
		}
		switch x.text[t.start:t.end] {
		case "(", "（":
			depth++
		case ")", "）":
			depth = max(depth-1, 0)
		case ",", ";":
			if depth == 0 {
				n++
			}
		}
	}
}

// countSegments marks the segments of the current sentence that hold a
// count.
func (x *extractor) countSegments(cands []cand) {
	if x.counted == nil {
		x.counted = map[int32]bool{}
	}
	clear(x.counted)
	for _, c := range cands {
		x.counted[x.segs[c.ti-x.sent.a]] = true
	}
}

// auxBefore reports whether an auxiliary ("were", "have been", "got")
// stands before token k, perhaps with adverbs between.
func (x *extractor) auxBefore(k int) bool {
	for m := k - 1; m >= x.sent.a && m >= k-3; m-- {
		f := x.flags(m)
		if f&fAux != 0 && !x.wordIs(m, "reportedly") && !x.wordIs(m, "allegedly") && !x.wordIs(m, "also") {
			return true
		}
		if f&fAdverb == 0 {
			return false
		}
	}
	return false
}
