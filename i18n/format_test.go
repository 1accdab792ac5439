package i18n

import "testing"

func TestMonthAbbrAndYear(t *testing.T) {
	cases := []struct {
		lang, month, abbr, year string
	}{
		{"en", "2024-04", "Apr", "2024"},
		{"ko", "2024-04", "4월", "2024년"},
		{"en", "2023-12", "Dec", "2023"},
		{"ko", "2023-12", "12월", "2023년"},
		{"en", "bad", "bad", "bad"},
	}
	for _, c := range cases {
		t.Run(c.lang+" "+c.month, func(t *testing.T) {
			if got := MonthAbbr(c.lang, c.month); got != c.abbr {
				t.Errorf("MonthAbbr = %q, want %q", got, c.abbr)
			}
			if got := Year(c.lang, c.month); got != c.year {
				t.Errorf("Year = %q, want %q", got, c.year)
			}
		})
	}
}
