package extract

import (
	"sort"
	"strings"

	"vigil/edtf"
)

// dkind is how a date span becomes a date.
type dkind uint8

const (
	dResolve   dkind = iota // edtf.Resolve reads expr
	dNoDate                 // "최근", "recently": no date
	dPublished              // "현재", "currently": the publication date
)

// dateCand is a date expression found in a sentence.
type dateCand struct {
	ti, tj int    // tokens [ti, tj)
	expr   string // what edtf.Resolve reads
	expr2  string // the end of an interval ("지난해와 올해"), or ""
	kind   dkind
	// open marks "since 2024", "2020년 이후": the date is the start of an
	// open interval.
	open bool
	// dropApprox drops edtf's "~" on "two months ago": the month is
	// already the precision the source gave.
	dropApprox bool
	// report marks the date of a report rather than of an event: "RFA가
	// 29일 보도했다", "the group said on Tuesday".
	report bool
	// join: the expression ends in "와", "and", "부터", "to", so a date
	// right after it closes an interval.
	join bool
}

// koRelWords are Korean relative dates written as one word, with the
// form edtf.Resolve reads.
var koRelWords = []struct{ word, expr string }{
	{"재작년", "재작년"}, {"지난해", "지난해"}, {"작년", "작년"}, {"올해", "올해"},
	{"금년", "금년"}, {"내년", "내년"}, {"지난달", "지난달"}, {"이달", "이달"},
	{"이번달", "이번 달"}, {"다음달", "다음 달"}, {"지난주", "지난주"}, {"이번주", "이번 주"},
	{"다음주", "다음 주"}, {"어제", "어제"}, {"그저께", "그저께"}, {"그제", "그제"},
	{"오늘", "오늘"},
}

// koDateFirst holds the first syllables of the words koDateWord reads.
var koDateFirst = func() map[rune]bool {
	m := map[rune]bool{}
	for _, w := range []string{"지난", "이번", "다음", "올", "최근", "요즘", "근래", "현재", "얼마", "며칠",
		"월", "화", "수", "목", "금", "토", "일"} {
		r, _ := decodeRune(w)
		m[r] = true
	}
	for _, rw := range koRelWords {
		r, _ := decodeRune(rw.word)
		m[r] = true
	}
	// native numerals: "두 달 전"
	for _, w := range append(append([]string{}, koNativeTens...), koNativeOnes...) {
		r, _ := decodeRune(w)
		m[r] = true
	}
	return m
}()

// koDateSyll is koDateFirst as a bitset over Hangul syllables.
var koDateSyll = func() (b [(0xD7A4 - 0xAC00 + 63) / 64]uint64) {
	for r := range koDateFirst {
		k := r - 0xAC00
		b[k/64] |= 1 << (k % 64)
	}
	return b
}()

// koDateSuffixes may follow a Korean date: approximation and part of a
// period. edtf.Resolve reads them.
var koDateSuffixes = []string{"경", "께", "쯤", "무렵", "즈음", "전후", "초순", "상순", "중순",
	"하순", "초반", "중반", "후반", "초", "말"}

// koReportVerbs start the verb of a report: a date right before one is
// the report's date, not the event's.
var koReportVerbs = []string{"보도", "전했", "전한", "밝혔", "밝힌", "말했", "발표", "주장", "설명",
	"덧붙", "알렸", "공개", "보고", "증언", "언급", "전해", "확인했", "추산했", "집계했", "경고",
	"촉구", "지적", "강조"}

// dateParticle reports whether rest, what follows a date in its Hangul
// run, is a particle or nothing.
func dateParticle(rest string) bool {
	switch rest {
	case "", "에", "에는", "에도", "엔", "의", "도", "은", "는", "이", "가", "만", "부터", "까지",
		"와", "과", "로", "으로", "이후", "이래", "께", "경", "쯤", "밤", "새벽", "오전", "오후", "현재":
		return true
	}
	return false
}

