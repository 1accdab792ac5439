package edtf

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// mustDay parses "YYYY-MM-DD" as a reference time or fails the test.
func mustDay(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		tb.Fatalf("reference day %q: %v", s, err)
	}
	return t
}

type resolveCase struct {
	name, ref, text, want string
}

// runResolve checks that each text resolves to the EDTF want, and that the
// bounds are those Parse gives for want.
func runResolve(t *testing.T, tests []resolveCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Resolve(tt.text, mustDay(t, tt.ref))
			if err != nil {
				t.Fatalf("Resolve(%q, %s): %v", tt.text, tt.ref, err)
			}
			if want := mustParseT(t, tt.want); d != want {
				t.Errorf("Resolve(%q, %s) = %+v, want %+v", tt.text, tt.ref, d, want)
			}
		})
	}
}

func TestResolveKorean(t *testing.T) {
	runResolve(t, []resolveCase{
		// 2023-10-13 is a Friday; 2024-05-20 a Monday.
		{"지난 D일", "2023-10-13", "지난 9일", "2023-10-09"},
		{"D일", "2023-10-13", "9일", "2023-10-09"},
		{"D일 same day", "2023-10-13", "13일", "2023-10-13"},
		{"D일 after ref is last month", "2023-10-13", "지난 20일", "2023-09-20"},
		{"D일 with particle", "2023-10-13", "지난 9일에", "2023-10-09"},
		{"D일께", "2023-10-13", "지난 9일께", "2023-10-09~"},
		{"오는 D일", "2024-05-03", "오는 9일", "2024-05-09"},
		{"지난달", "2024-05-07", "지난달", "2024-04"},
		{"지난 달 spaced", "2024-05-07", "지난 달", "2024-04"},
		{"지난 달 26일", "2024-05-20", "지난 달 26일", "2024-04-26"},
		{"지난달 26일", "2024-05-20", "지난달 26일", "2024-04-26"},
		{"이번 달", "2024-05-20", "이번 달", "2024-05"},
		{"이달", "2024-05-20", "이달", "2024-05"},
		{"이달 초", "2024-05-20", "이달 초", "2024-05~"},
		{"다음 달", "2024-05-20", "다음 달", "2024-06"},
		{"지난해 10월", "2024-05-20", "지난해 10월", "2023-10"},
		{"지난 해 10월", "2024-05-20", "지난 해 10월", "2023-10"},
		{"작년 10월", "2024-05-20", "작년 10월", "2023-10"},
		{"작년 10월 9일", "2024-05-20", "작년 10월 9일", "2023-10-09"},
		{"올해 3월", "2024-05-20", "올해 3월", "2024-03"},
		{"올해 3월 초", "2024-05-20", "올해 3월 초", "2024-03~"},
		{"지난해", "2024-05-20", "지난해", "2023"},
		{"작년", "2024-05-20", "작년", "2023"},
		{"재작년", "2024-05-20", "재작년", "2022"},
		{"올해", "2024-05-20", "올해", "2024"},
		{"올해 초", "2024-05-20", "올해 초", "2024~"},
		{"지난해 말", "2024-05-20", "지난해 말", "2023~"},
		{"지난주", "2024-05-20", "지난주", "2024-05-13/2024-05-19"},
		{"지난 주", "2024-05-20", "지난 주", "2024-05-13/2024-05-19"},
		{"지난주 on a Sunday", "2024-05-19", "지난주", "2024-05-06/2024-05-12"},
		{"지난 주 목요일", "2024-05-20", "지난 주 목요일", "2024-05-16"},
		{"지난 주말", "2024-05-20", "지난 주말", "2024-05-18/2024-05-19"},
		{"이번 주", "2024-05-22", "이번 주", "2024-05-20/2024-05-26"},
		{"목요일", "2023-10-13", "목요일", "2023-10-12"},
		{"금요일 is today", "2023-10-13", "금요일", "2023-10-13"},
		{"지난 금요일", "2023-10-13", "지난 금요일", "2023-10-06"},
		{"어제", "2024-05-20", "어제", "2024-05-19"},
		{"그제", "2024-05-20", "그제", "2024-05-18"},
		{"그저께", "2024-05-20", "그저께", "2024-05-18"},
		{"오늘", "2024-05-20", "오늘", "2024-05-20"},
		{"내일", "2024-05-20", "내일", "2024-05-21"},
		{"M월 D일", "2024-05-20", "4월 26일", "2024-04-26"},
		{"M월 D일 without spaces", "2024-05-20", "4월26일", "2024-04-26"},
		{"M월 D일 a few days ahead", "2024-05-20", "5월 24일", "2024-05-24"},
		{"M월 D일 far ahead is last year", "2024-05-20", "11월 2일", "2023-11-02"},
		{"지난 M월 D일", "2024-05-20", "지난 4월 26일", "2024-04-26"},
		{"M월 D일경", "2024-05-20", "4월 26일경", "2024-04-26~"},
		{"M월 D일께", "2024-05-20", "4월 26일께", "2024-04-26~"},
		{"M월 D일쯤", "2024-05-20", "4월 26일쯤", "2024-04-26~"},
		{"M월 D일 무렵", "2024-05-20", "4월 26일 무렵", "2024-04-26~"},
		{"M월 D일 전후", "2024-05-20", "4월 26일 전후", "2024-04-26~"},
		{"YYYY년 M월 D일", "2024-05-20", "2023년 10월 9일", "2023-10-09"},
		{"YYYY년 M월 D일 compact", "2024-05-20", "2023년10월9일", "2023-10-09"},
		{"YYYY년 M월", "2024-05-20", "2023년 10월", "2023-10"},
		{"YYYY년", "2024-05-20", "2023년", "2023"},
		{"YYYY년도", "2024-05-20", "2023년도", "2023"},
		{"YYYY년 M월경", "2024-05-20", "2017년 7월경", "2017-07~"},
		{"M월", "2024-05-20", "4월", "2024-04"},
		{"M월 after ref is last year", "2024-05-20", "10월", "2023-10"},
		{"M월 this month", "2024-05-20", "5월", "2024-05"},
		{"지난 M월", "2024-05-20", "지난 4월", "2024-04"},
		{"지난 M월 same month is last year", "2024-05-20", "지난 5월", "2023-05"},
		{"M월 초순", "2024-05-20", "4월 초순", "2024-04-01/2024-04-10"},
		{"M월 상순", "2024-05-20", "4월 상순", "2024-04-01/2024-04-10"},
		{"M월 중순", "2024-05-20", "4월 중순", "2024-04-11/2024-04-20"},
		{"M월 하순", "2024-05-20", "4월 하순", "2024-04-21/2024-04-30"},
		{"2월 하순 leap", "2024-05-20", "2024년 2월 하순", "2024-02-21/2024-02-29"},
		{"M월 말", "2024-05-20", "4월 말", "2024-04~"},
		{"M월 말경", "2024-05-20", "4월 말경", "2024-04~"},
		{"YYYY년 말", "2024-05-20", "2023년 말", "2023~"},
		{"D일 전", "2024-05-20", "3일 전", "2024-05-17"},
		{"이틀 전", "2024-05-20", "이틀 전", "2024-05-18"},
		{"사흘 전", "2024-05-20", "사흘 전", "2024-05-17"},
		{"2주 전", "2024-05-20", "2주 전", "2024-05-06~"},
		{"한 달 전", "2024-05-20", "한 달 전", "2024-04~"},
		{"1년 전", "2024-05-20", "1년 전", "2023~"},
		{"dotted date", "2024-05-20", "2023. 10. 9.", "2023-10-09"},
		{"EDTF pass-through", "2024-05-20", "2023-10-09", "2023-10-09"},
		{"EDTF interval pass-through", "2024-05-20", "2023/2024", "2023/2024"},
	})
}

