package extract

// The English vocabulary. Every ASCII word in a text is looked up once,
// lower-cased, in wordTable; the rest of the package works on the flags
// and numbers found there, so no word is lower-cased or compared twice.

// wflag is a set of roles an English word can play.
type wflag uint32

const (
	fNumber    wflag = 1 << iota // one … ninety, hundred, thousand, dozen
	fVague                       // dozens, hundreds, thousands, scores
	fFew                         // several, few, many: vague with a scale
	fPeople                      // a noun for people: defectors, women
	fModifier                    // may stand between a count and its noun
	fThing                       // a noun or unit that is not people
	fMonth                       // a month name
	fWeekday                     // a weekday name
	fPrep                        // a preposition that may introduce a place or date
	fAux                         // were, was, have been …
	fReport                      // said, reported: a reporting verb
	fRelative                    // who, which, that, being: starts a relative clause
	fAdverb                      // forcibly, reportedly …: skipped around verbs
	fProspect                    // risk, facing, awaiting, could …: the event has not happened
	fAbbrev                      // a word that a full stop does not end a sentence after
	fYearPrep                    // in, since, by …: a 4-digit number after it is a year
	fCompass                     // northeast, southern …: may stand before a place name
	fPhrase                      // starts a trigger phrase: sent (back), handed (over), held (in)
	fAgency                      // police, authorities …: may name a perpetrator
	fDateStart                   // may start a date expression: last, yesterday, in (recent days)
	fCueLast                     // ends a qualifier cue before a number: about, than, least
	fLabel                       // names a numbered thing: Article, No., page (labelWords)
)

// event is an event type from the spec.
type event uint8

const (
	evNone event = iota
	evArrest
	evDetention
	evRepatriation
	evRelease
	evAtRisk
	evOther
)

// String returns the event's name as the spec writes it.
func (e event) String() string {
	switch e {
	case evArrest:
		return "arrest"
	case evDetention:
		return "detention"
	case evRepatriation:
		return "repatriation"
	case evRelease:
		return "release"
	case evAtRisk:
		return "at_risk"
	}
	return "other"
}

// wordInfo is what the package knows about one lower-case word.
type wordInfo struct {
	text    string // the word, lower case
	flags   wflag
	trigger event // the event the word names by itself, if any
	month   int   // 1-12 for month names
}

// wordTable maps lower-case ASCII words to their index in words.
var (
	wordTable = map[string]uint16{}
	words     = []wordInfo{{}} // index 0: unknown word
)

func addWords(f wflag, list ...string) {
	for _, w := range list {
		i, ok := wordTable[w]
		if !ok {
			i = uint16(len(words))
			wordTable[w] = i
			words = append(words, wordInfo{text: w})
		}
		words[i].flags |= f
	}
}

func addTrigger(ev event, list ...string) {
	for _, w := range list {
		addWords(0, w)
		words[wordTable[w]].trigger = ev
	}
}

