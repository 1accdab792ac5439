// Package legal writes the legal note attached to an incident: which
// obligations bind the state in breach, generated from the StateParty
// facts in the database (instrument, action, date, reservations) and the
// provisions the incident's violations cite. It is pure: no I/O, no clock.
//
// For the demo's facts the English note reads:
//
//	China, party to the 1951 Refugee Convention and its 1967 Protocol since
//	September 1982 (accession) and to the Convention against Torture since
//	4 October 1988 (ratification), is bound by the principle of
//	non-refoulement (Refugee Convention art. 33; CAT art. 3). None of its
//	reservations concerns these articles.
package legal

import (
	"regexp"
	"slices"
	"strings"

	"vigil"
	"vigil/i18n"
)

// Facts is what a note is written from: the state, the provisions its
// conduct breaches, every instrument those provisions (or their
// companions) belong to, and the state's party records.
type Facts struct {
	// State is the state's name per language; CountryCode is used when
	// the name is empty.
	State       vigil.Names
	CountryCode string
	Provisions  []*vigil.LegalProvision
	Instruments []*vigil.Instrument
	// Parties are the state's StateParty records, for any instruments.
	Parties []*vigil.StateParty
}

// known gives the instruments vigil knows short names for. Any other
// instrument is named by its full name.
var known = map[string]struct {
	name, cite vigil.Names
}{
	"refugee-convention-1951": {vigil.Names{En: "the 1951 Refugee Convention", Ko: "1951년 난민협약"}, vigil.Names{En: "Refugee Convention", Ko: "난민협약"}},
	"refugee-protocol-1967":   {vigil.Names{En: "the 1967 Protocol", Ko: "1967년 난민의정서"}, vigil.Names{En: "1967 Protocol", Ko: "난민의정서"}},
	"cat":                     {vigil.Names{En: "the Convention against Torture", Ko: "고문방지협약"}, vigil.Names{En: "CAT", Ko: "고문방지협약"}},
}

// companions maps an instrument to the one whose articles it binds its
// parties to: under Article I(1) of the 1967 Protocol, its parties apply
// Articles 2 to 34 of the 1951 Convention.
var companions = map[string]string{"refugee-protocol-1967": "refugee-convention-1951"}

// nonRefoulement lists the provisions that state the principle of
// non-refoulement, by instrument code and article.
var nonRefoulement = map[[2]string]bool{
	{"refugee-convention-1951", "33"}: true,
	{"cat", "3"}:                      true,
}

// binding are the actions that make a state a party; a signature alone
// does not.
var binding = []vigil.PartyAction{vigil.ActionRatification, vigil.ActionAccession, vigil.ActionSuccession}

// standing is the state's relation to one instrument.
type standing struct {
	in     *vigil.Instrument
	bound  *vigil.StateParty // earliest binding act, if any
	signed *vigil.StateParty // earliest signature, if any
	// reservations made with any act.
	reservations []string
}

// Note returns the legal note in lang ("ko" or "en"), or "" when there is
// no provision to write about.
func Note(lang string, f Facts) string {
	if len(f.Provisions) == 0 {
		return ""
	}
	w := writer{lang: lang, f: f}
	return w.note()
}

type writer struct {
	lang string
	f    Facts
}

func (w *writer) instrument(id int64) *vigil.Instrument {
	for _, in := range w.f.Instruments {
		if in.ID == id {
			return in
		}
	}
	return nil
}

func (w *writer) byCode(code string) *vigil.Instrument {
	for _, in := range w.f.Instruments {
		if in.Code == code {
			return in
		}
	}
	return nil
}

// standings lists the instruments of the provisions in their order, each
// followed by those of its companions the state is bound by.
func (w *writer) standings() []*standing {
	var out []*standing
	seen := map[int64]bool{}
	for _, p := range w.f.Provisions {
		in := w.instrument(p.InstrumentID)
		if in == nil || seen[in.ID] {
			continue
		}
		seen[in.ID] = true
		out = append(out, w.standing(in))
		for _, code := range companionsOf(in.Code) {
			c := w.byCode(code)
			if c == nil || seen[c.ID] {
				continue
			}
			// A companion the state is not bound by says nothing.
			if st := w.standing(c); st.bound != nil {
				seen[c.ID] = true
				out = append(out, st)
			}
		}
	}
	return out
}

