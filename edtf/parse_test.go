package edtf

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// mustParseT parses s or fails the test.
func mustParseT(tb testing.TB, s string) Date {
	tb.Helper()
	d, err := Parse(s)
	if err != nil {
		tb.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in            string
		edtf, early, late   string
		prec                Precision
		approx, uncert, ivl bool
	}{
		{"day", "2024-04-26", "2024-04-26", "2024-04-26", "2024-04-26", PrecisionDay, false, false, false},
		{"month", "2024-04", "2024-04", "2024-04-01", "2024-04-30", PrecisionMonth, false, false, false},
		{"year", "2024", "2024", "2024-01-01", "2024-12-31", PrecisionYear, false, false, false},
		{"february leap", "2024-02", "2024-02", "2024-02-01", "2024-02-29", PrecisionMonth, false, false, false},
		{"february common", "2023-02", "2023-02", "2023-02-01", "2023-02-28", PrecisionMonth, false, false, false},
		{"february 1900 not leap", "1900-02", "1900-02", "1900-02-01", "1900-02-28", PrecisionMonth, false, false, false},
		{"february 2000 leap", "2000-02-29", "2000-02-29", "2000-02-29", "2000-02-29", PrecisionDay, false, false, false},
		{"leap day", "2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29", PrecisionDay, false, false, false},
		{"approximate day keeps bounds", "2024-04-26~", "2024-04-26~", "2024-04-26", "2024-04-26", PrecisionDay, true, false, false},
		{"uncertain day", "2024-04-26?", "2024-04-26?", "2024-04-26", "2024-04-26", PrecisionDay, false, true, false},
		{"approximate and uncertain", "2024-04-26%", "2024-04-26%", "2024-04-26", "2024-04-26", PrecisionDay, true, true, false},
		{"approximate month", "2024-04~", "2024-04~", "2024-04-01", "2024-04-30", PrecisionMonth, true, false, false},
		{"uncertain year", "2024?", "2024?", "2024-01-01", "2024-12-31", PrecisionYear, false, true, false},
		{"unspecified day", "2024-04-XX", "2024-04-XX", "2024-04-01", "2024-04-30", PrecisionMonth, false, false, false},
		{"unspecified month and day", "2024-XX-XX", "2024-XX-XX", "2024-01-01", "2024-12-31", PrecisionYear, false, false, false},
		{"unspecified month", "2024-XX", "2024-XX", "2024-01-01", "2024-12-31", PrecisionYear, false, false, false},
		{"lower-case x", "2024-04-xx", "2024-04-XX", "2024-04-01", "2024-04-30", PrecisionMonth, false, false, false},
		{"unspecified february day", "2023-02-XX", "2023-02-XX", "2023-02-01", "2023-02-28", PrecisionMonth, false, false, false},
		{"decade", "202X", "202X", "2020-01-01", "2029-12-31", PrecisionDecade, false, false, false},
		{"century", "20XX", "20XX", "2000-01-01", "2099-12-31", PrecisionCentury, false, false, false},
		{"approximate decade", "199X~", "199X~", "1990-01-01", "1999-12-31", PrecisionDecade, true, false, false},
		{"unspecified with qualifier", "2024-04-XX?", "2024-04-XX?", "2024-04-01", "2024-04-30", PrecisionMonth, false, true, false},
		{"year zero", "0000", "0000", "0000-01-01", "0000-12-31", PrecisionYear, false, false, false},
		{"year 9999", "9999-12-31", "9999-12-31", "9999-12-31", "9999-12-31", PrecisionDay, false, false, false},
		{"trimmed", "  2024-04-26\t", "2024-04-26", "2024-04-26", "2024-04-26", PrecisionDay, false, false, false},
		{"space before qualifier", "2024-04-26 ~", "2024-04-26~", "2024-04-26", "2024-04-26", PrecisionDay, true, false, false},
		{"interval days", "2023-10-09/2024-05-06", "2023-10-09/2024-05-06", "2023-10-09", "2024-05-06", PrecisionInterval, false, false, true},
		{"interval years", "2023/2024", "2023/2024", "2023-01-01", "2024-12-31", PrecisionInterval, false, false, true},
		{"interval same year", "2024/2024", "2024/2024", "2024-01-01", "2024-12-31", PrecisionInterval, false, false, true},
		{"interval qualified ends", "2024-04~/2024-05", "2024-04~/2024-05", "2024-04-01", "2024-05-31", PrecisionInterval, true, false, true},
		{"interval uncertain end", "2024-04-26/2024-05-06?", "2024-04-26/2024-05-06?", "2024-04-26", "2024-05-06", PrecisionInterval, false, true, true},
		{"interval mixed precision", "2024-04-20/2024-04", "2024-04-20/2024-04", "2024-04-20", "2024-04-30", PrecisionInterval, false, false, true},
		{"interval month then day in it", "2024-04/2024-04-15", "2024-04/2024-04-15", "2024-04-01", "2024-04-15", PrecisionInterval, false, false, true},
		{"interval spaces", " 2023 / 2024 ", "2023/2024", "2023-01-01", "2024-12-31", PrecisionInterval, false, false, true},
		{"open end", "2023-10-09/..", "2023-10-09/..", "2023-10-09", "", PrecisionInterval, false, false, true},
		{"open start", "../2024-05-06", "../2024-05-06", "", "2024-05-06", PrecisionInterval, false, false, true},
		{"unknown end", "2023-10-09/", "2023-10-09/", "2023-10-09", "", PrecisionInterval, false, false, true},
		{"unknown start", "/2024-05-06", "/2024-05-06", "", "2024-05-06", PrecisionInterval, false, false, true},
		{"open end year", "2024/..", "2024/..", "2024-01-01", "", PrecisionInterval, false, false, true},
		{"unknown end approximate start", "2017-07~/", "2017-07~/", "2017-07-01", "", PrecisionInterval, true, false, true},
		{"open start unknown-digit end", "../202X", "../202X", "", "2029-12-31", PrecisionInterval, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			want := Date{tt.edtf, tt.early, tt.late}
			if d != want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, d, want)
			}
			if got := d.Precision(); got != tt.prec {
				t.Errorf("Precision = %v, want %v", got, tt.prec)
			}
			if d.Approximate() != tt.approx || d.Uncertain() != tt.uncert || d.IsInterval() != tt.ivl {
				t.Errorf("Approximate, Uncertain, IsInterval = %v, %v, %v; want %v, %v, %v",
					d.Approximate(), d.Uncertain(), d.IsInterval(), tt.approx, tt.uncert, tt.ivl)
			}
			if d.String() != tt.edtf {
				t.Errorf("String = %q, want %q", d.String(), tt.edtf)
			}
			if again := mustParseT(t, d.String()); again != d {
				t.Errorf("re-parse = %+v, want %+v", again, d)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct{ name, in, reason string }{
		{"empty", "", "empty"},
		{"spaces only", "   ", "empty"},
		{"month 13", "2024-13-01", "month 13"},
		{"month 00", "2024-00", "month 00"},
		{"day 00", "2024-04-00", "day 00"},
		{"day 32", "2024-01-32", "day 32"},
		{"not a leap year", "2023-02-29", "February 2023 has no day 29"},
		{"1900 not a leap year", "1900-02-29", "February 1900 has no day 29"},
		{"april 31", "2024-04-31", "April 2024 has no day 31"},
		{"spring", "2024-21", "seasons (21-24) are not supported"},
		{"winter", "2024-24", "seasons (21-24) are not supported"},
		{"level 2 grouping", "2024-33", "level 2 sub-year grouping"},
		{"month 25 in a day", "2024-25-01", "level 2 sub-year grouping"},
		{"two-digit year", "24-04-26", `year "24" is not four digits`},
		{"five-digit year", "20240-04", `year "20240" is not four digits`},
		{"one-digit month", "2024-4-26", `month "4" is not two digits or XX`},
		{"one-digit day", "2024-04-6", `day "6" is not two digits or XX`},
		{"too many parts", "2024-04-26-01", "too many parts"},
		{"interval reversed", "2024-05-06/2023-10-09", "the interval starts (2024-05-06) after it ends (2023-10-09)"},
		{"interval reversed months", "2024-05/2024-04-30", "starts (2024-05) after it ends"},
		{"two slashes", "2023/2024/2025", "exactly one /"},
		{"interval with no dates", "../..", "at least one date"},
		{"slash only", "/", "at least one date"},
		{"open and unknown", "../", "at least one date"},
		{"bad interval end", "2023-10-09/2024-13", "month 13"},
		{"two qualifiers", "2024-04-26?~", "write % for approximate and uncertain"},
		{"same qualifier twice", "2024~~", "more than one qualifier"},
		{"component qualifier", "2024?-04-26", "level 2"},
		{"qualifier alone", "~", "a qualifier needs a date"},
		{"negative year", "-2024", "negative years"},
		{"long year", "Y170000002", "beyond four digits"},
		{"time of day", "2024-04-26T10:00:00", "times of day"},
		{"set", "[2023,2024]", "sets and lists"},
		{"year X not rightmost", "2X24", "only the rightmost digits may be X"},
		{"three unspecified year digits", "2XXX", "at most two digits may be unspecified"},
		{"all unspecified", "XXXX", "at most two digits may be unspecified"},
		{"unspecified year with month", "202X-04", "cannot have a month or day"},
		{"partly unspecified month", "2024-1X", `month "1X"`},
		{"day after unspecified month", "2024-XX-05", "a day cannot follow an unspecified month"},
		{"partly unspecified day", "2024-04-2X", `day "2X"`},
		{"words", "April 2024", "not four digits"},
		{"inner space", "2024 -04", "not four digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.in, d)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v does not match ErrInvalid", err)
			}
			var e *Error
			if !errors.As(err, &e) || e.Input != tt.in {
				t.Errorf("error %#v does not carry the input %q", err, tt.in)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q does not contain %q", err, tt.reason)
			}
			if !d.IsZero() {
				t.Errorf("Date on error = %+v, want zero", d)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := Parse("2024-13-01")
	want := `date: "2024-13-01" is not a valid EDTF date: month 13`
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %s", err, want)
	}
	_, err = Parse(strings.Repeat("9", 500))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("long input: error %q should quote a shortened input", err)
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParse did not panic on an invalid date")
		}
	}()
	MustParse("2023-02-29")
}