// dates finds the date expressions of the current sentence, once.
func (x *extractor) dates() []dateCand {
	if x.datesOK {
		return x.dateList
	}
	x.datesOK = true
	x.dateList = x.dateList[:0]
	s := x.sent
	for i := s.a; i < s.b; i++ {
		var d dateCand
		ok := false
		switch x.toks[i].kind {
		case kNum:
			d, ok = x.koDateNum(i, s)
			if !ok {
				d, ok = x.enDateNum(i, s)
			}
		case kHangul:
			d, ok = x.koDateWord(i, s)
		case kWord:
			if words[x.toks[i].w].flags&(fDateStart|fMonth|fWeekday|fNumber) != 0 {
				d, ok = x.enDateWord(i, s)
			}
		}
		if !ok {
			continue
		}
		x.markReport(&d, s)
		// "지난해와 올해", "between 2020 and 2023": an interval.
		if n := len(x.dateList); n > 0 {
			p := &x.dateList[n-1]
			if p.join && p.kind == dResolve && d.kind == dResolve && d.ti <= p.tj+1 && p.expr2 == "" {
				p.expr2, p.tj, p.open = d.expr, d.tj, false
				i = d.tj - 1
				continue
			}
		}
		x.dateList = append(x.dateList, d)
		i = d.tj - 1
	}
	return x.dateList
}

// koDateNum reads a Korean date that starts with a number at token i:
// "2023년 10월 9일", "지난 9일", "지난해 10월", "7월 경", "3년 전",
// "24일 현재".
func (x *extractor) koDateNum(i int, s sentence) (dateCand, bool) {
	start := i
	if i-1 >= s.a && x.toks[i].gap > 0 && x.toks[i-1].kind == kHangul {
		switch w := x.tokText(i - 1); w {
		case "지난", "오는", "올":
			start = i - 1
		default:
			for _, r := range koRelWords[:6] {
				if w == r.word {
					start = i - 1
				}
			}
		}
	}
	if d, ok := x.koAgo(i, s); ok {
		return d, true
	}
	j := i
	units := 0
	lastUnit := ""
	rest := ""
	endByte := 0
	for j+1 < s.b && x.toks[j].kind == kNum && x.toks[j+1].kind == kHangul && x.toks[j+1].gap == 0 {
		if j > i && x.toks[j].gap == 0 {
			break
		}
		num := x.tokText(j)
		run := x.tokText(j + 1)
		u := ""
		for _, cand := range []string{"년", "월", "일"} {
			if strings.HasPrefix(run, cand) && unitAfter(lastUnit, cand) {
				u = cand
			}
		}
		if u == "" || !plausibleDatePart(num, u) {
			break
		}
		r := run[len(u):]
		if u != "일" && strings.HasPrefix(r, "도") {
			r = r[len("도"):] // 2023년도
		}
		if strings.HasPrefix(r, "간") || strings.HasPrefix(r, "째") || strings.HasPrefix(r, "만") ||
			strings.HasPrefix(r, "치") || strings.HasPrefix(r, "대") || strings.HasPrefix(r, "동안") {
			break // 9일간, 3년째, 3년 만에: durations
		}
		if next := j + 2; r == "" && next < s.b && x.toks[next].kind == kHangul &&
			(strings.HasPrefix(x.tokText(next), "동안") || strings.HasPrefix(x.tokText(next), "만에")) {
			break
		}
		units++
		lastUnit = u
		endByte = int(x.toks[j+1].start) + len(u)
		rest = r
		j += 2
		if r != "" {
			break
		}
		if j < s.b && x.toks[j].gap > 0 && x.toks[j].kind == kNum {
			continue
		}
		break
	}
	// A bare year needs four digits; "3년" is a duration.
	if units == 0 || lastUnit == "년" && units == 1 && len(x.tokText(i)) != 4 {
		return dateCand{}, false
	}
	d := dateCand{ti: start, tj: j}
	// A suffix in the run ("7월께") or as the next word ("7월 경에도").
	if sfx := prefixOf(rest, koDateSuffixes); sfx != "" {
		endByte += len(sfx)
		rest = rest[len(sfx):]
	} else if rest == "" && j < s.b && x.toks[j].kind == kHangul {
		w := x.tokText(j)
		if sfx := prefixOf(w, koDateSuffixes); sfx != "" && dateParticle(w[len(sfx):]) {
			endByte = int(x.toks[j].start) + len(sfx)
			rest = w[len(sfx):]
			j++
			d.tj = j
		}
	}
	if !dateParticle(rest) && !strings.HasPrefix(rest, "부터") {
		return dateCand{}, false
	}
	d.expr = x.text[x.toks[start].start:endByte]
	if x.tokText(start) == "올" {
		d.expr = "올해" + d.expr[len("올"):] // "올 3월"
	}
	x.koDateTail(&d, rest, s)
	return d, true
}

