package extract

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// mustPublished reads a publication date for a test.
func mustPublished(tb testing.TB, s string) Options {
	tb.Helper()
	if s == "" {
		return Options{}
	}
	ref, given, err := PublishedDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return Options{Published: ref, PublishedEDTF: given}
}

// show renders a claim as "count|figure|event|date|place" for tables.
func show(c Claim) string {
	return strings.Join([]string{c.CountText, showFigure(c.Figure), c.Event, c.Date, c.Place}, "|")
}

// extractCases are sentences written for these tests, modelled on the
// phenomena of real reports but with other wording, places, numbers and
// dates. Each want is "count|figure|event|date|place".
var extractCases = []struct {
	name, published, text string
	want                  []string
}{
	// English: cues, number words, vague counts.
	{"en group of", "2024-05-20", "Chinese police arrested a group of 10 North Koreans in Shenyang on May 6.",
		[]string{"10|exact 10|arrest|2024-05-06|Shenyang"}},
	{"en women and children", "2024-05-20", "Three women and two children were caught near the Laos border last month.",
		[]string{"Three|exact 3|arrest|2024-04|Laos", "two|exact 2|arrest|2024-04|Laos"}},
	{"en at least a dozen", "2022-03-01", "At least a dozen defectors were detained in Dandong in late February.",
		[]string{"At least a dozen|at_least 12|detention|2022-02~|Dandong"}},
	{"en two dozen", "2021-07-20", "Two dozen North Koreans were sent back across the river on July 14.",
		[]string{"Two dozen|exact 24|repatriation|2021-07-14|"}},
	{"en hundreds in hiding", "2019-06-01", "Hundreds of North Korean women remain in hiding in northeast China.",
		[]string{"Hundreds|vague 100|at_risk||China"}},
	{"en freed", "2018-11-02", "About 30 escapees were freed after being held for three months.",
		[]string{"About 30|approx 30|release||"}},
	{"en since month open interval", "2017-09-03", "At least 41 North Koreans have been detained since July, a rights group said.",
		[]string{"At least 41|at_least 41|detention|2017-07/..|"}},
	{"en report date is not the event date", "2023-10-13", "The ministry said on Thursday that around 500 people had been repatriated.",
		[]string{"around 500|approx 500|repatriation||"}},
	{"en verb before the count", "2023-08-30", "China forcibly returned 80 North Koreans on August 29, according to activists.",
		[]string{"80|exact 80|repatriation|2023-08-29|"}},
	{"en apposition with an age", "2024-02-10", "Seven defectors, including a 13-year-old girl, were arrested in Kunming.",
		[]string{"Seven|exact 7|arrest||Kunming"}},
	{"en year before a comma", "2024-02-10", "In 2023, 196 defectors arrived in Seoul, the lowest figure in decades.",
		[]string{"196|exact 196|other|2023|"}},
	{"en nearly is at most", "2024-02-10", "Nearly 2,000 North Koreans are believed to be held in detention facilities.",
		[]string{"Nearly 2,000|at_most 2000|detention||"}},
	{"en family of five", "2024-02-10", "A family of five was apprehended in Yunnan province while trying to cross into Laos.",
		[]string{"five|exact 5|arrest||Yunnan province"}},
	{"en range with some and around", "2024-05-20", "Some 50-60 defectors from Tumen and Hunchun were repatriated around April 26.",
		[]string{"Some 50-60|range 50-60|repatriation|2024-04-26~|Tumen"}},
	{"en between and abbreviated month", "2024-02-10", "Between 40 and 50 North Koreans were deported from Liaoning on Jan. 5.",
		[]string{"Between 40 and 50|range 40-50|repatriation|2024-01-05|Liaoning"}},
	{"en could be sent back", "2024-02-10", "Up to 100 refugees could be sent back in the coming weeks.",
		[]string{"Up to 100|at_most 100|at_risk||"}},
	{"en bracketed breakdown", "2024-08-28", "Fifteen (13 women and two teenagers) were arrested in Kunming on August 21.",
		[]string{"Fifteen|exact 15|arrest|2024-08-21|Kunming", "13|exact 13|arrest|2024-08-21|Kunming",
			"two|exact 2|arrest|2024-08-21|Kunming"}},
	{"en sent home", "2023-10-13", "A total of 1,200 North Korean workers were sent home from Dandong last year.",
		[]string{"1,200|exact 1200|repatriation|2022|Dandong"}},
	{"en date in a later clause", "2023-10-13", "More than 40 escapees, among them nine children, were captured near Mongolia in September.",
		[]string{"More than 40|more_than 40|arrest|2023-09|Mongolia", "nine|exact 9|arrest|2023-09|Mongolia"}},
	{"en participle relative clause", "2024-05-05", "On 26 April, about 200 defectors held at Baishan were handed over to North Korean agents.",
		[]string{"about 200|approx 200|repatriation|2024-04-26|Baishan"}},
	{"en await deportation", "2023-10-13", "As many as 500 North Koreans await deportation in Liaoning province, activists said Tuesday.",
		[]string{"As many as 500|at_most 500|at_risk||Liaoning province"}},
	{"en two months ago", "2023-12-07", "She was one of some 300 defectors deported to North Korea two months ago.",
		[]string{"some 300|approx 300|repatriation|2023-10|"}},
	{"en rounded up", "2020-03-05", "Chinese authorities rounded up 25 defectors in a raid on a church in Qingdao.",
		[]string{"25|exact 25|arrest||Qingdao"}},
	{"en currently", "2021-07-26", "Over 1,500 North Koreans are currently held in Chinese jails.",
		[]string{"Over 1,500|more_than 1500|detention|2021-07-26|"}},
	{"en bare count with a verb", "2023-10-12", "Beijing may have quietly deported dozens to the North in recent days.",
		[]string{"dozens|vague 10|repatriation||"}},
	{"en of them: a part shares the event of its group", "2018-03-30", "Four escapees were caught on the train; three of them were women.",
		[]string{"Four|exact 4|arrest||", "three|exact 3|arrest||"}},
	{"en coordinated bare count", "2023-10-13", "China forcibly returned 80 North Koreans on August 29 and another 40 on September 18.",
		[]string{"80|exact 80|repatriation|2023-08-29|", "40|exact 40|repatriation|2023-09-18|"}},
	{"en between two months", "2024-05-30", "At least 92 North Koreans were arrested between January and May, a rights group said.",
		[]string{"At least 92|at_least 92|arrest|2024-01/2024-05|"}},
	{"en headline participle", "2024-07-22", "Over 10 North Korean defectors arrested by Chinese police en route to South Korea",
		[]string{"Over 10|more_than 10|arrest||"}},
	{"en gathered is not an event", "2024-05-03", "Some 200 people gathered outside the embassy to protest the repatriations.",
		[]string{"Some 200|approx 200|other||"}},
	{"en detained facing repatriation", "2024-05-03", "About 2,000 detained North Koreans face repatriation.",
		[]string{"About 2,000|approx 2000|detention||"}},
	{"en number of", "2024-05-03", "The number of detained North Koreans is estimated at around 2,000.",
		[]string{"around 2,000|approx 2000|detention||"}},
	{"en who and caught", "2024-05-03", "Of 18 who tried to cross, 8 were caught by border guards.",
		[]string{"18|exact 18|arrest||", "8|exact 8|arrest||"}},
	{"en bracket list keeps the clause", "2019-05-14", "Police apprehended seven North Koreans (three women, three men and a 10-year-old girl) in Liaoning province on April 28.",
		[]string{"seven|exact 7|arrest|2019-04-28|Liaoning province", "three|exact 3|arrest|2019-04-28|Liaoning province",
			"three|exact 3|arrest|2019-04-28|Liaoning province"}},
	{"en ages in a list", "2023-10-13", "The 2 men, aged 25 and 31, were caught at the Tumen crossing.",
		[]string{"2|exact 2|arrest||Tumen"}},
	{"en urged not to repatriate", "2024-05-03", "Rights groups urged China not to repatriate the 15 North Koreans.",
		[]string{"15|exact 15|at_risk||"}},
	{"en send back around the object", "2024-05-03", "China: Don't Send 10 North Koreans Back",
		[]string{"10|exact 10|at_risk||"}},
	{"en should release", "2024-05-03", "China should release the 200 refugees immediately.",
		[]string{"200|exact 200|at_risk||"}},
	{"en not sent back", "2020-03-05", "More than 20 North Koreans detained in Dandong were not sent back because Pyongyang refused.",
		[]string{"More than 20|more_than 20|detention||Dandong"}},
	// English negatives.
	{"en ages, percentages and things", "2024-02-10", "Over 70 percent of the 38-year-old's neighbours were women, and 90% were under 40 years old.", nil},
	{"en buses and crossings", "2024-02-10", "The convoy used 4 buses and five border crossings over 2 nights.", nil},
	{"en article and year", "2024-02-10", "Article 33 of the 1951 Convention has bound China since 1982.", nil},
	{"en tens of thousands", "2024-02-10", "Tens of thousands of North Koreans are thought to live in China.", nil},
	{"en one of", "2024-02-10", "He was one of the organisers of the protest.", nil},
	{"en date numbers", "2024-02-10", "The hearing on March 12, 2024 lasted 3 hours.", nil},
	{"en money", "2024-02-10", "Brokers charge $8,000 or 50,000 yuan per crossing.", nil},
	// Korean.
	{"ko family", "2024-05-20", "중국 공안은 지난 6일 광시성 난닝에서 탈북민 일가족 5명을 체포했다.",
		[]string{"5명|exact 5|arrest|2024-05-06|난닝"}},
	{"ko native numeral and repatriation date", "2024-05-20", "지난달 말 단둥에서 붙잡힌 탈북자 열 명이 이달 초 북한으로 송환된 것으로 알려졌다.",
		[]string{"열 명|exact 10|repatriation|2024-05~|단둥"}},
	{"ko native numerals in a list", "2024-05-20", "탈북 여성 다섯 명과 어린이 두 명이 라오스 국경 인근에서 검거됐다.",
		[]string{"다섯 명|exact 5|arrest||라오스", "두 명|exact 2|arrest||라오스"}},
	{"ko approx before the number", "2024-05-20", "소식통에 따르면 투먼 변방대에 수감된 탈북민은 약 150명에 이른다.",
		[]string{"약 150명|approx 150|detention||투먼"}},
	{"ko this year", "2024-05-20", "중국 당국이 올해 들어 탈북민 300여 명을 강제북송한 것으로 파악됐다.",
		[]string{"300여 명|approx_over 300|repatriation|2024|"}},
	{"ko ages in brackets", "2024-05-20", "탈북민 박모씨(42)와 김모씨(35)는 지난 3월 선양에서 체포됐다.", nil},
	{"ko buses and a report date", "2024-05-20", "버스 3대가 탈북민 약 200명을 태우고 훈춘 세관을 통과했다고 RFA가 18일 보도했다.",
		[]string{"약 200명|approx 200|other||훈춘"}},
	{"ko percent and duration", "2024-05-20", "이들 가운데 30%는 10대 청소년이었으며 5년 이상 중국에 머문 사람도 많았다.", nil},
	{"ko vague hundreds detained", "2024-05-20", "북송된 탈북민 수백 명이 보위부 구류장에 수감돼 조사를 받고 있다.",
		[]string{"수백 명|vague 100|detention||"}},
	{"ko facilities are not people", "2024-05-20", "중국 내 구금 시설 5곳에 탈북민 2천여 명이 억류돼 있다.",
		[]string{"2천여 명|approx_over 2000|detention||중국"}},
	{"ko units", "2024-05-20", "북한이탈주민 3만 4천여 명이 한국에 정착해 있다.",
		[]string{"3만 4천여 명|approx_over 34000|other||"}},
	{"ko dekad and approx after", "2024-05-20", "단체는 20일 \"지난 4월 하순 훈춘에서 탈북민 50명 안팎이 북송됐다\"고 밝혔다.",
		[]string{"50명 안팎|approx 50|repatriation|2024-04-21/2024-04-30|훈춘"}},
	{"ko arrested facing repatriation", "2024-05-20", "지난해 12월 윈난성 시솽반나에서 탈북민 20명가량이 체포돼 북송 위기에 놓였다.",
		[]string{"20명가량|approx 20|arrest|2023-12|시솽반나"}},
	{"ko handed to the north", "2024-05-20", "중국 정부는 지난 2년간 탈북민 600여 명을 북한에 넘겼다.",
		[]string{"600여 명|approx_over 600|repatriation||"}},
	{"ko days ago and release", "2024-05-20", "3일 전 옌지에서 체포된 탈북자 8명이 석방됐다는 소식이 전해졌다.",
		[]string{"8명|exact 8|release|2024-05-17|옌지"}},
	{"ko full date", "2024-05-20", "2019년 4월 28일 랴오닝성 선양에서 어린이를 포함한 탈북민 7명이 공안에 붙잡혔다.",
		[]string{"7명|exact 7|arrest|2019-04-28|선양"}},
	{"ko hiding", "2024-05-20", "중국에 숨어 지내는 탈북 여성은 수천 명으로 추정된다.",
		[]string{"수천 명|vague 1000|at_risk||중국"}},
	{"ko prospective only", "2024-05-20", "강제북송 위기에 처한 탈북민 60여명을 구해달라고 호소했다.",
		[]string{"60여명|approx_over 60|at_risk||"}},
	{"ko from year to year", "2024-05-20", "한편 2020년부터 2023년까지 북송된 탈북민은 1천여 명에 달한다.",
		[]string{"1천여 명|approx_over 1000|repatriation|2020/2023|"}},
	{"ko not a thousand people", "2024-05-20", "정부는 단호한 입장을 천명했다.", nil},
	{"ko not a few people", "2024-05-20", "탈북민 수명이 다쳤다.", nil},
	{"ko over after a particle", "2024-05-20", "탈북민 200명이 넘는 인원이 구금돼 있다.",
		[]string{"200명이 넘는|more_than 200|detention||"}},
	{"ko negated release", "2024-05-20", "탈북민 1명도 석방되지 않았다.",
		[]string{"1명|exact 1|other||"}},
	{"ko end of last year", "2024-03-05", "작년 말 훈춘 구류장에는 탈북민 100명 이상이 갇혀 있었다.",
		[]string{"100명 이상|at_least 100|detention|2023~|훈춘"}},
	{"ko hideouts are not people", "2024-03-05", "중국 공안이 탈북민 은신처 3곳을 급습해 탈북민 9명을 붙잡았다.",
		[]string{"9명|exact 9|arrest||"}},
	{"ko range with a wide tilde", "2024-03-05", "지난해 중국에서 북송된 탈북민은 500∼600명으로 추산된다.",
		[]string{"500∼600명|range 500-600|repatriation|2023|중국"}},
	{"ko at most", "2024-03-05", "지난 3년 동안 강제북송된 탈북민은 최대 2천 명에 이를 것으로 추정된다.",
		[]string{"최대 2천 명|at_most 2000|repatriation||"}},
	{"ko age in brackets and date", "2024-03-05", "국군포로 출신 이모(87)씨는 19일 서울에서 별세했다.", nil},
	{"ko arrest then repatriation", "2024-05-03", "중국 당국이 지난달 말 지린성 일대에서 탈북민 수십 명을 체포해 북송한 것으로 알려졌다.",
		[]string{"수십 명|vague 10|repatriation|2024-04~|지린성"}},
	{"ko two fates", "2024-05-03", "이 가운데 2명은 석방됐고 나머지 5명은 북송됐다.",
		[]string{"2명|exact 2|release||", "5명|exact 5|repatriation||"}},
	{"ko detained, plan to repatriate", "2024-05-03", "중국 정부가 구금 중인 탈북민 2천여 명을 북송할 계획인 것으로 알려졌다.",
		[]string{"2천여 명|approx_over 2000|detention||"}},
	{"ko from month to month", "2024-05-03", "지난 3월 말부터 4월 초 사이 탈북민 50여 명이 체포됐다.",
		[]string{"50여 명|approx_over 50|arrest|2024-03~/2024-04~|"}},
	{"ko clause ends at a connective comma", "2024-05-03", "중국 공안은 지난 1월 옌볜 지역에서 탈북민 20여명을 검거했으며, 이 중 일부는 이미 북송됐다.",
		[]string{"20여명|approx_over 20|arrest|2024-01|옌볜"}},
	{"ko executed is other", "2024-05-03", "북한 당국은 송환된 탈북민 가운데 5명을 공개처형했다.",
		[]string{"5명|exact 5|other||"}},
	{"ko weekend", "2024-05-03", "지난 주말 훈춘에서 탈북민 4명이 체포됐다.",
		[]string{"4명|exact 4|arrest|2024-04-27/2024-04-28|훈춘"}},
	{"ko authority after a country", "2024-05-03", "지난 1일 새벽 탈북민 8명이 압록강을 건너다 중국 변방대에 붙잡혔다.",
		[]string{"8명|exact 8|arrest|2024-05-01|"}},
	{"ko counters other than people", "2024-03-05", "이들은 1인당 2만 위안을 내고 3차례에 걸쳐 10km를 걸었다.", nil},
}

