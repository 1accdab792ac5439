package figure

// The word lists the parser knows. English words are lowercase ASCII;
// Korean words are lexemes the tokenizer segments Hangul runs into
// (longest match first), so a Korean word listed here never needs
// spaces around it.

// cue is a qualifier cue found around the quantity.
type cue uint8

const (
	cueNone       cue = iota
	cueApprox         // about, 약, 정도 …
	cueApproxOver     // -odd, -plus, N여 …
	cueMoreThan       // more than, over, 넘게 …
	cueAtLeast        // at least, 최소, 이상 …
	cueAtMost         // up to, nearly, 최대, 거의 …
	cueFewerThan      // fewer than, under, 미만: at most N−1
	cueNoise          // a word that carries no qualifier: another, 총 …
)

// leadPhrases are cues and noise words written before the quantity.
// Multi-word phrases are matched token by token; longer phrases win.
var leadPhrases = []struct {
	words []string
	cue   cue
}{
	// approx
	{[]string{"about"}, cueApprox},
	{[]string{"around"}, cueApprox},
	{[]string{"approximately"}, cueApprox},
	{[]string{"approx"}, cueApprox},
	{[]string{"roughly"}, cueApprox},
	{[]string{"some"}, cueApprox},
	{[]string{"an", "estimated"}, cueApprox},
	{[]string{"estimated"}, cueApprox},
	{[]string{"circa"}, cueApprox},
	{[]string{"ca"}, cueApprox},
	{[]string{"~"}, cueApprox},
	{[]string{"약"}, cueApprox},
	{[]string{"대략"}, cueApprox},
	// more_than
	{[]string{"more", "than"}, cueMoreThan},
	{[]string{"over"}, cueMoreThan},
	{[]string{"upwards", "of"}, cueMoreThan},
	{[]string{"upward", "of"}, cueMoreThan},
	{[]string{"in", "excess", "of"}, cueMoreThan},
	{[]string{"above"}, cueMoreThan},
	{[]string{"greater", "than"}, cueMoreThan},
	// at_least
	{[]string{"at", "least"}, cueAtLeast},
	{[]string{"a", "minimum", "of"}, cueAtLeast},
	{[]string{"minimum", "of"}, cueAtLeast},
	{[]string{"no", "fewer", "than"}, cueAtLeast},
	{[]string{"no", "less", "than"}, cueAtLeast},
	{[]string{"not", "fewer", "than"}, cueAtLeast},
	{[]string{"not", "less", "than"}, cueAtLeast},
	{[]string{"최소"}, cueAtLeast},
	{[]string{"최소한"}, cueAtLeast},
	{[]string{"적어도"}, cueAtLeast},
	// at_most
	{[]string{"up", "to"}, cueAtMost},
	{[]string{"as", "many", "as"}, cueAtMost},
	{[]string{"nearly"}, cueAtMost},
	{[]string{"almost"}, cueAtMost},
	{[]string{"close", "to"}, cueAtMost},
	{[]string{"at", "most"}, cueAtMost},
	{[]string{"a", "maximum", "of"}, cueAtMost},
	{[]string{"maximum", "of"}, cueAtMost},
	{[]string{"no", "more", "than"}, cueAtMost},
	{[]string{"not", "more", "than"}, cueAtMost},
	{[]string{"최대"}, cueAtMost},
	{[]string{"거의"}, cueAtMost},
	// at_most N−1
	{[]string{"fewer", "than"}, cueFewerThan},
	{[]string{"less", "than"}, cueFewerThan},
	{[]string{"under"}, cueFewerThan},
	// noise
	{[]string{"another"}, cueNoise},
	{[]string{"a", "total", "of"}, cueNoise},
	{[]string{"total", "of"}, cueNoise},
	{[]string{"a", "further"}, cueNoise},
	{[]string{"further"}, cueNoise},
	{[]string{"an", "additional"}, cueNoise},
	{[]string{"additional"}, cueNoise},
	{[]string{"only"}, cueNoise},
	{[]string{"just"}, cueNoise},
	{[]string{"all"}, cueNoise},
	{[]string{"the"}, cueNoise},
	{[]string{"총"}, cueNoise},
	{[]string{"모두"}, cueNoise},
	{[]string{"무려"}, cueNoise},
}