// standing collects the state's acts for one instrument.
func (w *writer) standing(in *vigil.Instrument) *standing {
	st := &standing{in: in}
	for _, sp := range w.f.Parties {
		if sp.InstrumentID != in.ID {
			continue
		}
		if r := strings.TrimSpace(sp.Reservations); r != "" {
			st.reservations = append(st.reservations, r)
		}
		switch {
		case slices.Contains(binding, sp.Action):
			if st.bound == nil || earlier(sp, st.bound) {
				st.bound = sp
			}
		case sp.Action == vigil.ActionSignature:
			if st.signed == nil || earlier(sp, st.signed) {
				st.signed = sp
			}
		}
	}
	return st
}

// companionsOf lists the instruments that bind their parties to code's
// articles, in a fixed order.
func companionsOf(code string) []string {
	var out []string
	for comp, of := range companions {
		if of == code {
			out = append(out, comp)
		}
	}
	slices.Sort(out)
	return out
}

func earlier(a, b *vigil.StateParty) bool {
	if a.DateStart != b.DateStart {
		return a.DateStart != "" && (b.DateStart == "" || a.DateStart < b.DateStart)
	}
	return a.ID < b.ID
}

// group is instruments bound by one act on one date.
type group struct {
	names  []string
	action vigil.PartyAction
	date   string
}

func (w *writer) note() string {
	sts := w.standings()
	var groups []*group
	var signedOnly, notParty []*standing
	var prevCode string
	for _, st := range sts {
		switch {
		case st.bound != nil:
			name := w.name(st.in)
			if g := last(groups); g != nil && g.action == st.bound.Action && g.date == st.bound.Date {
				if companions[st.in.Code] == prevCode && w.lang != "ko" {
					name = "its " + strings.TrimPrefix(name, "the ")
				}
				g.names = append(g.names, name)
			} else {
				groups = append(groups, &group{names: []string{name}, action: st.bound.Action, date: st.bound.Date})
			}
			prevCode = st.in.Code
		case st.signed != nil:
			signedOnly = append(signedOnly, st)
		default:
			notParty = append(notParty, st)
		}
	}
	var sentences []string
	if len(groups) > 0 {
		sentences = append(sentences, w.bound(groups))
		if r := w.reservations(sts); r != "" {
			sentences = append(sentences, r)
		}
	}
	for _, st := range signedOnly {
		sentences = append(sentences, w.signedOnly(st))
	}
	if len(notParty) > 0 {
		sentences = append(sentences, w.notParty(notParty))
	}
	return strings.Join(sentences, " ")
}

func last(gs []*group) *group {
	if len(gs) == 0 {
		return nil
	}
	return gs[len(gs)-1]
}

func (w *writer) state() string {
	if s := w.f.State.In(w.lang); s != "" {
		return s
	}
	return w.f.CountryCode
}

func (w *writer) name(in *vigil.Instrument) string {
	if k, ok := known[in.Code]; ok {
		return k.name.In(w.lang)
	}
	if w.lang == "ko" {
		return in.Name.In("ko")
	}
	return "the " + in.Name.In("en")
}

func (w *writer) cite(p *vigil.LegalProvision) string {
	in := w.instrument(p.InstrumentID)
	short := ""
	if in != nil {
		if k, ok := known[in.Code]; ok {
			short = k.cite.In(w.lang)
		} else {
			short = in.Name.In(w.lang)
		}
	}
	if w.lang == "ko" {
		return strings.TrimSpace(short + " 제" + p.Article + "조")
	}
	return strings.TrimSpace(short + " art. " + p.Article)
}

func (w *writer) citations() string {
	cs := make([]string, len(w.f.Provisions))
	for n, p := range w.f.Provisions {
		cs[n] = w.cite(p)
	}
	if w.lang == "ko" {
		return strings.Join(cs, ", ")
	}
	return strings.Join(cs, "; ")
}

// principle reports whether every provision states non-refoulement.
func (w *writer) principle() bool {
	for _, p := range w.f.Provisions {
		in := w.instrument(p.InstrumentID)
		if in == nil || !nonRefoulement[[2]string{in.Code, p.Article}] {
			return false
		}
	}
	return true
}

var actionKo = map[vigil.PartyAction]string{
	vigil.ActionRatification: "비준한",
	vigil.ActionAccession:    "가입한",
	vigil.ActionSuccession:   "승계한",
	vigil.ActionSignature:    "서명한",
}

