package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"vigil/figure"
)

// Example is one labelled sentence, in the format of
// shared/data/extraction/dev.jsonl.
type Example struct {
	ID        string      `json:"id"`
	Lang      string      `json:"lang"`
	Published string      `json:"published"`
	Source    string      `json:"source"`
	URL       string      `json:"url"`
	Text      string      `json:"text"`
	Claims    []GoldClaim `json:"claims"`
}

// GoldClaim is one labelled count. Date and Place are null when the
// sentence gives none.
type GoldClaim struct {
	CountText string           `json:"count_text"`
	Qualifier figure.Qualifier `json:"qualifier"`
	Value     *int             `json:"value"`
	Low       *int             `json:"low"`
	High      *int             `json:"high"`
	VagueUnit string           `json:"vague_unit"`
	Event     string           `json:"event"`
	Date      *string          `json:"date"`
	Place     *string          `json:"place"`
}

// Scores counts one language's (or all) results. A predicted claim
// matches a gold claim of the same sentence when the qualifier and the
// numbers are equal.
type Scores struct {
	Sentences int `json:"sentences"`
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	Matched   int `json:"matched"`
	// EventOK and DateOK count matched pairs whose event, or date, agree;
	// a null gold date agrees with no predicted date.
	EventOK int `json:"event_ok"`
	DateOK  int `json:"date_ok"`
}

// Precision is matched / predicted (1 when nothing was predicted).
func (s Scores) Precision() float64 { return ratio(s.Matched, s.Predicted) }

// Recall is matched / gold (1 when there is no gold claim).
func (s Scores) Recall() float64 { return ratio(s.Matched, s.Gold) }

// F1 is the harmonic mean of precision and recall.
func (s Scores) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// EventAccuracy is the share of matched pairs whose events agree.
func (s Scores) EventAccuracy() float64 { return ratio(s.EventOK, s.Matched) }

// DateAccuracy is the share of matched pairs whose dates agree.
func (s Scores) DateAccuracy() float64 { return ratio(s.DateOK, s.Matched) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *Scores) add(o Scores) {
	s.Sentences += o.Sentences
	s.Gold += o.Gold
	s.Predicted += o.Predicted
	s.Matched += o.Matched
	s.EventOK += o.EventOK
	s.DateOK += o.DateOK
}

// Mistake is one disagreement with the labels, for reading what went
// wrong: a missed gold claim, a spurious prediction, or a matched claim
// with the wrong event or date.
type Mistake struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // missed, spurious, event, date
	// Count is the count text (gold for missed, predicted otherwise).
	Count string `json:"count"`
	Want  string `json:"want,omitempty"`
	Got   string `json:"got,omitempty"`
}

// Report is the result of Evaluate: scores per language and overall, and
// the mistakes in file order.
type Report struct {
	Langs    map[string]*Scores `json:"langs"`
	All      Scores             `json:"all"`
	Mistakes []Mistake          `json:"mistakes"`
}

// LangNames returns the report's languages in order.
func (r *Report) LangNames() []string {
	names := make([]string, 0, len(r.Langs))
	for l := range r.Langs {
		names = append(names, l)
	}
	sort.Strings(names)
	return names
}

// Evaluate runs Extract over every labelled sentence read from r (one
// JSON Example per line; blank lines are skipped) and scores the result.
// gaz may be nil for DefaultGazetteer. A line that is not a valid example
// is an error naming its line number.
func Evaluate(r io.Reader, gaz *Gazetteer) (*Report, error) {
	rep := &Report{Langs: map[string]*Scores{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var ex Example
		if err := json.Unmarshal(b, &ex); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if ex.Text == "" {
			return nil, fmt.Errorf("line %d: example %q has no text", line, ex.ID)
		}
		opt := Options{Lang: ex.Lang, Gazetteer: gaz}
		// A publication date that cannot be read leaves relative dates
		// unresolved rather than failing the whole file.
		if ref, given, err := PublishedDate(ex.Published); err == nil {
			opt.Published, opt.PublishedEDTF = ref, given
		}
		lang := ex.Lang
		if lang == "" {
			lang = DetectLang(ex.Text)
		}
		s := rep.Langs[lang]
		if s == nil {
			s = &Scores{}
			rep.Langs[lang] = s
		}
		got := Score(ex, Extract(ex.Text, opt), &rep.Mistakes)
		s.add(got)
		rep.All.add(got)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	return rep, nil
}

// Score compares the claims predicted for one example with its labels
// and appends the disagreements to mistakes (when not nil). Each gold
// claim, in order, takes the first unmatched prediction with the same
// qualifier and numbers.
func Score(ex Example, pred []Claim, mistakes *[]Mistake) Scores {
	s := Scores{Sentences: 1, Gold: len(ex.Claims), Predicted: len(pred)}
	used := make([]bool, len(pred))
	note := func(m Mistake) {
		if mistakes != nil {
			m.ID = ex.ID
			*mistakes = append(*mistakes, m)
		}
	}
	for _, g := range ex.Claims {
		k := -1
		for i, p := range pred {
			if !used[i] && sameFigure(g, p.Figure) {
				k = i
				break
			}
		}
		if k < 0 {
			note(Mistake{Kind: "missed", Count: g.CountText, Want: showGold(g)})
			continue
		}
		used[k] = true
		s.Matched++
		p := pred[k]
		if p.Event == g.Event {
			s.EventOK++
		} else {
			note(Mistake{Kind: "event", Count: p.CountText, Want: g.Event, Got: p.Event})
		}
		want := ""
		if g.Date != nil {
			want = *g.Date
		}
		if p.Date == want {
			s.DateOK++
		} else {
			note(Mistake{Kind: "date", Count: p.CountText, Want: want, Got: p.Date})
		}
	}
	for i, p := range pred {
		if !used[i] {
			note(Mistake{Kind: "spurious", Count: p.CountText, Got: showFigure(p.Figure)})
		}
	}
	return s
}

func sameFigure(g GoldClaim, f figure.Figure) bool {
	return g.Qualifier == f.Qualifier && eqp(g.Value, f.Value) && eqp(g.Low, f.Low) && eqp(g.High, f.High)
}

func eqp(a, b *int) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func showGold(g GoldClaim) string {
	return showFigure(figure.Figure{Qualifier: g.Qualifier, Value: g.Value, Low: g.Low, High: g.High})
}

func showFigure(f figure.Figure) string {
	if f.Qualifier == figure.Range && f.Low != nil && f.High != nil {
		return fmt.Sprintf("range %d-%d", *f.Low, *f.High)
	}
	if f.Value != nil {
		return fmt.Sprintf("%s %d", f.Qualifier, *f.Value)
	}
	return string(f.Qualifier)
}