func init() {
	addWords(fNumber, "one", "two", "three", "four", "five", "six", "seven", "eight",
		"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
		"seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
		"seventy", "eighty", "ninety", "hundred", "thousand", "million", "dozen")
	addWords(fVague, "dozens", "hundreds", "thousands", "scores", "tens", "millions")
	addWords(fFew, "several", "few", "many", "some", "numerous")
	addWords(fPeople, "people", "persons", "person", "individuals", "individual",
		"defectors", "defector", "defectees", "refugees", "refugee", "escapees", "escapee",
		"koreans", "women", "woman", "men", "man", "children", "child", "kids", "girls",
		"girl", "boys", "boy", "teenagers", "teenager", "teens", "minors", "minor",
		"adults", "adult", "infants", "infant", "babies", "baby", "toddlers", "orphans",
		"mothers", "mother", "wives", "brides", "daughters", "sons", "laborers", "labourers",
		"workers", "worker", "detainees", "detainee", "prisoners", "prisoner", "inmates",
		"captives", "hostages", "victims", "survivors", "seekers", "migrants",
		"immigrants", "others", "civilians", "citizens", "nationals", "residents",
		"missionaries", "missionary", "activists", "activist", "brokers", "pastors",
		"christians", "believers", "students", "soldiers", "fishermen", "sailors",
		"members", "relatives", "deportees", "returnees", "fugitives", "compatriots",
		"youths", "juveniles", "officials", "officers", "guards", "agents", "diplomats",
		"crew", "passengers", "suspects", "trafficked", "escapers", "protesters", "protestors",
		"demonstrators", "participants", "attendees", "worshippers", "farmers", "teens",
		"priests", "nuns", "couples", "siblings", "brothers", "sisters", "grandchildren",
		"grandmothers", "fathers", "husbands", "asylees", "lawmakers", "legislators",
		"politicians", "journalists", "reporters", "lawyers", "doctors", "monks", "tourists",
		"travelers", "travellers", "traders", "smugglers", "merchants", "volunteers")
	addWords(fModifier, "north", "south", "n", "korean", "chinese", "female", "male",
		"young", "elderly", "other", "more", "additional", "further", "undocumented",
		"suspected", "alleged", "ethnic", "fellow", "former", "escaped", "trafficking",
		"asylum", "family", "human", "rights", "christian", "underage", "underaged",
		"teenage", "pregnant", "adult", "minor", "such", "vietnamese", "lao", "thai",
		"mongolian", "detained", "arrested", "captured", "repatriated", "forcibly",
		"sic", "newly", "recently", "total")
	addWords(fThing, "percent", "pct", "percentage", "per", "old", "aged", "age", "ages",
		"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
		"minute", "minutes", "decade", "decades", "night", "nights", "times", "occasions",
		"bus", "buses", "busses", "vehicle", "vehicles", "car", "cars", "truck", "trucks",
		"van", "vans", "facility", "facilities", "center", "centers", "centre", "centres",
		"camp", "camps", "crossing", "crossings", "prison", "prisons", "jail", "jails",
		"convoy", "convoys", "border", "borders", "house", "houses", "families",
		"households", "cases", "incidents", "km", "kilometers", "kilometres", "miles",
		"won", "dollars", "yuan", "usd", "krw", "boats", "ships", "trains", "cities",
		"provinces", "batches", "points", "countries", "nations", "groups", "organizations",
		"ngos", "articles", "reports", "pages", "meters", "metres", "feet", "st", "nd",
		"rd", "th", "s", "am", "pm", "rounds", "stations", "posts", "letters", "copies",
		"tons", "kg", "votes", "seats", "member", "states", "countries", "laws", "treaties",
		"cents", "euros", "pounds", "locations", "places", "sites", "routes", "towns",
		"villages", "counties", "rows", "items", "hectares", "percentile", "batch")
	addWords(fMonth, "january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december", "jan", "feb", "mar",
		"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
	for i, m := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		words[wordTable[m]].month = i + 1
		words[wordTable[m[:3]]].month = i + 1
	}
	words[wordTable["sept"]].month = 9
	addWords(fWeekday, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
	addWords(fPrep, "in", "from", "at", "near", "to", "into", "via", "through", "across",
		"outside", "inside", "around", "on", "of", "within", "along", "toward", "towards")
	addWords(fYearPrep, "in", "since", "by", "until", "till", "during", "from", "of", "between",
		"early", "late", "mid", "before", "after", "through", "throughout", "to", "and")
	addWords(fAux, "were", "was", "are", "is", "have", "has", "had", "been", "be", "got",
		"get", "being", "reportedly", "allegedly", "later", "also", "all", "then")
	addWords(fReport, "said", "says", "say", "reported", "reports", "told", "announced",
		"stated", "according", "claimed", "disclosed", "revealed", "added", "wrote",
		"confirmed", "estimated", "estimates", "noted", "explained", "warned", "warns",
		"alleged", "insisted", "stressed", "emphasized", "tweeted", "posted")
	addWords(fRelative, "who", "whom", "which", "that", "being", "whose")
	addWords(fAdverb, "forcibly", "reportedly", "allegedly", "recently", "secretly",
		"quietly", "already", "also", "have", "has", "had", "may", "might", "been",
		"reportedly", "then", "later", "again", "subsequently", "eventually", "all",
		"illegally", "finally", "just", "since", "now", "currently", "been")
	addWords(fProspect, "risk", "face", "faces", "facing", "faced", "await", "awaits",
		"awaiting", "could", "might", "will", "would", "shall", "set", "about", "threat",
		"threatened", "danger", "fear", "fears", "feared", "imminent", "pending", "likely",
		"possible", "potential", "stop", "halt", "prevent", "not", "against", "urge",
		"urged", "urging", "urges", "expected", "due", "plans", "planned", "planning", "impending",
		"should", "must", "calls", "called", "demanded", "demands", "asked", "asks", "don", "never")
	addWords(fCompass, "north", "south", "east", "west", "northeast", "northeastern", "northwest",
		"northwestern", "southeast", "southeastern", "southwest", "southwestern", "northern",
		"southern", "eastern", "western", "central", "rural", "border", "remote")
	addWords(fAbbrev, "mr", "mrs", "ms", "dr", "st", "no", "vs", "jr", "sr", "gen", "gov",
		"sen", "rep", "prof", "inc", "co", "ltd", "approx", "ca", "jan", "feb", "mar", "apr",
		"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u", "n", "s", "e", "w",
		"fig", "vol", "p", "pp", "art", "sic", "etc", "al", "i.e", "e.g")

	addWords(fPhrase, "sent", "send", "sends", "sending", "forced", "pushed", "shipped", "handed",
		"hand", "hands", "handing", "turned", "returned", "return", "returns", "returning", "stopped",
		"rounded", "round", "rounding", "picked", "taken", "locked", "behind", "held", "holding",
		"let", "at", "moved", "transferred", "taken")
	addWords(fAgency, "public", "police", "authorities", "border", "security", "government",
		"officials", "ministry")
	// Every word the package compares a token with (wordIs) must be in
	// the table; TestVocabulary checks it.
	addWords(0, "a", "about", "according", "additional", "aged", "ago", "allegedly", "also",
		"an", "and", "another", "approximately", "around", "at", "back", "bars", "behind",
		"between", "border", "by", "captive", "chinese", "christmas", "circa", "currently",
		"custody", "day", "days", "dozen", "dprk", "during", "earlier", "early", "estimated",
		"eve", "family", "few", "for", "forced", "forcefully", "forcibly", "free", "from",
		"further", "go", "group", "half", "hand", "handed", "handing", "hands", "held",
		"holding", "home", "hundred", "in", "incommunicado", "into", "is", "korea", "korean",
		"last", "late", "lately", "later", "let", "local", "locked", "lunar", "mid", "month",
		"months", "more", "n", "new", "next", "north", "number", "odd", "of", "one", "or",
		"past", "picked", "plus", "present", "presently", "pushed", "pyongyang", "reached",
		"recent", "recently", "reportedly", "return", "returned", "returning", "returns",
		"risk", "round", "rounded", "rounding", "s", "send", "sending", "sends", "sent", "set",
		"shipped", "since", "so", "some", "taken", "the", "them", "then", "these", "this",
		"those", "thousand", "through", "to", "today", "total", "totaled", "totals", "turned",
		"until", "us", "was", "week", "weekend", "weeks", "who", "whom", "without", "year",
		"years", "yesterday", "hundreds", "thousands", "dozens", "million", "upwards", "upward",
		"excess", "greater", "than", "least", "minimum", "no", "fewer", "less", "not", "up",
		"as", "many", "nearly", "almost", "close", "most", "maximum", "under", "roughly",
		"approximately", "ministry", "state", "security", "public", "police", "authorities",
		"guards", "forces", "officials", "government", "over", "up", "caught", "spring",
		"summer", "autumn", "fall", "winter", "end", "beginning", "start", "middle", "seoul", "gulag", "but", "whom", "them", "remain", "remained", "remains", "mostly", "including", "numbered", "numbering")
	for _, w := range labelWords {
		addWords(fLabel, w)
	}
	for _, cue := range enLeadCues {
		addWords(fCueLast, cue[len(cue)-1])
	}
	// The words enDateWord starts with, besides months, weekdays and
	// numbers, so that other words cost one flag test.
	addWords(fDateStart, "last", "this", "next", "past", "yesterday", "today", "recently",
		"lately", "in", "currently", "presently", "at", "new", "christmas", "a", "an")
	addTrigger(evArrest, "arrest", "arrests", "arrested", "arresting", "caught", "captured",
		"capture", "capturing", "apprehended", "apprehend", "apprehending", "apprehension",
		"seized", "nabbed", "intercepted", "raided", "crackdown")
	addTrigger(evDetention, "detain", "detained", "detains", "detaining", "detention",
		"jailed", "imprisoned", "imprisonment", "custody", "incarcerated", "incarceration",
		"confined", "interned")
	addTrigger(evRepatriation, "repatriate", "repatriated", "repatriates", "repatriating",
		"repatriation", "repatriations", "deport", "deported", "deports", "deporting",
		"deportation", "deportations", "expelled", "expel", "extradited", "refouled",
		"refoulement")
	addTrigger(evRelease, "released", "release", "releases", "releasing", "freed", "free")
	addTrigger(evAtRisk, "protect", "hiding", "stranded")
	// Verbs whose subject does something other than suffer an event.
	addTrigger(evOther, "executed", "killed", "died", "sentenced", "gathered", "protested",
		"protest", "rallied", "attended", "marched", "demonstrated", "signed", "joined", "arrived",
		"resettled", "rally", "rallies", "vigil", "demonstration", "demonstrations")
	buildWordHash()
}

// wordHash is an open-addressing table over words, by wordHashOf of the
// lower-case word: the tokenizer looks a word up without building a
// string or a Go map lookup. Slots hold indexes into words; 0 is empty.
var wordHash [4096]uint16

func wordHashOf(h uint32) uint32 { return (h * 0x9E3779B1) >> 20 }

// fnv1a step for one lower-case byte.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func buildWordHash() {
	if len(words) > len(wordHash)/2 {
		panic("extract: wordHash is too small for the vocabulary")
	}
	for i := 1; i < len(words); i++ {
		h := uint32(fnvOffset)
		for k := 0; k < len(words[i].text); k++ {
			h = (h ^ uint32(words[i].text[k])) * fnvPrime
		}
		for s := wordHashOf(h); ; s = (s + 1) % uint32(len(wordHash)) {
			if wordHash[s] == 0 {
				wordHash[s] = uint16(i)
				break
			}
		}
	}
}

