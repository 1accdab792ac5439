package figure

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// MustParse parses text or fails the test.
func MustParse(tb testing.TB, text string) Figure {
	tb.Helper()
	f, err := Parse(text)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", text, err)
	}
	return f
}

// one and rng build expected figures for the tables.
func one(q Qualifier, v int) Figure { return Figure{Qualifier: q, Value: ptr(v)} }
func rng(lo, hi int) Figure         { return Figure{Qualifier: Range, Low: ptr(lo), High: ptr(hi)} }

func showInt(p *int) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint(*p)
}

func show(f Figure) string {
	return fmt.Sprintf("{%s value=%s low=%s high=%s}", f.Qualifier, showInt(f.Value), showInt(f.Low), showInt(f.High))
}

func sameNumbers(a, b Figure) bool {
	eq := func(x, y *int) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Qualifier == b.Qualifier && eq(a.Value, b.Value) && eq(a.Low, b.Low) && eq(a.High, b.High)
}

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Figure
	}{
		// exact
		{"digits", "15", one(Exact, 15)},
		{"digits with people", "23 people", one(Exact, 23)},
		{"word", "seven", one(Exact, 7)},
		{"capitalised word", "Ten", one(Exact, 10)},
		{"word two", "two", one(Exact, 2)},
		{"word with noun", "four refugees", one(Exact, 4)},
		{"teen word", "Nineteen", one(Exact, 19)},
		{"hyphenated tens", "ninety-nine", one(Exact, 99)},
		{"spaced tens", "thirty two", one(Exact, 32)},
		{"a hundred", "a hundred", one(Exact, 100)},
		{"two hundred", "two hundred", one(Exact, 200)},
		{"hundred and", "three hundred and twelve", one(Exact, 312)},
		{"thousands words", "two thousand five hundred", one(Exact, 2500)},
		{"a thousand", "a thousand", one(Exact, 1000)},
		{"comma thousands", "1,000", one(Exact, 1000)},
		{"comma thousands 2", "12,345 people", one(Exact, 12345)},
		{"digits and scale", "3 thousand", one(Exact, 3000)},
		{"decimal million", "1.5 million", one(Exact, 1500000)},
		{"a dozen", "a dozen", one(Exact, 12)},
		{"two dozen", "two dozen", one(Exact, 24)},
		{"half a dozen", "half a dozen", one(Exact, 6)},
		{"zero", "0", one(Exact, 0)},
		{"another", "another 75", one(Exact, 75)},
		{"others", "31 others", one(Exact, 31)},
		{"the defectors", "the 9 defectors", one(Exact, 9)},
		{"north koreans", "44 North Koreans", one(Exact, 44)},
		{"women and children", "21 women and children", one(Exact, 21)},
		{"trailing full stop", "12 women.", one(Exact, 12)},
		{"full-width digits", "１５명", one(Exact, 15)},
		{"ko counter", "15명", one(Exact, 15)},
		{"ko counter spaced", "27 명", one(Exact, 27)},
		{"ko thousand unit", "2천 명", one(Exact, 2000)},
		{"ko thousand and digits", "1천76명", one(Exact, 1076)},
		{"ko man cheon", "만 5천 명", one(Exact, 15000)},
		{"ko 1man 2cheon", "1만 2천", one(Exact, 12000)},
		{"ko baek", "3백", one(Exact, 300)},
		{"ko decimal man", "1.5만 명", one(Exact, 15000)},
		{"ko comma", "2,600", one(Exact, 2600)},
		{"ko bare cheon", "천 명", one(Exact, 1000)},
		{"ko sino numerals", "삼백오십 명", one(Exact, 350)},
		{"ko native", "다섯 명", one(Exact, 5)},
		{"ko native compound", "스물세 명", one(Exact, 23)},
		{"ko native han", "한 명", one(Exact, 1)},
		{"ko leading noun", "탈북민 15명", one(Exact, 15)},
		{"ko leading noun 2", "북한 주민 8명", one(Exact, 8)},
		{"ko particle", "32명이", one(Exact, 32)},
		{"ko possessive noun", "3명의 어린이", one(Exact, 3)},
		{"ko total", "총 16명", one(Exact, 16)},
		{"ko subject noun", "탈북민이 12명", one(Exact, 12)},
		{"ko noun then man", "탈북민 만 명", one(Exact, 10000)},
		{"ko particle man after counter", "15명만", one(Exact, 15)},
		// approx
		{"some", "some 600", one(Approx, 600)},
		{"about", "about 200", one(Approx, 200)},
		{"around", "around 90", one(Approx, 90)},
		{"approximately", "approximately 60", one(Approx, 60)},
		{"roughly", "roughly 350 people", one(Approx, 350)},
		{"an estimated", "an estimated 2,500", one(Approx, 2500)},
		{"approx abbreviation", "approx. 45", one(Approx, 45)},
		{"circa", "circa 70", one(Approx, 70)},
		{"ca abbreviation", "ca. 70", one(Approx, 70)},
		{"or so", "120 or so", one(Approx, 120)},
		{"about a dozen", "about a dozen", one(Approx, 12)},
		{"ABOUT caps", "ABOUT 80", one(Approx, 80)},
		{"ko yak", "약 30명", one(Approx, 30)},
		{"ko jeongdo", "200명 정도", one(Approx, 200)},
		{"ko garyang", "300명 가량", one(Approx, 300)},
		{"ko garyang joined", "140명가량", one(Approx, 140)},
		{"ko anpak", "100명 안팎", one(Approx, 100)},
		{"ko jeonhu", "50명 전후", one(Approx, 50)},
		{"ko naeoe", "70명 내외", one(Approx, 70)},
		{"ko jjeum", "40명쯤", one(Approx, 40)},
		{"ko daeryak", "대략 90명", one(Approx, 90)},
		{"ko units approx", "만 5천 명 정도", one(Approx, 15000)},
		{"ko yak and jeongdo", "약 200명 정도", one(Approx, 200)},
		{"ko yak and yeo", "약 200여 명", one(Approx, 200)},
		{"ko yeo and jeongdo", "200여 명 정도", one(Approx, 200)},
		// approx_over
		{"odd", "200-odd", one(ApproxOver, 200)},
		{"plus word", "200-plus", one(ApproxOver, 200)},
		{"plus sign", "300+ people", one(ApproxOver, 300)},
		{"plus spaced", "80 plus", one(ApproxOver, 80)},
		{"ko yeo", "200여 명", one(ApproxOver, 200)},
		{"ko yeo joined", "800여명", one(ApproxOver, 800)},
		{"ko yeo comma", "2,600여 명", one(ApproxOver, 2600)},
		{"ko yeo ten", "10여 명", one(ApproxOver, 10)},
		{"ko yeo sino", "십여 명", one(ApproxOver, 10)},
		{"ko sipsu", "십수 명", one(ApproxOver, 10)},
		{"ko namjit", "40명 남짓", one(ApproxOver, 40)},
		// more_than
		{"more than", "more than 60", one(MoreThan, 60)},
		{"more than people", "more than 60 people", one(MoreThan, 60)},
		{"over", "over 1100", one(MoreThan, 1100)},
		{"more than comma", "more than 2,000", one(MoreThan, 2000)},
		{"more than a hundred", "more than a hundred", one(MoreThan, 100)},
		{"upwards of", "upwards of 400", one(MoreThan, 400)},
		{"in excess of", "in excess of 90", one(MoreThan, 90)},
		{"ko neomge", "70명 넘게", one(MoreThan, 70)},
		{"ko i neomneun", "200명이 넘는", one(MoreThan, 200)},
		{"ko chogwa", "41명 초과", one(MoreThan, 41)},
		// at_least
		{"at least", "at least 406", one(AtLeast, 406)},
		{"at least comma", "at least 1,076", one(AtLeast, 1076)},
		{"no fewer than", "no fewer than 30", one(AtLeast, 30)},
		{"or more", "25 or more", one(AtLeast, 25)},
		{"ko choeso", "최소 406명", one(AtLeast, 406)},
		{"ko choesohan units", "최소한 1천76명", one(AtLeast, 1076)},
		{"ko isang", "100명 이상", one(AtLeast, 100)},
		{"ko jeogeodo", "적어도 50명", one(AtLeast, 50)},
		{"ko choeso and isang", "최소 28명 이상", one(AtLeast, 28)},
		// at_most
		{"up to", "up to 200", one(AtMost, 200)},
		{"as many as", "as many as 600", one(AtMost, 600)},
		{"nearly", "nearly 600", one(AtMost, 600)},
		{"almost", "almost 90", one(AtMost, 90)},
		{"close to", "close to 300 defectors", one(AtMost, 300)},
		{"fewer than", "fewer than 10", one(AtMost, 9)},
		{"under", "under 50 people", one(AtMost, 49)},
		{"ko choedae", "최대 200명", one(AtMost, 200)},
		{"ko geoui", "거의 600명", one(AtMost, 600)},
		{"ko gakkai", "600명 가까이", one(AtMost, 600)},
		{"ko iha", "30명 이하", one(AtMost, 30)},
		{"ko miman", "10명 미만", one(AtMost, 9)},
		// range
		{"hyphen", "50-60", rng(50, 60)},
		{"en dash", "50–60", rng(50, 60)},
		{"em dash", "50—60", rng(50, 60)},
		{"to", "50 to 60", rng(50, 60)},
		{"between", "between 50 and 60", rng(50, 60)},
		{"between words", "between fifty and sixty", rng(50, 60)},
		{"from to", "from 10 to 12", rng(10, 12)},
		{"or", "two or three", rng(2, 3)},
		{"spaced hyphen", "50 - 60 people", rng(50, 60)},
		{"approx range", "about 50-60", rng(50, 60)},
		{"equal ends", "40-40", rng(40, 40)},
		{"shared scale en", "two to three hundred", rng(200, 300)},
		{"shared scale thousand", "fifty to sixty thousand", rng(50000, 60000)},
		{"comma range", "600 to 2,000", rng(600, 2000)},
		{"ko tilde", "50~60명", rng(50, 60)},
		{"ko full-width tilde", "50～60명", rng(50, 60)},
		{"ko hyphen", "50-60명", rng(50, 60)},
		{"ko counter on both", "50명~60명", rng(50, 60)},
		{"ko eseo", "50명에서 60명", rng(50, 60)},
		{"ko naeji", "50 내지 60명", rng(50, 60)},
		{"ko shared scale", "2~3천 명", rng(2000, 3000)},
		{"ko shared man", "1~2만 명", rng(10000, 20000)},
		{"ko shared compound unit", "1~5천만 명", rng(10_000_000, 50_000_000)},
		{"ko shared decimal high", "1~1.5만 명", rng(10000, 15000)},
		{"shared decimal million", "1-1.5 million", rng(1_000_000, 1_500_000)},
		{"shared digits thousand", "2-3 thousand", rng(2000, 3000)},
		{"ko low not shared", "500~3천 명", rng(500, 3000)},
		{"ko yak range", "약 50~60명", rng(50, 60)},
		// vague
		{"dozens", "dozens", one(Vague, 10)},
		{"dozens of", "dozens of defectors", one(Vague, 10)},
		{"hundreds", "hundreds", one(Vague, 100)},
		{"hundreds of", "hundreds of North Koreans", one(Vague, 100)},
		{"thousands", "thousands", one(Vague, 1000)},
		{"Thousands caps", "Thousands of refugees", one(Vague, 1000)},
		{"several hundred", "several hundred", one(Vague, 100)},
		{"a few dozen", "a few dozen", one(Vague, 10)},
		{"some hundreds", "some hundreds of people", one(Vague, 100)},
		{"ko susip", "수십 명", one(Vague, 10)},
		{"ko subaek", "수백 명", one(Vague, 100)},
		{"ko sucheon", "수천 명", one(Vague, 1000)},
		{"ko myeotsip", "몇십 명", one(Vague, 10)},
		{"ko myeotbaek joined", "몇백명", one(Vague, 100)},
		{"ko susip yeo", "수십여 명", one(Vague, 10)},
		{"ko vague with noun", "탈북민 수백 명", one(Vague, 100)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !sameNumbers(got, tt.want) {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, show(got), show(tt.want))
			}
			if got.Text != strings.TrimSpace(tt.in) {
				t.Errorf("Parse(%q).Text = %q", tt.in, got.Text)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("Parse(%q).Validate(): %v", tt.in, err)
			}
		})
	}
}