// tailPhrases are cues written after the quantity.
var tailPhrases = []struct {
	words []string
	cue   cue
}{
	{[]string{"-", "odd"}, cueApproxOver},
	{[]string{"odd"}, cueApproxOver},
	{[]string{"-", "plus"}, cueApproxOver},
	{[]string{"plus"}, cueApproxOver},
	{[]string{"+"}, cueApproxOver},
	{[]string{"or", "so"}, cueApprox},
	{[]string{"or", "more"}, cueAtLeast},
	{[]string{"or", "above"}, cueAtLeast},
	{[]string{"or", "over"}, cueAtLeast},
	{[]string{"or", "fewer"}, cueAtMost},
	{[]string{"or", "less"}, cueAtMost},
	{[]string{"정도"}, cueApprox},
	{[]string{"가량"}, cueApprox},
	{[]string{"안팎"}, cueApprox},
	{[]string{"전후"}, cueApprox},
	{[]string{"내외"}, cueApprox},
	{[]string{"쯤"}, cueApprox},
	{[]string{"남짓"}, cueApproxOver},
	{[]string{"넘게"}, cueMoreThan},
	{[]string{"넘는"}, cueMoreThan},
	{[]string{"넘은"}, cueMoreThan},
	{[]string{"넘어"}, cueMoreThan},
	{[]string{"초과"}, cueMoreThan},
	{[]string{"이상"}, cueAtLeast},
	{[]string{"이하"}, cueAtMost},
	{[]string{"가까이"}, cueAtMost},
	{[]string{"미만"}, cueFewerThan},
}

// English number words.
var (
	enOnes = map[string]int64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
		"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
		"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
		"nineteen": 19,
	}
	enTens = map[string]int64{
		"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	}
	// enScales multiply what precedes them. "dozen" is a scale of 12.
	enScales = map[string]int64{
		"hundred": 100, "thousand": 1000, "million": 1000000, "dozen": 12,
	}
	// enVague are plural scale words read as vague figures.
	enVague = map[string]int64{
		"dozens": 10, "tens": 10, "scores": 10,
		"hundreds": 100, "thousands": 1000,
		// Units the policy has no band for: too vague.
		"millions": 0,
	}
	// enFewWords combine with a scale into a vague figure ("several
	// hundred"); alone they are too vague to count.
	enFewWords = map[string]bool{
		"several": true, "few": true, "many": true, "some": true, "numerous": true,
	}
	// enFewScales are the scales enFewWords combine with.
	enFewScales = map[string]int64{
		"dozen": 10, "dozens": 10, "hundred": 100, "hundreds": 100,
		"thousand": 1000, "thousands": 1000, "million": 0, "millions": 0,
	}
	// enTooVague start a count too vague to read as a number.
	enTooVague = map[string]bool{
		"several": true, "few": true, "many": true, "some": true,
		"numerous": true, "couple": true, "handful": true,
		"multiple": true, "various": true, "countless": true,
	}
)

// Korean number words.
var (
	koSinoDigits = map[string]int64{
		"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9,
	}
	koSmallUnits = map[string]int64{"십": 10, "백": 100, "천": 1000}
	koBigUnits   = map[string]int64{"만": 10000, "억": 100000000}
	koNativeTens = map[string]int64{
		"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50,
		"예순": 60, "일흔": 70, "여든": 80, "아흔": 90,
	}
	koNativeOnes = map[string]int64{
		"한": 1, "하나": 1, "두": 2, "둘": 2, "세": 3, "셋": 3,
		"네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7,
		"여덟": 8, "아홉": 9,
	}
	// koVagueHeads start a vague figure with a following unit (수십,
	// 몇백); alone they are too vague.
	koVagueHeads = map[string]bool{"수": true, "몇": true}
	// koTooVague are Korean words for an unnumbered few or many.
	koTooVague = map[string]bool{
		"수": true, "몇": true, "여러": true, "소수": true, "다수": true, "일부": true,
	}
)

// People: counters, nouns and particles that may surround a count of
// people.
var (
	koCounters = map[string]bool{"명": true, "인": true, "사람": true}
	koPeople   = map[string]bool{
		"탈북민": true, "탈북자": true, "탈북": true, "여성": true, "남성": true,
		"어린이": true, "아이": true, "아동": true, "청소년": true, "주민": true,
		"북한": true, "이탈주민": true, "북한이탈주민": true, "난민": true,
		"노동자": true, "인원": true, "가족": true, "일가족": true,
		"사람들": true, "들": true, "여성들": true, "자녀": true, "딸": true, "아들": true,
		"남매": true, "자매": true, "형제": true, "소년": true, "소녀": true, "선교사": true,
	}
	koParticles = map[string]bool{
		"이": true, "가": true, "을": true, "를": true, "은": true, "는": true,
		"의": true, "도": true, "만": true, "과": true, "와": true,
	}
	enPeople = map[string]bool{
		"people": true, "persons": true, "person": true, "individuals": true,
		"individual": true, "defectors": true, "defector": true,
		"refugees": true, "refugee": true, "escapees": true, "escapee": true,
		"koreans": true, "korean": true, "north": true, "women": true,
		"woman": true, "men": true, "man": true, "children": true,
		"child": true, "kids": true, "girls": true, "girl": true,
		"boys": true, "boy": true, "teenagers": true, "teenager": true,
		"teens": true, "minors": true, "adults": true, "adult": true,
		"laborers": true, "labourers": true, "workers": true,
		"detainees": true, "prisoners": true, "inmates": true,
		"captives": true, "victims": true, "asylum": true, "seekers": true,
		"migrants": true, "others": true, "civilians": true,
		"citizens": true, "nationals": true, "residents": true,
		"female": true, "male": true, "young": true, "elderly": true,
		"more": true, "other": true, "additional": true, "further": true,
		"of": true, "the": true, "them": true, "whom": true,
	}
)