// unitAfter reports whether unit u may follow unit last in a Korean date.
func unitAfter(last, u string) bool {
	switch last {
	case "":
		return true
	case "년":
		return u == "월"
	case "월":
		return u == "일"
	}
	return false
}

// plausibleDatePart checks the number before 년, 월 or 일.
func plausibleDatePart(num, u string) bool {
	if len(num) > 4 || strings.ContainsAny(num, ",.") {
		return false
	}
	n := 0
	for _, c := range num {
		n = n*10 + int(c-'0')
	}
	switch u {
	case "월":
		return n >= 1 && n <= 12
	case "일":
		return n >= 1 && n <= 31
	}
	return true
}

// koDateTail reads what follows a Korean date: 이후, 이래 or 부터 opens
// an interval, 와/과 or 부터 … 까지 may join it to the next date, and
// "현재" after a date adds nothing.
func (x *extractor) koDateTail(d *dateCand, rest string, s sentence) {
	switch {
	case rest == "이후" || rest == "이래":
		d.open = true
	case rest == "와" || rest == "과":
		d.join = true
	case rest == "부터":
		d.open, d.join = true, true
	}
	if d.tj < s.b && x.toks[d.tj].kind == kHangul {
		w := x.tokText(d.tj)
		switch {
		case strings.HasPrefix(w, "이후") || strings.HasPrefix(w, "이래"):
			d.open = true
			d.tj++
		case w == "현재":
			d.tj++
		}
	}
}

// koAgo reads "3년 전", "6개월 전", "열흘 전" at token i.
func (x *extractor) koAgo(i int, s sentence) (dateCand, bool) {
	if i+2 >= s.b || x.toks[i+1].kind != kHangul || x.toks[i+1].gap != 0 {
		return dateCand{}, false
	}
	u := x.tokText(i + 1)
	switch u {
	case "일", "주", "주일", "개월", "달", "년", "해":
	default:
		return dateCand{}, false
	}
	n := x.toks[i+2]
	if n.kind != kHangul || n.gap == 0 || !(x.tokText(i+2) == "전" || dateParticle(strings.TrimPrefix(x.tokText(i+2), "전")) && strings.HasPrefix(x.tokText(i+2), "전")) {
		return dateCand{}, false
	}
	if strings.HasPrefix(x.tokText(i+2), "전후") {
		return dateCand{}, false
	}
	d := dateCand{ti: i, tj: i + 3, expr: x.text[x.toks[i].start : int(n.start)+len("전")]}
	d.dropApprox = u != "일" && u != "주" && u != "주일"
	return d, true
}

