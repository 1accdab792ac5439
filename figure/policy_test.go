package figure

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// MustInterval derives f's interval under p or fails the test.
func MustInterval(tb testing.TB, p Policy, f Figure) Interval {
	tb.Helper()
	iv, err := p.Interval(f)
	if err != nil {
		tb.Fatalf("Interval(%s): %v", show(f), err)
	}
	return iv
}

func showInterval(iv Interval) string {
	return "(" + showInt(iv.Low) + ", " + showInt(&iv.Best) + ", " + showInt(iv.High) + ")"
}

func sameInterval(a, b Interval) bool {
	eq := func(x, y *int) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(a.Low, b.Low) && a.Best == b.Best && eq(a.High, b.High)
}

func iv(low *int, best int, high *int) Interval { return Interval{Low: low, Best: best, High: high} }

func TestDefaultPolicyInterval(t *testing.T) {
	tests := []struct {
		name string
		f    Figure
		want Interval
	}{
		{"exact", one(Exact, 15), iv(ptr(15), 15, ptr(15))},
		{"exact zero", one(Exact, 0), iv(ptr(0), 0, ptr(0))},
		{"approx 600", one(Approx, 600), iv(ptr(540), 600, ptr(660))},
		{"approx 200", one(Approx, 200), iv(ptr(180), 200, ptr(220))},
		{"approx 90", one(Approx, 90), iv(ptr(81), 90, ptr(99))},
		{"approx floors and ceils", one(Approx, 15), iv(ptr(13), 15, ptr(17))},
		{"approx 1", one(Approx, 1), iv(ptr(0), 1, ptr(2))},
		{"approx max", one(Approx, MaxValue), iv(ptr(90_000_000), MaxValue, ptr(110_000_000))},
		{"approx_over 200", one(ApproxOver, 200), iv(ptr(200), 200, ptr(220))},
		{"approx_over 10", one(ApproxOver, 10), iv(ptr(10), 10, ptr(11))},
		{"approx_over 15", one(ApproxOver, 15), iv(ptr(15), 15, ptr(17))},
		{"more_than", one(MoreThan, 60), iv(ptr(61), 61, nil)},
		{"at_least", one(AtLeast, 406), iv(ptr(406), 406, nil)},
		{"at_most", one(AtMost, 200), iv(nil, 200, ptr(200))},
		{"range", rng(50, 60), iv(ptr(50), 55, ptr(60))},
		{"range odd sum floors", rng(50, 61), iv(ptr(50), 55, ptr(61))},
		{"range equal", rng(7, 7), iv(ptr(7), 7, ptr(7))},
		{"vague 10", one(Vague, 10), iv(ptr(20), 30, ptr(99))},
		{"vague 100", one(Vague, 100), iv(ptr(200), 300, ptr(999))},
		{"vague 1000", one(Vague, 1000), iv(ptr(2000), 3000, ptr(9999))},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustInterval(t, p, tt.f)
			if !sameInterval(got, tt.want) {
				t.Errorf("Interval(%s) = %s, want %s", show(tt.f), showInterval(got), showInterval(tt.want))
			}
		})
	}
}

// TestDefaultPolicySeedTotals checks the worked example of DOMAIN.md §4:
// the three repatriations of Oct 2023 – May 2024 total 770/855/940.
func TestDefaultPolicySeedTotals(t *testing.T) {
	p := DefaultPolicy()
	low, best, high := 0, 0, 0
	for _, text := range []string{"some 600", "about 200", "50-60"} {
		v := MustInterval(t, p, MustParse(t, text))
		low, best, high = low+*v.Low, best+v.Best, high+*v.High
	}
	if low != 770 || best != 855 || high != 940 {
		t.Errorf("totals = %d/%d/%d, want 770/855/940", low, best, high)
	}
	v := MustInterval(t, p, MustParse(t, "more than 60"))
	if v.Best != 61 || v.High != nil {
		t.Errorf("more than 60 = %s, want best 61, high unbounded", showInterval(v))
	}
}