func TestResolveEnglish(t *testing.T) {
	runResolve(t, []resolveCase{
		{"on April 26", "2024-05-20", "on April 26", "2024-04-26"},
		{"April 26", "2024-05-20", "April 26", "2024-04-26"},
		{"april lower case", "2024-05-20", "april 26", "2024-04-26"},
		{"26 April", "2024-05-20", "26 April", "2024-04-26"},
		{"the 26th of April", "2024-05-20", "the 26th of April", "2024-04-26"},
		{"April 26th", "2024-05-20", "April 26th", "2024-04-26"},
		{"Apr. 26", "2024-05-20", "Apr. 26", "2024-04-26"},
		{"April 26, 2024", "2024-05-20", "April 26, 2024", "2024-04-26"},
		{"26 April 2024", "2024-05-20", "26 April 2024", "2024-04-26"},
		{"weekday and date", "2024-05-20", "Friday, April 26, 2024", "2024-04-26"},
		{"Sept 3, 2023", "2024-05-20", "Sept 3, 2023", "2023-09-03"},
		{"around April 26", "2024-05-20", "around April 26", "2024-04-26~"},
		{"about", "2024-05-20", "about April 26", "2024-04-26~"},
		{"approximately", "2024-05-20", "approximately April 26", "2024-04-26~"},
		{"circa", "2024-05-20", "circa April 26", "2024-04-26~"},
		{"c.", "2024-05-20", "c. April 26", "2024-04-26~"},
		{"ca.", "2024-05-20", "ca. 2023", "2023~"},
		{"on or about", "2024-05-20", "on or about April 26", "2024-04-26~"},
		{"roughly a month", "2024-05-20", "roughly October 2023", "2023-10~"},
		{"May 9", "2024-05-20", "May 9", "2024-05-09"},
		{"9 May", "2024-05-20", "9 May", "2024-05-09"},
		{"a few days ahead", "2024-05-20", "May 24", "2024-05-24"},
		{"more than a week ahead is last year", "2024-05-20", "May 28", "2023-05-28"},
		{"last month", "2024-05-20", "last month", "2024-04"},
		{"this month", "2024-05-20", "this month", "2024-05"},
		{"next month", "2024-05-20", "next month", "2024-06"},
		{"last year", "2024-05-20", "last year", "2023"},
		{"this year", "2024-05-20", "this year", "2024"},
		{"last week", "2024-05-20", "last week", "2024-05-13/2024-05-19"},
		{"last week on a Wednesday", "2024-05-22", "last week", "2024-05-13/2024-05-19"},
		{"last weekend", "2024-05-20", "last weekend", "2024-05-18/2024-05-19"},
		{"yesterday", "2024-05-20", "yesterday", "2024-05-19"},
		{"today", "2024-05-20", "today", "2024-05-20"},
		{"the day before yesterday", "2024-05-20", "the day before yesterday", "2024-05-18"},
		{"in October 2023", "2024-05-20", "in October 2023", "2023-10"},
		{"October 2023", "2024-05-20", "October 2023", "2023-10"},
		{"October, 2023", "2024-05-20", "October, 2023", "2023-10"},
		{"in October", "2024-05-20", "in October", "2023-10"},
		{"in May is this May", "2024-05-20", "in May", "2024-05"},
		{"October bare", "2024-05-20", "October", "2023-10"},
		{"last April", "2024-05-20", "last April", "2024-04"},
		{"last May is a year back", "2024-05-20", "last May", "2023-05"},
		{"early April", "2024-05-20", "early April", "2024-04~"},
		{"mid-April", "2024-05-20", "mid-April", "2024-04~"},
		{"mid April", "2024-05-20", "mid April", "2024-04~"},
		{"late April", "2024-05-20", "late April", "2024-04~"},
		{"the end of April", "2024-05-20", "at the end of April", "2024-04~"},
		{"late October 2023", "2024-05-20", "late October 2023", "2023-10~"},
		{"early 2024", "2024-05-20", "early 2024", "2024~"},
		{"late last year", "2024-05-20", "late last year", "2023~"},
		{"earlier this year", "2024-05-20", "earlier this year", "2024~"},
		{"in 2023", "2024-05-20", "in 2023", "2023"},
		{"on Thursday", "2024-05-20", "on Thursday", "2024-05-16"},
		{"Thursday", "2024-05-20", "Thursday", "2024-05-16"},
		{"Monday is today", "2024-05-20", "Monday", "2024-05-20"},
		{"last Monday", "2024-05-20", "last Monday", "2024-05-13"},
		{"next Monday", "2024-05-20", "next Monday", "2024-05-27"},
		{"the 13th", "2024-05-20", "the 13th", "2024-05-13"},
		{"on the 25th is last month", "2024-05-20", "on the 25th", "2024-04-25"},
		{"three days ago", "2024-05-20", "three days ago", "2024-05-17"},
		{"2 weeks ago", "2024-05-20", "2 weeks ago", "2024-05-06~"},
		{"a month ago", "2024-05-20", "a month ago", "2024-04~"},
		{"a year ago", "2024-05-20", "a year ago", "2023~"},
		{"trailing period", "2024-05-20", "  on April 26. ", "2024-04-26"},
		{"EDTF year", "2024-05-20", "2023", "2023"},
		{"EDTF day", "2024-05-20", "2023-10-09", "2023-10-09"},
		{"EDTF open interval", "2024-05-20", "2023-10-09/..", "2023-10-09/.."},
		{"ISO approximate", "2024-05-20", "around 2024-04", "2024-04~"},
	})
}