// lookupWord returns the index in words of the lower-case bytes b (whose
// FNV-1a hash is h), or 0.
func lookupWord(b []byte, h uint32) uint16 {
	for s := wordHashOf(h); ; s = (s + 1) % uint32(len(wordHash)) {
		w := wordHash[s]
		if w == 0 || words[w].text == string(b) {
			return w
		}
	}
}

// Korean vocabulary. Korean words are matched as prefixes or substrings
// of Hangul runs, since particles attach to them.

// koCueBefore are the Korean qualifier cues written as a word before the
// number; figure.Parse reads them.
var koCueBefore = map[string]bool{"약": true, "대략": true, "최소": true, "최소한": true,
	"적어도": true, "최대": true, "거의": true}

// koCueAfter are the Korean qualifier cues written after 명 (or after N여).
var koCueAfter = []string{"정도", "가량", "안팎", "전후", "내외", "남짓", "넘게", "넘는",
	"넘은", "넘어", "초과", "이상", "이하", "가까이", "미만", "쯤"}

// koOver are the cues that may follow a subject or object particle:
// "200명이 넘는", "200명을 넘어".
var koOver = []string{"넘게", "넘는", "넘은", "넘어", "가까이"}

// koParticles are particles and endings that may follow 명 or a place
// name; pure-Hangul numerals ("다섯 명") must be followed by nothing else,
// so that "천명했다" (declared) is not a thousand people.
var koParticles = []string{"", "이", "가", "을", "를", "은", "는", "의", "도", "과", "와",
	"에", "에게", "으로", "로", "만", "씩", "이나", "뿐", "까지", "이다", "이었다", "이며",
	"이고", "이라고", "이라는", "인", "입니다", "이었다고", "에서", "중", "등", "이상", "정도",
	"가량", "씩이", "이었던", "에도", "에는", "에나", "에서는", "이었고", "이라며", "으로부터",
	"에이르는", "에달하는", "에달한다", "이넘는", "이넘게", "다", "였다", "였고", "였으며", "였던"}

// koPeople are nouns for people that may follow a count written without
// 명 ("2천여 탈북민") or stand before it.
var koPeople = []string{"탈북민", "탈북자", "탈북", "북한이탈주민", "북한", "주민", "난민",
	"여성", "남성", "어린이", "아이", "아동", "청소년", "노동자", "근로자", "사람", "인원",
	"가족", "일가족", "동포", "선교사", "활동가", "수감자", "피해자", "청년", "군인", "학생"}

// koPersons are nouns for people that a native numeral may count
// without 명: "두 남성", "세 딸", "네 자녀". 가족 is left out: "세 가족"
// counts families.
var koPersons = []string{"남성", "여성", "자녀", "딸", "아들", "아이", "어린이", "소년", "소녀",
	"탈북민", "탈북자", "청소년", "노동자", "선교사", "형제", "자매", "남매", "사람"}

// koNativeTens and koNativeOnes are the native Korean numerals that count
// people with 명: "열다섯 명", "스무 명", "세 명".
var (
	koNativeTens = []string{"열", "스물", "스무", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"}
	koNativeOnes = []string{"한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉"}
)