func TestStartEnd(t *testing.T) {
	tests := []struct{ name, in, start, end string }{
		{"single", "2024-04~", "2024-04~", "2024-04~"},
		{"closed", "2023-10-09/2024-05~", "2023-10-09", "2024-05~"},
		{"open end", "2023-10-09/..", "2023-10-09", ""},
		{"unknown start", "/2024", "", "2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := MustParse(tt.in)
			if got := d.Start().EDTF; got != tt.start {
				t.Errorf("Start = %q, want %q", got, tt.start)
			}
			if got := d.End().EDTF; got != tt.end {
				t.Errorf("End = %q, want %q", got, tt.end)
			}
		})
	}
	if !(Date{}).Start().IsZero() || (Date{EDTF: "nonsense"}).Precision() != PrecisionNone {
		t.Error("a Date without valid EDTF should report zero values")
	}
}

func TestContains(t *testing.T) {
	tests := []struct {
		name, date, day string
		want            bool
	}{
		{"inside month", "2024-04", "2024-04-30", true},
		{"after month", "2024-04", "2024-05-01", false},
		{"approximate does not widen", "2024-04-26~", "2024-04-27", false},
		{"open end", "2023-10-09/..", "2030-01-01", true},
		{"before open end start", "2023-10-09/..", "2023-10-08", false},
		{"unknown start", "/2024-05-06", "1990-01-01", true},
		{"not a day", "2024", "2024-04", false},
		{"invalid day", "2024", "2024-02-30", false},
		{"zero date", "", "2024-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Date
			if tt.date != "" {
				d = MustParse(tt.date)
			}
			if got := d.Contains(tt.day); got != tt.want {
				t.Errorf("%q.Contains(%q) = %v, want %v", tt.date, tt.day, got, tt.want)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		name, a, b string
		want       bool
	}{
		{"day in month", "2024-04-26", "2024-04", true},
		{"adjacent months", "2024-04", "2024-05", false},
		{"interval and day", "2023-10-09/2024-05-06", "2024-04-26~", true},
		{"open ends", "2023/..", "../2023-01-01", true},
		{"open end after", "2024/..", "2023", false},
		{"years apart", "2023", "2024-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := MustParse(tt.a), MustParse(tt.b)
			if got := a.Overlaps(b); got != tt.want {
				t.Errorf("%q.Overlaps(%q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := b.Overlaps(a); got != tt.want {
				t.Errorf("%q.Overlaps(%q) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
	if MustParse("2024").Overlaps(Date{}) {
		t.Error("a zero Date overlaps nothing")
	}
}

func TestJSON(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"day", "2024-04-26~", `{"edtf":"2024-04-26~","earliest":"2024-04-26","latest":"2024-04-26"}`},
		{"open end is null", "2023-10-09/..", `{"edtf":"2023-10-09/..","earliest":"2023-10-09","latest":null}`},
		{"unknown start is null", "/2024-05-06", `{"edtf":"/2024-05-06","earliest":null,"latest":"2024-05-06"}`},
		{"zero", "", `{"edtf":"","earliest":null,"latest":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Date
			if tt.in != "" {
				d = MustParse(tt.in)
			}
			b, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("Marshal = %s, want %s", b, tt.want)
			}
			var back Date
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("Unmarshal(%s): %v", b, err)
			}
			if back != d {
				t.Errorf("round trip = %+v, want %+v", back, d)
			}
			// Through a pointer and inside a struct, too.
			b2, err := json.Marshal(struct{ D *Date }{&d})
			if err != nil || !strings.Contains(string(b2), tt.want) {
				t.Errorf("Marshal via pointer = %s, %v", b2, err)
			}
		})
	}
}

func TestUnmarshalJSONInvalid(t *testing.T) {
	tests := []struct{ name, in string }{
		{"bad edtf", `{"edtf":"2024-13"}`},
		{"wrong earliest", `{"edtf":"2024-04","earliest":"2024-04-02","latest":null}`},
		{"wrong latest", `{"edtf":"2024-04","latest":"2024-04-29"}`},
		{"bounds without edtf", `{"edtf":"","earliest":"2024-01-01"}`},
		{"not an object", `"2024"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d Date
			if err := json.Unmarshal([]byte(tt.in), &d); err == nil {
				t.Errorf("Unmarshal(%s) = %+v, want an error", tt.in, d)
			}
		})
	}
	var d Date
	if err := json.Unmarshal([]byte(`{"edtf":"2024-04"}`), &d); err != nil || d.Latest != "2024-04-30" {
		t.Errorf("missing bounds should be derived: %+v, %v", d, err)
	}
}

func TestPrecisionString(t *testing.T) {
	for p, want := range map[Precision]string{PrecisionNone: "none", PrecisionDay: "day",
		PrecisionMonth: "month", PrecisionYear: "year", PrecisionDecade: "decade",
		PrecisionCentury: "century", PrecisionInterval: "interval"} {
		if p.String() != want {
			t.Errorf("%d.String() = %q, want %q", p, p.String(), want)
		}
	}
}