// TestResolveRollover covers year and month boundaries of the reference.
func TestResolveRollover(t *testing.T) {
	runResolve(t, []resolveCase{
		{"지난해 12월 in January", "2024-01-15", "지난해 12월", "2023-12"},
		{"12월 in January", "2024-01-15", "12월", "2023-12"},
		{"12월 30일 in January", "2024-01-03", "12월 30일", "2023-12-30"},
		{"December 30 in January", "2024-01-03", "December 30", "2023-12-30"},
		{"지난달 in January", "2024-01-15", "지난달", "2023-12"},
		{"last month in January", "2024-01-15", "last month", "2023-12"},
		{"last week across the year", "2024-01-03", "last week", "2023-12-25/2023-12-31"},
		{"yesterday on New Year", "2024-01-01", "yesterday", "2023-12-31"},
		{"지난 20일 in early January", "2024-01-03", "지난 20일", "2023-12-20"},
		{"1월 5일 just before New Year", "2023-12-30", "1월 5일", "2024-01-05"},
		{"오는 1월 5일", "2023-12-30", "오는 1월 5일", "2024-01-05"},
		{"다음 달 in December", "2023-12-30", "다음 달", "2024-01"},
		{"지난 30일 skips February", "2024-03-02", "지난 30일", "2024-01-30"},
		{"지난 31일 skips April", "2024-05-02", "지난 31일", "2024-03-31"},
		{"29일 in a leap February", "2024-03-01", "29일", "2024-02-29"},
		{"29일 skips a common February", "2023-03-01", "29일", "2023-01-29"},
		{"the 31st skips short months", "2024-07-15", "the 31st", "2024-05-31"},
		{"2월 29일 in a leap year", "2024-03-10", "2월 29일", "2024-02-29"},
		{"3 days ago across months", "2024-03-01", "3일 전", "2024-02-27"},
		{"a month ago in January", "2024-01-10", "a month ago", "2023-12~"},
	})
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name, ref, text string
		is              error
		msg             string
	}{
		{"unknown", "2024-05-20", "next blue moon", ErrUnrecognized,
			`date: "next blue moon" is not a date expression vigil understands`},
		{"empty", "2024-05-20", "", ErrUnrecognized, `date: "" is not a date expression`},
		{"trailing words", "2024-05-20", "April 26 at noon", ErrUnrecognized, ""},
		{"최근", "2024-05-20", "최근", ErrNoDate, `date: "최근" names no particular date`},
		{"요즘", "2024-05-20", "요즘", ErrNoDate, ""},
		{"며칠 전", "2024-05-20", "며칠 전", ErrNoDate, ""},
		{"recently", "2024-05-20", "recently", ErrNoDate, `date: "recently" names no particular date`},
		{"lately", "2024-05-20", "lately", ErrNoDate, ""},
		{"in recent weeks", "2024-05-20", "in recent weeks", ErrNoDate, ""},
		{"a few days ago", "2024-05-20", "a few days ago", ErrNoDate, ""},
		{"bad EDTF", "2024-05-20", "2024-13-01", ErrInvalid,
			`date: "2024-13-01" is not a valid EDTF date: month 13`},
		{"season", "2024-05-20", "2024-21", ErrInvalid, "seasons (21-24) are not supported"},
		{"2월 30일", "2024-05-20", "2월 30일", ErrInvalid, `date: "2월 30일" is not a valid date: February 2024 has no day 30`},
		{"2월 29일 in a common year", "2025-03-10", "2월 29일", ErrInvalid, "February 2025 has no day 29"},
		{"April 31", "2024-05-20", "April 31", ErrInvalid, "April 2024 has no day 31"},
		{"지난달 31일 in May", "2024-05-10", "지난달 31일", ErrInvalid, "April 2024 has no day 31"},
		{"13월", "2024-05-20", "13월", ErrInvalid, "month 13"},
		{"32일", "2024-05-20", "32일", ErrInvalid, "day 32"},
		{"2023년 2월 29일", "2024-05-20", "2023년 2월 29일", ErrInvalid, "February 2023 has no day 29"},
		{"year before 0000", "0000-05-01", "지난해", ErrInvalid, "before year 0000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Resolve(tt.text, mustDay(t, tt.ref))
			if err == nil {
				t.Fatalf("Resolve(%q) = %+v, want an error", tt.text, d)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("error %v does not match %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.msg)
			}
			if !d.IsZero() {
				t.Errorf("Date on error = %+v, want zero", d)
			}
		})
	}
}

