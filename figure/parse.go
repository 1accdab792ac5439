package figure

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Parse reads one reported figure of people, in English or Korean, into
// its qualifier and numbers (DOMAIN.md §2). The text is the count
// expression, optionally with words for people around it: "some 600",
// "200여 명", "more than 60 North Koreans", "탈북민 15명", "50~60명",
// "hundreds of defectors", "최소한 1천76명".
//
// Figure.Text is text trimmed of surrounding spaces; Parse(f.Text)
// returns f again. Decisions beyond the DOMAIN table:
//
//   - "a dozen" is exact 12, "two dozen" exact 24, "half a dozen" exact
//     6: the qualifier records what was written, and round numbers are
//     no more hedged than "Ten".
//   - "several", "a few", "a couple", "many", "몇 명", "여러 명", "소수의"
//     fail with ErrTooVague: the vague class is defined by a unit (10,
//     100, 1000), and these name none. "several hundred", "a few
//     dozen", "몇백 명" are vague with that unit.
//   - "tens of thousands", "수만 명" and "millions" fail with
//     ErrTooVague: no policy band exists for those units.
//   - "N명 이상" is at_least, as the table says (이상 includes N).
//   - "fewer than N", "less than N", "under N", "N명 미만" are at_most
//     N−1, since they exclude N; "nearly", "almost", "close to",
//     "거의", "N명 가까이" are at_most N.
//   - "or so" is approx; "or more" is at_least; "N명 남짓" and "십수
//     명" are approx_over.
//   - At most one cue before the number and one after it (besides
//     N여), and they must agree: "약 200명 정도" is approx, "최소 28명
//     이상" at_least; "about some 600" fails. An approx cue with N여
//     ("약 200여 명", "200여 명 정도") is approx, the wider reading. An
//     approx cue on a range ("about 50-60") leaves it a range; on a
//     vague count ("수십여 명") it leaves it vague. Other mixes ("over
//     200-odd", "최대 50~60명", "수백 명 이상") fail.
//   - Digits with a leading zero ("007") fail; zero itself is exact 0.
//   - Text that mixes Hangul and English words ("200명 people") fails, as
//     does text with brackets ("15 (13 women)"); "(38)" and "박씨(38)"
//     fail as ages with ErrNotPeople.
//   - Words around the count must be people words (명, 탈북민, people,
//     defectors, North Koreans …); anything else fails, so "15 buses",
//     "3년" and "over five crossings" fail with ErrNotPeople.
//   - "2~3천 명" and "two to three hundred" share the unit: 2000–3000.
//   - Numbers above MaxValue, negative numbers, and ranges whose low is
//     above their high fail with ErrOutOfRange; "50-50" is a range.
func Parse(text string) (Figure, error) {
	text = strings.TrimSpace(text)
	fail := func(kind error, reason string) (Figure, error) {
		return Figure{}, &ParseError{Text: text, Reason: reason, Err: kind}
	}
	switch {
	case text == "":
		return fail(ErrSyntax, "empty")
	case !utf8.ValidString(text):
		return fail(ErrSyntax, "invalid UTF-8")
	case utf8.RuneCountInString(text) > maxInputRunes:
		return fail(ErrSyntax, "too long for a figure")
	}
	p := &parser{toks: lex(text)}
	if e := p.prescan(); e != nil {
		return fail(e.kind, e.reason)
	}
	f, e := p.parse()
	if e != nil {
		return fail(e.kind, e.reason)
	}
	f.Text = text
	return f, nil
}

// parser walks the tokens of one figure.
type parser struct {
	toks []token
	pos  int
}

// quantity is the number part of a figure.
type quantity struct {
	kind           Qualifier // Exact for one number, Range or Vague
	val, low, high int64
}

func (p *parser) text(i int) string {
	if i >= 0 && i < len(p.toks) {
		return p.toks[i].text
	}
	return ""
}

