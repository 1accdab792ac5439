package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"vigil/extract"
)

// claimJSON is one line of vigil extract's output. Value is set for
// single-number qualifiers, Low and High for ranges; Date and Place are
// null when the sentence gives none. Start and End are byte offsets.
type claimJSON struct {
	CountText string  `json:"count_text"`
	Qualifier string  `json:"qualifier"`
	Value     *int    `json:"value"`
	Low       *int    `json:"low"`
	High      *int    `json:"high"`
	Event     string  `json:"event"`
	Date      *string `json:"date"`
	Place     *string `json:"place"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// runExtract reads text on stdin and prints one JSON object per claim:
// vigil extract --lang ko --published 2023-10-13 < article.txt
func runExtract(ctx context.Context, e *env, args []string) error {
	fs := newFlags("extract", e)
	lang := fs.String("lang", "auto", "language of the text: ko, en or auto (per sentence, by script)")
	published := fs.String("published", "", "publication date YYYY, YYYY-MM or YYYY-MM-DD; relative dates resolve against it (a month or year stands for its last day)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("extract reads the text on stdin; unexpected argument %q", pos[0])
	}
	opt := extract.Options{}
	switch *lang {
	case "ko", "en":
		opt.Lang = *lang
	case "auto", "":
	default:
		return usagef("--lang %q must be ko, en or auto", *lang)
	}
	if *published != "" {
		ref, given, err := extract.PublishedDate(*published)
		if err != nil {
			return usagef("--published %q is not a date as YYYY, YYYY-MM or YYYY-MM-DD", *published)
		}
		opt.Published, opt.PublishedEDTF = ref, given
	}
	text, err := io.ReadAll(e.stdin)
	if err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	for _, c := range extract.Extract(string(text), opt) {
		out := claimJSON{
			CountText: c.CountText,
			Qualifier: string(c.Figure.Qualifier),
			Value:     c.Figure.Value,
			Low:       c.Figure.Low,
			High:      c.Figure.High,
			Event:     c.Event,
			Date:      nullIfEmpty(c.Date),
			Place:     nullIfEmpty(c.Place),
			Start:     c.Start,
			End:       c.End,
		}
		if err := printJSON(e.stdout, out); err != nil {
			return err
		}
	}
	return nil
}

// runExtractEval scores the extractor on a labelled JSONL file:
// vigil extract-eval ../shared/data/extraction/dev.jsonl
func runExtractEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags("extract-eval", e)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	verbose := fs.Bool("v", false, "also list every mistake: missed, spurious, wrong event or date")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one labelled JSONL file, e.g. vigil extract-eval ../shared/data/extraction/dev.jsonl")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("open labelled file: %w", err)
	}
	defer f.Close()
	rep, err := extract.Evaluate(f, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	if *asJSON {
		type scoresJSON struct {
			extract.Scores
			Precision     float64 `json:"precision"`
			Recall        float64 `json:"recall"`
			F1            float64 `json:"f1"`
			EventAccuracy float64 `json:"event_accuracy"`
			DateAccuracy  float64 `json:"date_accuracy"`
		}
		wrap := func(s extract.Scores) scoresJSON {
			return scoresJSON{s, s.Precision(), s.Recall(), s.F1(), s.EventAccuracy(), s.DateAccuracy()}
		}
		out := struct {
			Langs    map[string]scoresJSON `json:"langs"`
			All      scoresJSON            `json:"all"`
			Mistakes []extract.Mistake     `json:"mistakes,omitempty"`
		}{Langs: map[string]scoresJSON{}, All: wrap(rep.All)}
		for _, l := range rep.LangNames() {
			out.Langs[l] = wrap(*rep.Langs[l])
		}
		if *verbose {
			out.Mistakes = rep.Mistakes
		}
		return printJSONIndent(e.stdout, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "lang\tsentences\tgold\tpredicted\tmatched\tprecision\trecall\tF1\tevent acc\tdate acc\t")
	row := func(name string, s extract.Scores) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t\n", name, s.Sentences, s.Gold,
			s.Predicted, s.Matched, s.Precision(), s.Recall(), s.F1(), s.EventAccuracy(), s.DateAccuracy())
	}
	for _, l := range rep.LangNames() {
		row(l, *rep.Langs[l])
	}
	row("all", rep.All)
	if err := tw.Flush(); err != nil {
		return err
	}
	if *verbose {
		for _, m := range rep.Mistakes {
			fmt.Fprintf(e.stdout, "%s\t%s\t%q\twant %q\tgot %q\n", m.ID, m.Kind, m.Count, m.Want, m.Got)
		}
	}
	return nil
}
