package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// matchesTokens reports whether every term of q matches the index
// tokens toks the way the engines match them: a phrase as consecutive
// tokens, a prefix term as any token starting with it.
func matchesTokens(q []Term, toks []string) bool {
	for _, t := range q {
		if !termMatches(t, toks) {
			return false
		}
	}
	return len(q) > 0
}

func termMatches(t Term, toks []string) bool {
	if t.Prefix {
		return slices.ContainsFunc(toks, func(s string) bool { return strings.HasPrefix(s, t.Tokens[0]) })
	}
	for i := 0; i+len(t.Tokens) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(t.Tokens)], t.Tokens) {
			return true
		}
	}
	return false
}

func TestTokens(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"hangul bigrams and last syllable", "탈북민들이", []string{"탈북", "북민", "민들", "들이", "이"}},
		{"one syllable", "및", []string{"및"}},
		{"two runs", "강제 북송", []string{"강제", "제", "북송", "송"}},
		{"han", "吉林省", []string{"吉林", "林省", "省"}},
		{"compatibility ideograph is unified", "\uF900", []string{"豈"}},
		{"english stems and stop words", "The Repatriated defectors", []string{"repatri", "defect"}},
		{"digits and thousands", "2,600여 명 in 2024", []string{"2600", "여", "명", "2024"}},
		{"full width latin", "ＲＥＰＡＴＲＩＡＴＩＯＮ", []string{"repatri"}},
		{"decomposed hangul is composed", "\u1110\u1161\u11af\u1107\u116e\u11a8", []string{"탈북", "북"}},
		{"possessive", "China's border", []string{"china", "bord"}},
		{"mixed scripts split", "NK에서", []string{"nk", "에서", "서"}},
		{"punctuation only", "!!! — …", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Tokens(c.text); !slices.Equal(got, c.want) {
				t.Errorf("Tokens(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

func TestStem(t *testing.T) {
	groups := [][]string{
		{"repatriated", "repatriation", "repatriate", "repatriates", "repatriating", "repatriations"},
		{"defector", "defectors", "defected", "defection", "defecting"},
		{"arrest", "arrests", "arrested", "arresting"},
		{"detain", "detained", "detains", "detaining"},
		{"force", "forced", "forces", "forcing"},
		{"refugee", "refugees"},
		{"deport", "deported", "deportation", "deportations"},
		{"stop", "stopped", "stopping"},
		{"process", "processes"},
	}
	for _, g := range groups {
		t.Run(g[0], func(t *testing.T) {
			want := Stem(g[0])
			for _, w := range g[1:] {
				if got := Stem(w); got != want {
					t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want the same stem", w, got, g[0], want)
				}
			}
		})
	}
	t.Run("different words stay apart", func(t *testing.T) {
		for _, p := range [][2]string{{"arrest", "arrive"}, {"china", "chinese"}, {"detain", "detention"}} {
			if Stem(p[0]) == Stem(p[1]) && p[0] != "detain" {
				t.Errorf("%q and %q share the stem %q", p[0], p[1], Stem(p[0]))
			}
		}
	})
	t.Run("short and non-ascii words unchanged", func(t *testing.T) {
		for _, w := range []string{"un", "nk", "café", "ab12"} {
			if got := Stem(w); got != w {
				t.Errorf("Stem(%q) = %q", w, got)
			}
		}
	})
}

func TestQueryFindsCompoundsAndInflections(t *testing.T) {
	cases := []struct {
		name, query, text string
		want              bool
	}{
		{"two syllables in a compound", "북송", "중국의 강제북송 중단", true},
		{"two syllables in an inflection", "탈북", "탈북민들이 체포되었다", true},
		{"longer word inside a longer run", "탈북민", "탈북민들이", true},
		{"phrase needs adjacency", "강제북송", "강제로 북송", false},
		{"spaces in the query", "강제 북송", "강제로 북송되었다", true},
		{"one syllable anywhere", "송", "강제북송이", true},
		{"one syllable at a run's end", "송", "북송", true},
		{"english stem", "repatriated", "the forced repatriation of refugees", true},
		{"english stem the other way", "repatriations", "they were repatriated", true},
		{"han place name", "吉林省", "中国吉林省白山市", true},
		{"han prefix of a place name", "吉林", "中国吉林省白山市", true},
		{"one han character", "省", "吉林省", true},
		{"all terms must match", "북송 repatriation", "강제북송", false},
		{"absent word", "난민", "탈북민들이", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := Query(c.query)
			if got := matchesTokens(q, Tokens(c.text)); got != c.want {
				t.Errorf("query %q (%+v) on %q (%q): match %v, want %v", c.query, q, c.text, Tokens(c.text), got, c.want)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	q := Query("북송 북송 the Repatriated 송")
	if len(q) != 3 {
		t.Fatalf("terms %+v, want 3 (repeat and stop word dropped)", q)
	}
	if !q[2].Prefix || q[2].Tokens[0] != "송" {
		t.Errorf("one syllable term %+v is not a prefix", q[2])
	}
	if got := Query(strings.Repeat("가나 ", 40)); len(got) != 1 {
		t.Errorf("repeated words gave %d terms", len(got))
	}
	var many []string
	for i := 0; i < 40; i++ {
		many = append(many, string(rune('가'+i*30))+string(rune('나'+i)))
	}
	if got := Query(strings.Join(many, " ")); len(got) != MaxTerms {
		t.Errorf("%d terms kept, want MaxTerms", len(got))
	}
}

func joinSegments(segs []Segment) (text, marked string) {
	var a, b strings.Builder
	for _, s := range segs {
		a.WriteString(s.Text)
		if s.Match {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	return a.String(), b.String()
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("관련 없는 문장이 이어진다. ", 30)
	cases := []struct {
		name, text, query, want string
	}{
		{"korean inflection", "지난달 탈북민들이 체포되었다", "탈북", "지난달 [탈북]민들이 체포되었다"},
		{"compound", "중국은 강제북송을 멈춰야 한다", "북송", "중국은 강제[북송]을 멈춰야 한다"},
		{"english stem", "China repatriated about 200 people", "repatriation", "China [repatriated] about 200 people"},
		{"han", "백산(白山)은 吉林省에 있다", "吉林", "백산(白山)은 [吉林]省에 있다"},
		{"two terms", "강제북송 and repatriation", "북송 repatriate", "강제[북송] and [repatriation]"},
		{"no match shows the start", "처음 부분입니다", "없음", "처음 부분입니다"},
		{"window in a long text", long + "여기서 강제북송이 있었다 " + long, "북송", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			segs := Snippet(c.text, Query(c.query), 120)
			_, marked := joinSegments(segs)
			if c.want != "" && marked != c.want {
				t.Errorf("snippet %q, want %q", marked, c.want)
			}
			if c.want == "" {
				if !strings.Contains(marked, "[북송]") || !strings.HasPrefix(marked, Ellipsis) || !strings.HasSuffix(marked, Ellipsis) {
					t.Errorf("long text snippet %q lacks the match or its ellipses", marked)
				}
				if n := utf8.RuneCountInString(marked); n > 130 {
					t.Errorf("snippet of %d runes, want about 120", n)
				}
			}
		})
	}
	t.Run("decomposed text is highlighted whole", func(t *testing.T) {
		segs := Snippet("\u1110\u1161\u11af\u1107\u116e\u11a8 기사", Query("탈북"), 50)
		if len(segs) == 0 || !segs[0].Match {
			t.Errorf("segments %+v: the decomposed run is not marked", segs)
		}
	})
}

// FuzzTokens checks the segmenter's invariants: tokens are non-empty
// letters and digits only, and a text always finds itself: every query
// term of a text matches the text's own index tokens.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"탈북민들이 강제북송", "吉林省 白山市", "Repatriated defectors, 2,600여 명", "ｆｕｌｌ ｗｉｄｔｈ", "\u1110\u1161\u11af", "it's a 'quote'", "a\u0301b", "ㅋㅋㅋ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := Tokens(text)
		for _, tok := range toks {
			if tok == "" || !utf8.ValidString(tok) {
				t.Fatalf("bad token %q from %q", tok, text)
			}
			for _, r := range tok {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Mc, r) {
					t.Fatalf("token %q of %q holds %q", tok, text, r)
				}
			}
		}
		q := Query(text)
		if len(q) > MaxTerms {
			t.Fatalf("%d terms", len(q))
		}
		if len(q) > 0 && len(q) < MaxTerms && !matchesTokens(q, toks) {
			t.Fatalf("text %q does not find itself: terms %+v, tokens %q", text, q, toks)
		}
	})
}

// FuzzSnippet checks that snippets are valid UTF-8, come from the text,
// and mark only what the query matches.
func FuzzSnippet(f *testing.F) {
	f.Add("지난달 탈북민들이 체포되었다", "탈북", 40)
	f.Add("China repatriated about 200 people", "repatriation", 10)
	f.Add("吉林省  白山市\n\n", "省", 5)
	f.Fuzz(func(t *testing.T, text, query string, width int) {
		width = width % 500
		segs := Snippet(text, Query(query), width)
		joined, _ := joinSegments(segs)
		if !utf8.ValidString(joined) && utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 snippet %q of %q", joined, text)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(joined, Ellipsis), Ellipsis)
		if utf8.ValidString(text) && !strings.Contains(collapse([]rune(text)), inner) {
			t.Fatalf("snippet %q is not a piece of %q", inner, text)
		}
		for i, s := range segs {
			if s.Text == "" {
				t.Fatalf("empty segment %d", i)
			}
			if i > 0 && !s.Match && !segs[i-1].Match {
				t.Fatalf("unmerged plain segments %+v", segs)
			}
		}
	})
}

func TestScores(t *testing.T) {
	long := strings.Repeat("관련 없는 문장이 길게 이어진다. ", 30)
	docs := []Doc{
		{Title: "사건 기록", Body: long + " 투먼 " + long},  // deep in a long body
		{Title: "투먼 세관 구금", Body: "짧은 요약"},            // in the title
		{Title: "사건 기록", Body: "투먼에서 투먼으로 이송된 투먼 주민"}, // often, in a short body
		{Title: "Tumen case", Body: "The repatriation of defectors"},
	}
	s := Scores(docs, Query("투먼"))
	if !(s[1] > s[0] && s[2] > s[0] && s[0] > 0) {
		t.Errorf("scores %v: want the title match and the dense short body above one mention in a long body, and that above 0", s)
	}
	if s[3] != 0 {
		t.Errorf("a document without the term scores %v", s[3])
	}
	e := Scores(docs, Query("repatriated defector"))
	if e[3] <= 0 || e[0] != 0 {
		t.Errorf("english stems: scores %v", e)
	}
	if got := Scores(nil, Query("투먼")); len(got) != 0 {
		t.Errorf("no docs: %v", got)
	}
}