func (p *parser) kind(i int) (tokKind, bool) {
	if i >= 0 && i < len(p.toks) {
		return p.toks[i].kind, true
	}
	return 0, false
}

func (p *parser) word(i int) string {
	if k, ok := p.kind(i); ok && k == tWord {
		return p.toks[i].text
	}
	return ""
}

func (p *parser) ko(i int) string {
	if k, ok := p.kind(i); ok && k == tKo {
		return p.toks[i].text
	}
	return ""
}

// unexpected reports the token at i as out of place.
func (p *parser) unexpected(i int) *numErr {
	if i >= len(p.toks) {
		return &numErr{ErrSyntax, "incomplete"}
	}
	return &numErr{ErrSyntax, "unexpected " + quote(p.toks[i].text)}
}

// prescan rejects percentages, ages and bracketed notes wherever they
// are, so the reason given is the one that matters.
func (p *parser) prescan() *numErr {
	for i, t := range p.toks {
		switch {
		case t.text == "%" || t.text == "percent" || t.text == "pct" || t.text == "percentage" ||
			t.text == "퍼센트" || t.text == "프로" || (t.text == "per" && p.word(i+1) == "cent"):
			return &numErr{ErrNotPeople, reasonPercent}
		case t.kind == tWord && (t.text == "old" || t.text == "aged"):
			return &numErr{ErrNotPeople, reasonAge}
		}
	}
	hangul, latin := false, false
	for _, t := range p.toks {
		hangul = hangul || t.kind == tKo || t.kind == tKoUnknown
		latin = latin || t.kind == tWord
	}
	if hangul && latin {
		return &numErr{ErrSyntax, "mixes Korean and English words"}
	}
	for i, t := range p.toks {
		if t.text == "(" || t.text == ")" {
			if t.text == "(" && p.toks[min(i+1, len(p.toks)-1)].kind == tNum && p.text(i+2) == ")" {
				return &numErr{ErrNotPeople, reasonAge}
			}
			return &numErr{ErrSyntax, "brackets: give the count alone"}
		}
	}
	return nil
}

// matchPhrase returns the cue and length of the longest phrase starting
// at p.pos.
func (p *parser) matchPhrase(phrases []struct {
	words []string
	cue   cue
}) (cue, int) {
	best, bestN := cueNone, 0
	for _, ph := range phrases {
		if len(ph.words) <= bestN || p.pos+len(ph.words) > len(p.toks) {
			continue
		}
		ok := true
		for j, w := range ph.words {
			t := p.toks[p.pos+j]
			if t.text != w || t.kind == tNum || t.kind == tKoUnknown {
				ok = false
				break
			}
		}
		if ok {
			best, bestN = ph.cue, len(ph.words)
		}
	}
	return best, bestN
}

// startsNumber reports whether a number may start at token i.
func (p *parser) startsNumber(i int) bool {
	k, ok := p.kind(i)
	if !ok {
		return false
	}
	t := p.toks[i].text
	switch k {
	case tNum:
		return true
	case tWord:
		_, one := enOnes[t]
		_, ten := enTens[t]
		return one || ten || t == "a" || t == "half" || enVague[t] != 0 || enFewWords[t]
	case tKo:
		_, sino := koSinoDigits[t]
		_, small := koSmallUnits[t]
		_, big := koBigUnits[t]
		return sino || small || big || koNativeTens[t] != 0 || koNativeOnes[t] != 0 || koVagueHeads[t]
	}
	return false
}