func TestExtract(t *testing.T) {
	for _, c := range extractCases {
		t.Run(c.name, func(t *testing.T) {
			got := Extract(c.text, mustPublished(t, c.published))
			var gs []string
			for _, cl := range got {
				gs = append(gs, show(cl))
				if c.text[cl.Start:cl.End] != cl.CountText {
					t.Errorf("text[%d:%d] = %q, CountText %q", cl.Start, cl.End, c.text[cl.Start:cl.End], cl.CountText)
				}
			}
			if strings.Join(gs, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("Extract(%q)\n got: %s\nwant: %s", c.text, strings.Join(gs, "\n      "), strings.Join(c.want, "\n      "))
			}
		})
	}
}

func TestExtractPerpetratorAndLang(t *testing.T) {
	cases := []struct {
		name, text, lang, perp string
	}{
		{"ko police", "중국 공안이 탈북민 9명을 붙잡았다.", "ko", "중국 공안"},
		{"en police", "Chinese police detained 12 defectors.", "en", "Chinese police"},
		{"en none", "Some 40 defectors were repatriated.", "en", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Extract(c.text, Options{})
			if len(got) != 1 || got[0].Perpetrator != c.perp || got[0].Lang != c.lang {
				t.Fatalf("Extract(%q) = %+v; want one claim by %q in %s", c.text, got, c.perp, c.lang)
			}
		})
	}
}