func TestParseKeepsTrimmedText(t *testing.T) {
	f := MustParse(t, "  \t about 200 \n")
	if f.Text != "about 200" {
		t.Errorf("Text = %q, want %q", f.Text, "about 200")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		kind error
	}{
		{"empty", "", ErrSyntax},
		{"spaces", "   ", ErrSyntax},
		{"dangling and", "about two hundred and", ErrSyntax},
		{"words only", "many people were sent back", ErrTooVague},
		{"cue only", "roughly", ErrSyntax},
		{"trailing clause", "more than 60 defectors were held", ErrSyntax},
		{"two numbers", "12 15", ErrSyntax},
		{"bad comma group", "1,00", ErrSyntax},
		{"fraction", "2.5", ErrSyntax},
		{"unknown korean", "15명씩", ErrSyntax},
		{"two cohorts", "300여 명 중 40명", ErrSyntax},
		{"brackets note", "12 (9 women)", ErrSyntax},
		{"conflicting cues", "over 200-odd", ErrSyntax},
		{"conflicting ko cues", "최대 30명 이상", ErrSyntax},
		{"range with at most", "최대 50~60명", ErrSyntax},
		{"range with yeo", "50~60여 명", ErrSyntax},
		{"vague with at least", "수백 명 이상", ErrSyntax},
		{"open range", "600~", ErrSyntax},
		{"two lead cues", "about some 600", ErrSyntax},
		{"two tail cues", "200명 이상 정도", ErrSyntax},
		{"leading zero", "007", ErrSyntax},
		{"zeros", "0000", ErrSyntax},
		{"lone c", "c 600", ErrSyntax},
		{"noise after cue", "about another 200", ErrSyntax},
		{"mixed languages", "200명 people", ErrSyntax},
		{"odd after noun", "18 refugees odd", ErrSyntax},
		{"ko particle man", "어린이만", ErrSyntax},
		{"bare hundred", "hundred", ErrSyntax},
		{"bare sino digit", "이 명", ErrSyntax},
		{"invalid utf8", "12\xff", ErrSyntax},
		{"too long", strings.Repeat("1 ", 150), ErrSyntax},
		// not people
		{"age in brackets", "(38)", ErrNotPeople},
		{"name and age", "김씨(52)", ErrNotPeople},
		{"ko age", "38세", ErrNotPeople},
		{"ko age sal", "스무 살", ErrNotPeople},
		{"en age", "a 13-year-old", ErrNotPeople},
		{"percent range", "10~20%", ErrNotPeople},
		{"percent word", "10 percent", ErrNotPeople},
		{"per cent", "70 per cent of them", ErrNotPeople},
		{"ko percent", "90퍼센트", ErrNotPeople},
		{"ko years", "3년", ErrNotPeople},
		{"ko months", "6개월", ErrNotPeople},
		{"ko days", "9일", ErrNotPeople},
		{"years", "3 years", ErrNotPeople},
		{"days", "5 days", ErrNotPeople},
		{"buses", "3 buses", ErrNotPeople},
		{"ko buses", "버스 3대", ErrNotPeople},
		{"facilities", "two facilities", ErrNotPeople},
		{"crossings", "over five separate crossings", ErrNotPeople},
		{"ko places", "4곳", ErrNotPeople},
		{"ko times", "세 차례", ErrNotPeople},
		// too vague
		{"several", "several", ErrTooVague},
		{"a few", "a few", ErrTooVague},
		{"a couple", "a couple of defectors", ErrTooVague},
		{"some people", "some people", ErrTooVague},
		{"ko sosu", "소수의", ErrTooVague},
		{"ko sosu inwon", "소수의 인원", ErrTooVague},
		{"ko myeot", "몇 명", ErrTooVague},
		{"ko yeoreo", "여러 명", ErrTooVague},
		{"tens of thousands", "tens of thousands", ErrTooVague},
		{"millions", "millions", ErrTooVague},
		{"ko suman", "수만 명", ErrTooVague},
		// out of range
		{"negative", "-5", ErrOutOfRange},
		{"negative minus sign", "−12 people", ErrOutOfRange},
		{"low above high", "60-50", ErrOutOfRange},
		{"ko low above high", "60~50명", ErrOutOfRange},
		{"absurd", "200000000", ErrOutOfRange},
		{"absurd words", "two hundred million", ErrOutOfRange},
		{"absurd ko", "2억 명", ErrOutOfRange},
		{"huge literal", "99999999999999999999999", ErrOutOfRange},
		{"fewer than zero", "fewer than 0", ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want error", tt.in, show(f))
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T is not *ParseError", tt.in, err)
			}
			if !errors.Is(err, tt.kind) {
				t.Errorf("Parse(%q) error %v, want kind %v", tt.in, err, tt.kind)
			}
			prefix := "figure: " + quote(strings.TrimSpace(tt.in)) + " is not a number of people"
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Errorf("Parse(%q) error %q, want prefix %q", tt.in, err, prefix)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"dangling and", "about two hundred and", `figure: "about two hundred and" is not a number of people: unexpected "and"`},
		{"empty", " ", `figure: "" is not a number of people: empty`},
		{"percentage", "10~20%", `figure: "10~20%" is not a number of people: a percentage`},
		{"duration", "3년", `figure: "3년" is not a number of people: a duration`},
		{"things", "버스 3대", `figure: "버스 3대" is not a number of people: a count of things, not people`},
		{"age", "(38)", `figure: "(38)" is not a number of people: an age`},
		{"too vague", "several", `figure: "several" is not a number of people: too vague to count`},
		{"low above high", "60-50", `figure: "60-50" is not a number of people: range low 60 is above high 50`},
		{"too large", "200,000,000", `figure: "200,000,000" is not a number of people: too large (above 100000000)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", tt.in)
			}
			if err.Error() != tt.want {
				t.Errorf("Parse(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
			}
		})
	}
}