// koDateWord reads a Korean date that starts with a word at token i:
// "지난해", "지난달 26일", "올해 초", "최근", "현재", "지난 목요일".
func (x *extractor) koDateWord(i int, s sentence) (dateCand, bool) {
	w := x.tokText(i)
	if r, _ := decodeRune(w); !isHangul(r) || koDateSyll[(r-0xAC00)/64]&(1<<((r-0xAC00)%64)) == 0 {
		return dateCand{}, false
	}
	// "두 달 전", "세 주 전": a native numeral, a unit and 전.
	if i+2 < s.b && x.toks[i+1].kind == kHangul && x.toks[i+2].kind == kHangul {
		switch x.tokText(i + 1) {
		case "달", "해", "주", "주일":
			if nativeEnd(w, 0) != len(w) {
				break
			}
			if n := x.tokText(i + 2); n != "전후" && strings.HasPrefix(n, "전") && dateParticle(n[len("전"):]) {
				u := x.tokText(i + 1)
				return dateCand{ti: i, tj: i + 3, expr: x.text[x.toks[i].start : int(x.toks[i+2].start)+len("전")],
					dropApprox: u == "달" || u == "해"}, true
			}
		}
	}

	// "지난 달", "이번 주": two words.
	if (w == "지난" || w == "이번" || w == "다음") && i+1 < s.b && x.toks[i+1].kind == kHangul {
		n := x.tokText(i + 1)
		if strings.HasPrefix(n, "주말") && dateParticle(n[len("주말"):]) {
			return dateCand{ti: i, tj: i + 2, expr: w + " 주말"}, true
		}
		for _, unit := range []string{"달", "주"} {
			if strings.HasPrefix(n, unit) && dateParticle(n[len(unit):]) {
				expr := w + " " + unit
				if w == "지난" {
					expr = w + unit
				}
				d := dateCand{ti: i, tj: i + 2, expr: expr}
				x.koDateTail(&d, n[len(unit):], s)
				return d, true
			}
		}
		if strings.HasSuffix(n, "요일") || len(n) > len("요일") && strings.Contains(n, "요일") {
			if k := strings.Index(n, "요일"); k == len("목") && dateParticle(n[k+len("요일"):]) {
				return dateCand{ti: i, tj: i + 2, expr: w + " " + n[:k+len("요일")]}, true
			}
		}
		return dateCand{}, false
	}
	for _, r := range koRelWords {
		if !strings.HasPrefix(w, r.word) {
			continue
		}
		rest := w[len(r.word):]
		if r.word == "오늘" && strings.HasPrefix(rest, "날") {
			return dateCand{}, false // 오늘날: nowadays
		}
		d := dateCand{ti: i, tj: i + 1, expr: r.expr}
		if sfx := prefixOf(rest, koDateSuffixes); sfx != "" && sfx != "경" {
			d.expr += " " + sfx
			rest = rest[len(sfx):]
		} else if rest == "" && i+1 < s.b && x.toks[i+1].kind == kHangul {
			n := x.tokText(i + 1)
			if sfx := prefixOf(n, []string{"초순", "상순", "중순", "하순", "초", "말", "중반", "초반", "후반", "상반기", "하반기"}); sfx != "" &&
				dateParticle(n[len(sfx):]) && sfx != "상반기" && sfx != "하반기" {
				d.expr += " " + sfx
				d.tj = i + 2
				rest = n[len(sfx):]
			}
		}
		if !dateParticle(rest) {
			return dateCand{}, false
		}
		// "지난해 10월", "지난달 26일": a number follows; koDateNum reads it
		// with this word.
		if rest == "" && d.tj == i+1 && i+2 < s.b && x.toks[i+1].kind == kNum && x.toks[i+2].kind == kHangul &&
			(strings.HasPrefix(x.tokText(i+2), "월") || strings.HasPrefix(x.tokText(i+2), "일")) {
			if nd, ok := x.koDateNum(i+1, s); ok {
				if nd.ti > i {
					// "지난달 26일": the word and the day, as edtf reads them.
					nd.expr = r.expr + " " + nd.expr
					nd.ti = i
				}
				return nd, true
			}
		}
		x.koDateTail(&d, rest, s)
		return d, true
	}
	switch {
	case w == "올" && i+1 < s.b && x.toks[i+1].kind == kHangul:
		return dateCand{ti: i, tj: i + 1, expr: "올해"}, true // "올 들어", "올 상반기"
	case strings.HasPrefix(w, "최근") || strings.HasPrefix(w, "요즘") || strings.HasPrefix(w, "근래"):
		return dateCand{ti: i, tj: i + 1, kind: dNoDate}, true
	case w == "현재" || w == "현재는" || w == "현재도" || w == "현재로":
		return dateCand{ti: i, tj: i + 1, kind: dPublished}, true
	case (w == "얼마" || w == "며칠") && i+1 < s.b && strings.HasPrefix(x.tokText(i+1), "전"):
		return dateCand{ti: i, tj: i + 2, kind: dNoDate}, true
	}
	// 목요일, 지난 목요일 (the latter is read above).
	if k := strings.Index(w, "요일"); k == len("목") && dateParticle(w[k+len("요일"):]) {
		switch w[:k] {
		case "월", "화", "수", "목", "금", "토", "일":
			return dateCand{ti: i, tj: i + 1, expr: w[:k+len("요일")]}, true
		}
	}
	return dateCand{}, false
}

// markReport marks a date that dates a report rather than an event: the
// next word is a reporting verb ("29일 보도했다", "said on Tuesday" is
// read the other way), or a bare day after a topic ("단체는 2일 …") in a
// sentence that ends in a reporting verb.
func (x *extractor) markReport(d *dateCand, s sentence) {
	for k := d.tj; k < s.b && k < d.tj+2; k++ {
		if x.toks[k].kind != kHangul {
			continue
		}
		if startsWithAny(x.tokText(k), koReportVerbs) {
			d.report = true
			return
		}
		if x.triggerAt(k) != evNone {
			break // "지난 1일 북송됐다고 말했다": the date is the event's
		}
	}
	// "said on Tuesday", "told reporters on Oct. 11", "reported Friday".
	for k := d.ti - 1; k >= s.a && k >= d.ti-3; k-- {
		if x.flags(k)&fReport != 0 && !x.wordIs(k, "according") && !x.wordIs(k, "estimated") {
			d.report = true
			return
		}
		if x.toks[k].kind != kWord {
			break
		}
	}
	if d.ti > s.a && d.kind == dResolve && x.toks[d.ti].kind == kNum && d.tj == d.ti+2 &&
		strings.HasSuffix(d.expr, "일") && x.toks[d.ti-1].kind == kHangul {
		p := x.tokText(d.ti - 1)
		if strings.HasSuffix(p, "는") || strings.HasSuffix(p, "은") {
			for k := d.tj; k < s.b && k < d.tj+window; k++ {
				if x.toks[k].kind == kHangul && strings.HasSuffix(x.tokText(k), "고") &&
					k+1 < s.b && startsWithAny(x.tokText(k+1), koReportVerbs) {
					d.report = true
					return
				}
			}
		}
	}
}