func TestExtractMultiSentence(t *testing.T) {
	text := "Some 600 defectors were repatriated on October 9. The trip took 2 days.\n" +
		"탈북민 15명이 지난 21일 쿤밍에서 검거됐다. 이들은 3년 동안 숨어 지냈다."
	got := Extract(text, mustPublished(t, "2023-10-25"))
	want := []string{"some 600|approx 600|repatriation|2023-10-09|", "15명|exact 15|arrest|2023-10-21|쿤밍"}
	if len(got) != len(want) {
		t.Fatalf("got %d claims: %+v", len(got), got)
	}
	for i, c := range got {
		if !strings.EqualFold(show(c), want[i]) {
			t.Errorf("claim %d = %s, want %s", i, show(c), want[i])
		}
		if c.Lang != []string{"en", "ko"}[i] {
			t.Errorf("claim %d lang %s", i, c.Lang)
		}
	}
}

func TestUnknownPublicationDate(t *testing.T) {
	cases := []struct{ text, date string }{
		{"2023년 10월 9일 탈북민 15명이 북송됐다.", "2023-10-09"},
		{"지난 21일 탈북민 15명이 검거됐다.", ""},
		{"About 15 defectors were arrested on April 26, 2024.", "2024-04-26"},
		{"About 15 defectors were arrested last month.", ""},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			got := Extract(c.text, Options{})
			if len(got) != 1 || got[0].Date != c.date {
				t.Fatalf("got %+v; want one claim dated %q", got, c.date)
			}
		})
	}
}