func (p *parser) parse() (Figure, *numErr) {
	var cues []cue
	leadCues, tailCues := 0, 0
	// Lead: cues, noise words and (Korean) people nouns.
	for p.pos < len(p.toks) {
		if _, ok, _ := p.peekVague(); ok {
			break
		}
		if c, n := p.matchPhrase(leadPhrases); n > 0 {
			if n == 1 && p.text(p.pos) == "some" && !p.startsNumber(p.pos+1) {
				break // "some people": too vague
			}
			if c == cueNoise && leadCues > 0 {
				break // "about another 200"
			}
			if c != cueNoise {
				if leadCues++; leadCues > 1 {
					return Figure{}, &numErr{ErrSyntax, "two qualifiers before the number"}
				}
				cues = append(cues, c)
			}
			p.pos += n
			continue
		}
		if t := p.ko(p.pos); koPeople[t] {
			p.pos++
			continue
		}
		if t := p.ko(p.pos); koParticles[t] && p.toks[p.pos].joined && koPeople[p.ko(p.pos-1)] {
			p.pos++ // "탈북민이 15명", "여성들은"
			continue
		}
		break
	}
	q, e := p.parseQuantity()
	if e != nil {
		return Figure{}, e
	}
	// Tail: cues, counters, particles, people words.
	counter := false
	for first := true; p.pos < len(p.toks); first = false {
		t := p.toks[p.pos]
		if first && t.kind == tKo && (t.text == "여" || (t.text == "수" && q.kind == Exact && q.val == 10)) {
			cues = append(cues, cueApproxOver)
			p.pos++
			continue
		}
		if c, n := p.matchPhrase(tailPhrases); n > 0 {
			if c == cueApproxOver && t.kind != tKo && !first {
				// "-odd", "-plus", "+" belong to the number: "200-odd
				// people", not "200 people odd".
				return Figure{}, p.unexpected(p.pos)
			}
			if tailCues++; tailCues > 1 {
				return Figure{}, &numErr{ErrSyntax, "two qualifiers after the number"}
			}
			cues = append(cues, c)
			p.pos += n
			continue
		}
		switch {
		case t.kind == tKo && koCounters[t.text]:
			if counter {
				return Figure{}, p.unexpected(p.pos)
			}
			counter = true
			p.pos++
			continue
		case t.kind == tKo && (koParticles[t.text] || koPeople[t.text]):
			p.pos++
			continue
		case t.kind == tWord && enPeople[t.text]:
			p.pos++
			continue
		case t.text == "and" && enPeople[p.word(p.pos-1)] && enPeople[p.word(p.pos+1)]:
			p.pos++ // "women and children"
			continue
		}
		if r, ok := notPeople[t.text]; ok && t.kind != tNum {
			return Figure{}, &numErr{ErrNotPeople, r}
		}
		// "over five separate crossings", "13-year…": a later word may
		// say what was counted.
		for _, later := range p.toks[p.pos+1:] {
			if r, ok := notPeople[later.text]; ok && later.kind != tNum {
				return Figure{}, &numErr{ErrNotPeople, r}
			}
		}
		return Figure{}, p.unexpected(p.pos)
	}
	return build(q, cues)
}

// parseQuantity reads the number, range or vague count.
func (p *parser) parseQuantity() (quantity, *numErr) {
	if w := p.word(p.pos); w == "between" || w == "from" {
		p.pos++
		a, ok, e := p.parseNumber()
		if e != nil {
			return quantity{}, e
		}
		if !ok {
			return quantity{}, p.noQuantity()
		}
		sep := p.text(p.pos)
		if (w == "between" && sep != "and" && sep != "-" && sep != "~") ||
			(w == "from" && sep != "to" && sep != "-" && sep != "~") {
			return quantity{}, p.unexpected(p.pos)
		}
		p.pos++
		b, ok, e := p.parseNumber()
		if e != nil {
			return quantity{}, e
		}
		if !ok {
			return quantity{}, p.unexpected(p.pos)
		}
		return rangeOf(a, b)
	}
	if unit, ok, e := p.peekVague(); e != nil {
		return quantity{}, e
	} else if ok {
		p.pos += p.vagueLen()
		return quantity{kind: Vague, val: unit}, nil
	}
	a, ok, e := p.parseNumber()
	if e != nil {
		return quantity{}, e
	}
	if !ok {
		return quantity{}, p.noQuantity()
	}
	save := p.pos
	if p.ko(p.pos) == "명" && isRangeSep(p.text(p.pos+1)) {
		p.pos++
	}
	if isRangeSep(p.text(p.pos)) {
		p.pos++
		b, ok, e := p.parseNumber()
		if e != nil {
			return quantity{}, e
		}
		if ok {
			return rangeOf(a, b)
		}
	}
	p.pos = save
	return quantity{kind: Exact, val: a.val}, nil
}