func TestPolicyConfigured(t *testing.T) {
	p := DefaultPolicy()
	p.ApproxLowPct, p.ApproxHighPct, p.ApproxOverHighPct = 80, 125, 150
	p.Vague[1] = VagueBand{Unit: 100, Low: 100, Best: 250, High: 900}
	tests := []struct {
		name string
		f    Figure
		want Interval
	}{
		{"approx", one(Approx, 201), iv(ptr(160), 201, ptr(252))},
		{"approx_over", one(ApproxOver, 201), iv(ptr(201), 201, ptr(302))},
		{"vague", one(Vague, 100), iv(ptr(100), 250, ptr(900))},
		{"exact unaffected", one(Exact, 201), iv(ptr(201), 201, ptr(201))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MustInterval(t, p, tt.f)
			if !sameInterval(got, tt.want) {
				t.Errorf("Interval(%s) = %s, want %s", show(tt.f), showInterval(got), showInterval(tt.want))
			}
		})
	}
	if d := DefaultPolicy(); d.Vague[1].Low != 200 {
		t.Errorf("DefaultPolicy shares its vague table: unit 100 low = %d", d.Vague[1].Low)
	}
}

func TestPolicyIntervalRejects(t *testing.T) {
	tests := []struct {
		name  string
		p     Policy
		f     Figure
		field string
	}{
		{"invalid figure", DefaultPolicy(), Figure{Qualifier: Approx}, "value"},
		{"zero policy", Policy{}, one(Exact, 3), "policy.approx_high_pct"},
		{"unknown qualifier", DefaultPolicy(), Figure{Qualifier: "lots", Value: ptr(3)}, "qualifier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Interval(tt.f)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("Interval error = %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestDefaultPolicyJSON(t *testing.T) {
	b, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	want := `{"approx_low_pct":90,"approx_high_pct":110,"approx_over_high_pct":110,"vague":[` +
		`{"unit":10,"low":20,"best":30,"high":99},{"unit":100,"low":200,"best":300,"high":999},` +
		`{"unit":1000,"low":2000,"best":3000,"high":9999}]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
	p, err := LoadPolicy(b)
	if err != nil {
		t.Fatalf("LoadPolicy(default JSON): %v", err)
	}
	if b2, _ := json.Marshal(p); string(b2) != want {
		t.Errorf("round trip\n got %s\nwant %s", b2, want)
	}
}

func TestLoadPolicy(t *testing.T) {
	t.Run("partial keeps defaults", func(t *testing.T) {
		p, err := LoadPolicy([]byte(`{"approx_low_pct": 85}`))
		if err != nil {
			t.Fatal(err)
		}
		if p.ApproxLowPct != 85 || p.ApproxHighPct != 110 || len(p.Vague) != 3 {
			t.Errorf("got %+v", p)
		}
	})
	t.Run("vague replaces table", func(t *testing.T) {
		p, err := LoadPolicy([]byte(`{"vague":[{"unit":1000,"low":1000,"best":2000,"high":9999},
			{"unit":10,"low":10,"best":20,"high":99},{"unit":100,"low":100,"best":200,"high":999}]}`))
		if err != nil {
			t.Fatal(err)
		}
		got := MustInterval(t, p, one(Vague, 10))
		if !sameInterval(got, iv(ptr(10), 20, ptr(99))) {
			t.Errorf("vague 10 = %s", showInterval(got))
		}
	})
	tests := []struct {
		name  string
		json  string
		field string // "" for a decoding error
	}{
		{"low pct above 100", `{"approx_low_pct":120}`, "policy.approx_low_pct"},
		{"low pct negative", `{"approx_low_pct":-1}`, "policy.approx_low_pct"},
		{"high pct below 100", `{"approx_high_pct":95}`, "policy.approx_high_pct"},
		{"over pct too big", `{"approx_over_high_pct":5000}`, "policy.approx_over_high_pct"},
		{"vague unit unknown", `{"vague":[{"unit":10,"low":20,"best":30,"high":99},{"unit":50,"low":1,"best":2,"high":3}]}`, "policy.vague[1].unit"},
		{"vague unit twice", `{"vague":[{"unit":10,"low":20,"best":30,"high":99},{"unit":10,"low":20,"best":30,"high":99}]}`, "policy.vague[1].unit"},
		{"vague best below low", `{"vague":[{"unit":10,"low":20,"best":10,"high":99}]}`, "policy.vague[0].best"},
		{"vague high below best", `{"vague":[{"unit":10,"low":20,"best":30,"high":25}]}`, "policy.vague[0].high"},
		{"vague low negative", `{"vague":[{"unit":10,"low":-1,"best":30,"high":99}]}`, "policy.vague[0].low"},
		{"vague unit missing", `{"vague":[{"unit":10,"low":20,"best":30,"high":99},{"unit":100,"low":200,"best":300,"high":999}]}`, "policy.vague"},
		{"vague empty", `{"vague":[]}`, "policy.vague"},
		{"unknown field", `{"approx_low":90}`, ""},
		{"wrong type", `{"approx_low_pct":"90"}`, ""},
		{"not json", `approx`, ""},
		{"trailing data", `{} {}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPolicy([]byte(tt.json))
			if err == nil {
				t.Fatalf("LoadPolicy(%s) succeeded", tt.json)
			}
			if !strings.HasPrefix(err.Error(), "figure: policy") {
				t.Errorf("error %q does not start with \"figure: policy\"", err)
			}
			var fe *FieldError
			isField := errors.As(err, &fe)
			if tt.field == "" {
				if isField {
					t.Errorf("error %v is a field error, want a decoding error", err)
				}
				return
			}
			if !isField || fe.Field != tt.field {
				t.Errorf("error %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestFigureValidate(t *testing.T) {
	tests := []struct {
		name  string
		f     Figure
		field string // "" when valid
	}{
		{"exact", one(Exact, 15), ""},
		{"range", rng(50, 60), ""},
		{"vague", one(Vague, 100), ""},
		{"no text is fine", Figure{Qualifier: AtLeast, Value: ptr(3)}, ""},
		{"missing qualifier", Figure{Text: "15", Value: ptr(15)}, "qualifier"},
		{"unknown qualifier", Figure{Qualifier: "about", Value: ptr(15)}, "qualifier"},
		{"single without value", Figure{Qualifier: MoreThan}, "value"},
		{"single with low", Figure{Qualifier: Exact, Value: ptr(1), Low: ptr(1)}, "low"},
		{"single with high", Figure{Qualifier: AtMost, Value: ptr(1), High: ptr(1)}, "high"},
		{"negative value", one(Exact, -1), "value"},
		{"value too large", one(Approx, MaxValue+1), "value"},
		{"range with value", Figure{Qualifier: Range, Value: ptr(1), Low: ptr(1), High: ptr(2)}, "value"},
		{"range without low", Figure{Qualifier: Range, High: ptr(2)}, "low"},
		{"range without high", Figure{Qualifier: Range, Low: ptr(2)}, "high"},
		{"range reversed", rng(60, 50), "low"},
		{"range negative", rng(-5, 5), "low"},
		{"range too large", rng(5, MaxValue+1), "high"},
		{"vague bad unit", one(Vague, 20), "value"},
		{"vague with low", Figure{Qualifier: Vague, Value: ptr(10), Low: ptr(1)}, "low"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if tt.field == "" {
				if err != nil {
					t.Errorf("Validate(%s): %v", show(tt.f), err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Validate(%s) = %v, want field %s", show(tt.f), err, tt.field)
			}
			if want := "figure: " + tt.field + ": "; !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want prefix %q", err, want)
			}
		})
	}
}

func TestFigureJSONRoundTrip(t *testing.T) {
	for _, text := range []string{"50-60", "200여 명", "수십 명", "at least 406"} {
		t.Run(text, func(t *testing.T) {
			f := MustParse(t, text)
			b, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			var g Figure
			if err := json.Unmarshal(b, &g); err != nil {
				t.Fatal(err)
			}
			if g.Text != f.Text || !sameNumbers(f, g) {
				t.Errorf("round trip %s → %s", show(f), show(g))
			}
			if err := g.Validate(); err != nil {
				t.Errorf("Validate after round trip: %v", err)
			}
		})
	}
}