func (w *writer) bound(groups []*group) string {
	parts := make([]string, len(groups))
	if w.lang == "ko" {
		for n, g := range groups {
			parts[n] = i18n.Date("ko", g.date) + " " + actionKo[g.action] + " " + strings.Join(g.names, " 및 ")
		}
		obligation := "다음 조항(" + w.citations() + ")을 지킬 의무가 있다."
		if w.principle() {
			obligation = "강제송환금지 원칙(" + w.citations() + ")을 지킬 의무가 있다."
		}
		return w.state() + topic(w.state()) + " " + joinKo(parts) + "의 당사국으로서 " + obligation
	}
	for n, g := range groups {
		parts[n] = "to " + strings.Join(g.names, " and ") + " since " + i18n.Date("en", g.date) + " (" + string(g.action) + ")"
	}
	obligation := "is bound by " + w.citations() + "."
	if w.principle() {
		obligation = "is bound by the principle of non-refoulement (" + w.citations() + ")."
	}
	return w.state() + ", party " + joinEn(parts) + ", " + obligation
}

var articleRe = regexp.MustCompile(`(?i)\bart(?:icle)?s?\.?\s*(\d+)`)

// reservations says whether any of the state's reservations to the
// instruments it is bound by names one of the cited articles of the same
// instrument.
func (w *writer) reservations(sts []*standing) string {
	hasReservations := false
	var hit []string
	for _, st := range sts {
		if st.bound == nil || len(st.reservations) == 0 {
			continue
		}
		hasReservations = true
		reserved := map[string]bool{}
		for _, r := range st.reservations {
			for _, m := range articleRe.FindAllStringSubmatch(r, -1) {
				reserved[m[1]] = true
			}
		}
		for _, p := range w.f.Provisions {
			if p.InstrumentID == st.in.ID && reserved[leadingDigits(p.Article)] {
				hit = append(hit, w.cite(p))
			}
		}
	}
	switch {
	case !hasReservations:
		return ""
	case len(hit) == 0 && w.lang == "ko":
		return w.state() + "의 유보는 이 조항들에 대한 것이 아니다."
	case len(hit) == 0:
		return "None of its reservations concerns these articles."
	case w.lang == "ko":
		return w.state() + topic(w.state()) + " " + strings.Join(hit, ", ") + "에 유보를 두었다."
	}
	return "It has made a reservation concerning " + joinEn(hit) + "."
}

func leadingDigits(s string) string {
	for n, r := range s {
		if r < '0' || r > '9' {
			return s[:n]
		}
	}
	return s
}

func (w *writer) signedOnly(st *standing) string {
	if w.lang == "ko" {
		return w.state() + topic(w.state()) + " " + i18n.Date("ko", st.signed.Date) + " " + w.name(st.in) + "에 서명했으나 비준하지 않았다."
	}
	return "It signed " + w.name(st.in) + " on " + i18n.Date("en", st.signed.Date) + " but has not ratified it."
}

func (w *writer) notParty(sts []*standing) string {
	names := make([]string, len(sts))
	for n, st := range sts {
		names[n] = w.name(st.in)
	}
	if w.lang == "ko" {
		return w.state() + topic(w.state()) + " " + strings.Join(names, ", ") + "의 당사국이 아니다."
	}
	return w.state() + " is not a party to " + joinEn(names) + "."
}

// joinEn joins "a", "a and b", "a, b and c".
func joinEn(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// joinKo joins with 와/과 for two parts and commas beyond.
func joinKo(parts []string) string {
	if len(parts) == 2 {
		return parts[0] + with(parts[0]) + " " + parts[1]
	}
	return strings.Join(parts, ", ")
}

// batchim reports whether the last syllable of s has a final consonant;
// ok is false when s does not end in a Hangul syllable.
func batchim(s string) (has, ok bool) {
	r := []rune(strings.TrimSpace(s))
	if len(r) == 0 {
		return false, false
	}
	c := r[len(r)-1]
	if c < 0xAC00 || c > 0xD7A3 {
		return false, false
	}
	return (c-0xAC00)%28 != 0, true
}

// topic is the topic particle for s: 은, 는, or 은(는) after a non-Hangul
// ending.
func topic(s string) string {
	switch has, ok := batchim(s); {
	case !ok:
		return "은(는)"
	case has:
		return "은"
	}
	return "는"
}

// with is the comitative particle for s: 과, 와, or 와(과).
func with(s string) string {
	switch has, ok := batchim(s); {
	case !ok:
		return "와(과)"
	case has:
		return "과"
	}
	return "와"
}