func TestPublishedDate(t *testing.T) {
	cases := []struct{ in, ref, given string }{
		{"2024-05-07", "2024-05-07", "2024-05-07"},
		{"2024-02", "2024-02-29", "2024-02"},
		{"2023", "2023-12-31", "2023"},
		{"2024-04/2024-05", "2024-05-31", "2024-04/2024-05"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			ref, given, err := PublishedDate(c.in)
			if err != nil || ref.Format(time.DateOnly) != c.ref || given != c.given {
				t.Errorf("PublishedDate(%q) = %v, %q, %v", c.in, ref, given, err)
			}
		})
	}
	for _, bad := range []string{"", "May 2024", "2024-13", "2024-02-30", "24-05-07", "2024-05-06/.."} {
		t.Run("bad "+bad, func(t *testing.T) {
			if _, _, err := PublishedDate(bad); err == nil {
				t.Errorf("PublishedDate(%q) succeeded", bad)
			}
		})
	}
}

func TestDetectLang(t *testing.T) {
	cases := []struct{ text, want string }{
		{"탈북민 60여 명이 체포됐다", "ko"},
		{"RFA와 JM선교회에 따르면 탈북민 60여 명이 체포됐다", "ko"},
		{"About 60 defectors were arrested in Nanning", "en"},
		{"", "en"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			if got := DetectLang(c.text); got != c.want {
				t.Errorf("DetectLang(%q) = %s, want %s", c.text, got, c.want)
			}
		})
	}
}