func isRangeSep(s string) bool {
	switch s {
	case "-", "~", "to", "or", "에서", "내지", "또는":
		return true
	}
	return false
}

// rangeOf builds a range; a plain low end borrows the high end's unit
// when it is smaller than the high end's coefficient ("2~3천").
func rangeOf(a, b number) (quantity, *numErr) {
	low := a.val
	if a.plain && b.unit > 0 && a.val*b.coefDen < b.coefNum {
		low = a.val * b.unit
	}
	if low > b.val {
		return quantity{}, &numErr{ErrOutOfRange, fmt.Sprintf("range low %d is above high %d", low, b.val)}
	}
	return quantity{kind: Range, low: low, high: b.val}, nil
}

// noQuantity explains why no number starts at p.pos.
func (p *parser) noQuantity() *numErr {
	if p.pos >= len(p.toks) {
		return &numErr{ErrSyntax, "no number"}
	}
	t := p.toks[p.pos]
	w := t.text
	if w == "a" && enTooVague[p.word(p.pos+1)] {
		return &numErr{ErrTooVague, "too vague to count"}
	}
	if (t.kind == tWord && enTooVague[w]) || (t.kind == tKo && koTooVague[w]) {
		return &numErr{ErrTooVague, "too vague to count"}
	}
	if (w == "-" || w == "minus" || w == "negative") && p.startsNumber(p.pos+1) {
		return &numErr{ErrOutOfRange, "negative"}
	}
	if r, ok := notPeople[w]; ok {
		return &numErr{ErrNotPeople, r}
	}
	return p.unexpected(p.pos)
}

// build turns a quantity and its cues into a Figure.
func build(q quantity, cues []cue) (Figure, *numErr) {
	var set [cueNoise + 1]bool
	kinds := 0
	for _, c := range cues {
		if !set[c] {
			set[c] = true
			kinds++
		}
	}
	approxOnly := kinds == 0 || (kinds == 1 && (set[cueApprox] || set[cueApproxOver])) ||
		(kinds == 2 && set[cueApprox] && set[cueApproxOver])
	conflict := &numErr{ErrSyntax, "conflicting qualifiers"}
	switch q.kind {
	case Range:
		if kinds > 1 || (kinds == 1 && !set[cueApprox]) {
			return Figure{}, &numErr{ErrSyntax, "a range takes no qualifier but approx"}
		}
		if q.high > MaxValue {
			return Figure{}, errTooLarge
		}
		return Figure{Qualifier: Range, Low: intp(q.low), High: intp(q.high)}, nil
	case Vague:
		if !approxOnly {
			return Figure{}, &numErr{ErrSyntax, "a vague count takes no qualifier but approx"}
		}
		return Figure{Qualifier: Vague, Value: intp(q.val)}, nil
	}
	if q.val > MaxValue {
		return Figure{}, errTooLarge
	}
	v := q.val
	var qual Qualifier
	switch {
	case kinds == 0:
		qual = Exact
	case approxOnly && set[cueApprox]:
		qual = Approx
	case approxOnly:
		qual = ApproxOver
	case kinds > 1:
		return Figure{}, conflict
	case set[cueMoreThan]:
		qual = MoreThan
	case set[cueAtLeast]:
		qual = AtLeast
	case set[cueAtMost]:
		qual = AtMost
	case set[cueFewerThan]:
		if v == 0 {
			return Figure{}, &numErr{ErrOutOfRange, "fewer than zero"}
		}
		qual, v = AtMost, v-1
	}
	return Figure{Qualifier: qual, Value: intp(v)}, nil
}

func intp(v int64) *int {
	n := int(v)
	return &n
}
