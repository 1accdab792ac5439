package extract

import (
	"regexp"
	"strings"
	"testing"
)

// benchCorpus builds a mixed Korean and English text of news-like
// paragraphs: sentences with counts, dates and places, and sentences with
// none, in about the proportion of a report on the subject.
func benchCorpus() string {
	en := []string{
		"Rights groups said on Tuesday that some 600 North Koreans were repatriated from China on October 9.",
		"The group had been held in detention centers in Jilin and Liaoning provinces for months.",
		"Chinese police arrested a group of 10 defectors in Shenyang in late April, activists said.",
		"Between 40 and 50 refugees were handed over to North Korean agents at the Tumen crossing.",
		"The foreign ministry in Beijing declined to comment on the reports when asked by journalists.",
		"Seoul has urged China to treat the escapees as refugees under the 1951 Convention.",
		"More than 2,000 North Koreans are believed to be detained in China, according to estimates.",
		"Two buses left the facility before dawn, witnesses told the broadcaster.",
	}
	ko := []string{
		"탈북민 단체는 지난 9일 중국 지린성 바이산 구류소에서 탈북민 200여 명이 북한으로 송환됐다고 밝혔다.",
		"이들 가운데 상당수는 여성과 어린이인 것으로 알려졌으며 정확한 규모는 확인되지 않았다.",
		"앞서 지난달 말 윈난성 쿤밍에서는 탈북민 15명이 중국 공안에 검거돼 강제 북송될 위기에 처했다.",
		"통일부는 관련 보도를 알고 있다며 중국 측에 탈북민의 강제북송 중단을 요청했다고 설명했다.",
		"중국 정부는 탈북민을 불법 월경자로 규정하고 난민 지위를 인정하지 않고 있다.",
		"지난해 10월에도 600명 가까이가 투먼과 훈춘 세관을 통해 북송된 것으로 전해졌다.",
		"버스 3대가 새벽 시간에 구류소를 떠났다는 목격담도 나왔다.",
		"국제 인권단체들은 중국이 국제법상 강제송환 금지 원칙을 위반하고 있다고 비판했다.",
	}
	var b strings.Builder
	for b.Len() < 64<<10 {
		b.WriteString(strings.Join(en, " "))
		b.WriteString("\n\n")
		b.WriteString(strings.Join(ko, " "))
		b.WriteString("\n\n")
	}
	return b.String()
}

// BenchmarkExtract measures throughput over the mixed corpus; b.SetBytes
// makes go test report MB/s.
func BenchmarkExtract(b *testing.B) {
	text := benchCorpus()
	ref, given, _ := PublishedDate("2024-05-20")
	opt := Options{Published: ref, PublishedEDTF: given}
	claims := len(Extract(text, opt))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Extract(text, opt)
	}
	b.ReportMetric(float64(claims), "claims/op")
}

// BenchmarkExtractDense measures the worst realistic case: every sentence
// holds counts, most with a date and a place (the test sentences of
// extract_test.go, repeated to 64 KB).
func BenchmarkExtractDense(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 64<<10 {
		for _, c := range extractCases {
			sb.WriteString(c.text)
			sb.WriteString("\n")
		}
	}
	text := sb.String()
	opt := mustPublished(b, "2024-05-20")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Extract(text, opt)
	}
}

// BenchmarkBaselineRegexp is the baseline for BenchmarkExtract: one pass
// of a plain regular expression that finds every run of digits followed
// by an optional people word, over the same corpus, doing nothing with
// the matches. It is roughly the cheapest "find the numbers" a
// hand-copying researcher's script would do.
func BenchmarkBaselineRegexp(b *testing.B) {
	text := benchCorpus()
	re := regexp.MustCompile(`[0-9][0-9,]*\s*(명|people|defectors|refugees|North Koreans)?`)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		re.FindAllStringIndex(text, -1)
	}
}