// date returns the EDTF date of count c: the nearest date expression in
// its clause (commas and semicolons bound clauses), or else the nearest
// in a clause before it that holds no other count ("On March 24th, 3
// defectors …"). Dates of reports are skipped; "recently" gives no date.
func (x *extractor) date(c *cand, ko bool) string {
	ds := x.dates()
	if len(ds) == 0 {
		return ""
	}
	seg := x.segment
	cs := seg(c.ti)
	lo := sort.Search(len(ds), func(i int) bool { return ds[i].tj > c.ti-window })
	best, bestDist := -1, 1<<30
	for i := lo; i < len(ds) && ds[i].ti < c.tj+window; i++ {
		d := ds[i]
		if d.report || seg(d.ti) != cs {
			continue
		}
		dist := c.ti - d.tj
		if d.ti >= c.tj {
			// A tie goes to the date before a Korean count and after an
			// English one ("another 100 or so in November").
			dist = d.ti - c.tj
			if ko {
				dist++
			}
		}
		if dist < bestDist {
			best, bestDist = i, dist
		}
	}
	if best < 0 {
		for i := lo; i < len(ds) && ds[i].ti < c.ti; i++ {
			if d := ds[i]; !d.report && !x.counted[int32(seg(d.ti))] {
				best = i // the last one before the count is the nearest
			}
		}
		if best < 0 {
			for i := lo; i < len(ds) && ds[i].ti < c.tj+window; i++ {
				if d := ds[i]; !d.report && d.ti >= c.tj && !x.counted[int32(seg(d.ti))] {
					best = i // the first one after it
					break
				}
			}
		}
	}
	if best < 0 {
		return ""
	}
	c.dateBefore = ds[best].tj <= c.ti
	return x.resolveDate(&ds[best])
}

// resolveDate turns a date expression into EDTF, or "".
func (x *extractor) resolveDate(d *dateCand) string {
	switch d.kind {
	case dNoDate:
		return ""
	case dPublished:
		return x.pubEDTF
	}
	if d.expr2 == "" && !d.open {
		return x.resolveExpr(d.expr, d.dropApprox)
	}
	key := d.expr + "\x00" + d.expr2
	if d.open {
		key += "\x00.."
	}
	if d.dropApprox {
		key += "\x00~"
	}
	if v, ok := x.memo[key]; ok {
		return v
	}
	v := x.resolveInterval(d)
	x.memo[key] = v
	return v
}

// resolveInterval resolves an interval or an open interval.
func (x *extractor) resolveInterval(d *dateCand) string {
	v := x.resolveExpr(d.expr, d.dropApprox)
	if v == "" {
		return ""
	}
	switch {
	case d.expr2 != "":
		v2 := x.resolveExpr(d.expr2, false)
		if v2 == "" {
			return ""
		}
		v += "/" + v2
	case d.open:
		v += "/.."
	default:
		return v
	}
	if _, err := edtf.Parse(v); err != nil {
		return ""
	}
	return v
}

// resolveExpr resolves one expression against the publication date,
// remembering the answers of this text.
func (x *extractor) resolveExpr(expr string, dropApprox bool) string {
	v, ok := x.memo[expr]
	if !ok {
		if x.memo == nil {
			x.memo = map[string]string{}
		}
		if f, ok := fastResolve(expr, x.opt.Published); ok {
			v = f
		} else if d, err := edtf.Resolve(expr, x.opt.Published); err == nil {
			v = d.EDTF
		}
		x.memo[expr] = v
	}
	if dropApprox {
		v = strings.TrimSuffix(v, "~")
	}
	return v
}