func TestGazetteer(t *testing.T) {
	g := NewGazetteer([]Entry{
		{ID: 7, Kind: City, Names: []string{"단둥", "Dandong", "丹东"}},
		{ID: 9, Kind: Facility, Names: []string{"Baishan Detention Center", "바이산 구류소"}},
		{ID: 8, Kind: City, Names: []string{"Baishan", "바이산"}},
	})
	text := "Held at the BAISHAN detention center, then moved to 단둥에서 and 丹东; not Dandongese."
	var got []string
	for _, m := range g.Match(text) {
		got = append(got, fmt.Sprintf("%s/%d", m.Text, m.ID))
		if text[m.Start:m.End] != m.Text {
			t.Errorf("span %d:%d is %q", m.Start, m.End, text[m.Start:m.End])
		}
	}
	want := "BAISHAN detention center/9 단둥/7 丹东/7"
	if strings.Join(got, " ") != want {
		t.Errorf("Match = %v, want %s", got, want)
	}
	t.Run("custom gazetteer in Extract", func(t *testing.T) {
		cl := Extract("About 20 defectors were held at the Baishan Detention Center.", Options{Gazetteer: g})
		if len(cl) != 1 || cl[0].Place != "Baishan Detention Center" || cl[0].PlaceID != 9 {
			t.Errorf("got %+v", cl)
		}
	})
}

// TestSentenceStart checks that looking back from a count never leaves
// its sentence: the first word of a sentence after one that ends in a
// trigger.
func TestSentenceStart(t *testing.T) {
	text := "They were sent back. 10 North Koreans remain.\nArrested\n5 defectors"
	got := Extract(text, Options{})
	if len(got) != 2 || got[0].Event != "other" || got[1].Event != "other" {
		t.Errorf("got %+v; want two claims with event other", got)
	}
}

// TestTextEnds checks counts whose context runs to the end of the text.
func TestTextEnds(t *testing.T) {
	for _, text := range []string{"five of the", "5 of", "Some 20 of them", "탈북민 5명의", "20명이", "about", "between 5 and"} {
		t.Run(text, func(t *testing.T) {
			for _, c := range Extract(text, Options{}) {
				if text[c.Start:c.End] != c.CountText {
					t.Errorf("span %d:%d", c.Start, c.End)
				}
			}
		})
	}
}