// Words that mark a number as something other than a count of people,
// with the reason given in the error.
const (
	reasonPercent  = "a percentage"
	reasonAge      = "an age"
	reasonDuration = "a duration"
	reasonThings   = "a count of things, not people"
)

var notPeople = map[string]string{
	// English
	"percent": reasonPercent, "pct": reasonPercent, "%": reasonPercent,
	"percentage": reasonPercent,
	"old":        reasonAge, "aged": reasonAge, "age": reasonAge, "ages": reasonAge,
	"year": reasonDuration, "years": reasonDuration, "month": reasonDuration,
	"months": reasonDuration, "week": reasonDuration, "weeks": reasonDuration,
	"day": reasonDuration, "days": reasonDuration, "hour": reasonDuration,
	"hours": reasonDuration, "minute": reasonDuration,
	"minutes": reasonDuration, "decade": reasonDuration,
	"decades": reasonDuration, "night": reasonDuration,
	"nights": reasonDuration,
	"times":  reasonThings, "occasions": reasonThings, "bus": reasonThings,
	"buses": reasonThings, "busses": reasonThings, "vehicle": reasonThings,
	"vehicles": reasonThings, "car": reasonThings, "cars": reasonThings,
	"truck": reasonThings, "trucks": reasonThings, "van": reasonThings,
	"vans": reasonThings, "facility": reasonThings,
	"facilities": reasonThings, "center": reasonThings,
	"centers": reasonThings, "centre": reasonThings,
	"centres": reasonThings, "camp": reasonThings, "camps": reasonThings,
	"crossing": reasonThings, "crossings": reasonThings,
	"prison": reasonThings, "prisons": reasonThings, "jail": reasonThings,
	"jails": reasonThings, "convoy": reasonThings, "convoys": reasonThings,
	"border": reasonThings, "borders": reasonThings, "house": reasonThings,
	"houses": reasonThings, "families": reasonThings,
	"households": reasonThings, "cases": reasonThings,
	"incidents": reasonThings, "km": reasonThings,
	"kilometers": reasonThings, "kilometres": reasonThings,
	"miles": reasonThings, "won": reasonThings, "dollars": reasonThings,
	"yuan": reasonThings, "$": reasonThings, "boats": reasonThings,
	"ships": reasonThings, "trains": reasonThings, "cities": reasonThings,
	"provinces": reasonThings, "batches": reasonThings,
	// Korean
	"퍼센트": reasonPercent, "프로": reasonPercent,
	"세": reasonAge, "살": reasonAge,
	"년": reasonDuration, "개월": reasonDuration, "달": reasonDuration,
	"주": reasonDuration, "주일": reasonDuration, "일": reasonDuration,
	"시간": reasonDuration, "분": reasonDuration, "초": reasonDuration,
	"대": reasonThings, "곳": reasonThings, "개": reasonThings,
	"개소": reasonThings, "척": reasonThings, "채": reasonThings,
	"건": reasonThings, "번": reasonThings, "회": reasonThings,
	"차례": reasonThings, "버스": reasonThings, "차량": reasonThings,
	"트럭": reasonThings, "시설": reasonThings, "수용소": reasonThings,
	"구류소": reasonThings, "감옥": reasonThings, "교도소": reasonThings,
	"국경": reasonThings, "가구": reasonThings,
}

// koLexicon is every Korean word the tokenizer recognizes.
var koLexicon = buildKoLexicon()

// koMaxRunes is the length in runes of the longest Korean lexeme.
var koMaxRunes = maxRunes(koLexicon)

func buildKoLexicon() map[string]bool {
	lex := map[string]bool{
		"여": true, "에서": true, "내지": true, "또는": true,
	}
	for _, m := range []map[string]int64{koSinoDigits, koSmallUnits, koBigUnits, koNativeTens, koNativeOnes} {
		for w := range m {
			lex[w] = true
		}
	}
	for _, m := range []map[string]bool{koVagueHeads, koTooVague, koCounters, koPeople, koParticles} {
		for w := range m {
			lex[w] = true
		}
	}
	for _, ph := range leadPhrases {
		for _, w := range ph.words {
			if isHangulWord(w) {
				lex[w] = true
			}
		}
	}
	for _, ph := range tailPhrases {
		for _, w := range ph.words {
			if isHangulWord(w) {
				lex[w] = true
			}
		}
	}
	for w := range notPeople {
		if isHangulWord(w) {
			lex[w] = true
		}
	}
	return lex
}

func maxRunes(lex map[string]bool) int {
	n := 0
	for w := range lex {
		if k := len([]rune(w)); k > n {
			n = k
		}
	}
	return n
}