func TestResolveWithoutReference(t *testing.T) {
	for _, text := range []string{"2023년 10월 9일", "April 26, 2024", "2023-10-09", "October 2023", "2023. 10. 9."} {
		t.Run(text, func(t *testing.T) {
			if _, err := Resolve(text, time.Time{}); err != nil {
				t.Errorf("Resolve(%q) with no reference: %v", text, err)
			}
		})
	}
	for _, text := range []string{"지난 9일", "last week", "April 26", "어제"} {
		t.Run(text, func(t *testing.T) {
			_, err := Resolve(text, time.Time{})
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Resolve(%q) with no reference: error %v, want ErrInvalid", text, err)
			}
		})
	}
}

// TestResolveReferenceLocation checks that the reference day is read in
// its own location, not in UTC.
func TestResolveReferenceLocation(t *testing.T) {
	seoul := time.FixedZone("KST", 9*3600)
	ref := time.Date(2023, 10, 13, 0, 30, 0, 0, seoul) // 2023-10-12 in UTC
	d, err := Resolve("어제", ref)
	if err != nil || d.EDTF != "2023-10-12" {
		t.Errorf("Resolve(어제) = %+v, %v; want 2023-10-12", d, err)
	}
}

// TestResolveJSON pins the bytes `vigil date "around April 26" --ref
// 2024-05-20` prints.
func TestResolveJSON(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"around April 26", "around April 26",
			`{"edtf":"2024-04-26~","earliest":"2024-04-26","latest":"2024-04-26"}`},
		{"지난해 10월", "지난해 10월", `{"edtf":"2023-10","earliest":"2023-10-01","latest":"2023-10-31"}`},
		{"open end", "2024/..", `{"edtf":"2024/..","earliest":"2024-01-01","latest":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Resolve(tt.text, mustDay(t, "2024-05-20"))
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("json.Marshal(Resolve(%q)) = %s, want %s", tt.text, b, tt.want)
			}
		})
	}
}

func TestRecognize(t *testing.T) {
	type found struct{ text, edtf string }
	tests := []struct {
		name, ref, text string
		want            []found
	}{
		{"korean sentence", "2023-10-13",
			"당국은 지난 9일께 국경 도시에서 송환을 시작했으며 지난해 10월에도 비슷한 일이 있었다.",
			[]found{{"지난 9일께", "2023-10-09~"}, {"지난해 10월", "2022-10"}}},
		{"suffix that starts a word is dropped", "2024-05-20",
			"9일 경찰에 따르면 지난달 중국 측이 통보했다.",
			[]found{{"9일", "2024-05-09"}, {"지난달", "2024-04"}}},
		{"durations are not dates", "2024-05-20", "3일간 조사를 받은 뒤 오늘날까지", nil},
		{"numbers are not days", "2024-05-20", "123일 후 200여 명", nil},
		{"english sentence", "2024-05-20",
			"Officials said about 40 people were sent back around April 26, and more were detained on May 6.",
			[]found{{"around April 26", "2024-04-26~"}, {"on May 6", "2024-05-06"}}},
		{"modal may and bare ordinals are skipped", "2024-05-20",
			"They may be held for the 2nd time in May, a source said recently.",
			[]found{{"in May", "2024-05"}, {"recently", ""}}},
		{"word containing a preposition", "2024-05-20", "He said that 3 days ago the group left.",
			[]found{{"3 days ago", "2024-05-17"}}},
		{"mixed", "2024-05-20", "2024-04-26 에 4월 하순경 경기도",
			[]found{{"2024-04-26", "2024-04-26"}, {"4월 하순경", "2024-04-21~/2024-04-30~"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := Recognize(tt.text, mustDay(t, tt.ref))
			var got []found
			for _, m := range ms {
				if tt.text[m.Start:m.End] != m.Text {
					t.Errorf("match %+v: offsets do not give its text", m)
				}
				if m.Err != nil && m.Date != (Date{}) {
					t.Errorf("match %+v has both a date and an error", m)
				}
				got = append(got, found{m.Text, m.Date.EDTF})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Recognize = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("match %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}
