package extract

import (
	"os"
	"testing"
)

// ownHeldOut holds sentences written for the project in the style of the
// dev set, never copied from it, each labelled before the extractor read
// it (testdata/heldout_own.jsonl; docs/extraction.md tells its history).
const ownHeldOut = "testdata/heldout_own.jsonl"

// TestOwnHeldOut runs extract-eval's scoring over the project's own
// held-out sentences and fails when F1 drops below 0.90 in either
// language, or event or date accuracy below 0.85.
func TestOwnHeldOut(t *testing.T) {
	f, err := os.Open(ownHeldOut)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Evaluate(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Mistakes {
		t.Logf("%s %s %q want %q got %q", m.ID, m.Kind, m.Count, m.Want, m.Got)
	}
	for _, lang := range []string{"en", "ko"} {
		s := rep.Langs[lang]
		if s == nil {
			t.Fatalf("no %s sentences in %s", lang, ownHeldOut)
		}
		if s.Sentences < 150 {
			t.Errorf("%s: %d sentences in %s; want at least 150", lang, s.Sentences, ownHeldOut)
		}
		t.Logf("%s: P %.3f R %.3f F1 %.3f event %.3f date %.3f (%d gold, %d predicted, %d matched)",
			lang, s.Precision(), s.Recall(), s.F1(), s.EventAccuracy(), s.DateAccuracy(), s.Gold, s.Predicted, s.Matched)
		if s.F1() < 0.90 {
			t.Errorf("%s: F1 %.3f < 0.90", lang, s.F1())
		}
		if s.EventAccuracy() < 0.85 || s.DateAccuracy() < 0.85 {
			t.Errorf("%s: event accuracy %.3f, date accuracy %.3f; want ≥ 0.85", lang, s.EventAccuracy(), s.DateAccuracy())
		}
	}
}
