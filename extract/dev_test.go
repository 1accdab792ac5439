package extract

import (
	"errors"
	"io/fs"
	"os"
	"testing"
)

// devSet is the labelled extraction set shared by the project; it is read
// at run time and never copied into the repository.
const devSet = "../../shared/data/extraction/dev.jsonl"

// TestDevSet scores the extractor on the dev set and fails when F1 drops
// below 0.90 in either language, or event or date accuracy below 0.85.
func TestDevSet(t *testing.T) {
	f, err := os.Open(devSet)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dev set %s is missing (CI=true)", devSet)
		}
		t.Skipf("dev set %s is missing; skipping (it is required when CI=true)", devSet)
	}
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
			t.Fatalf("no %s sentences in %s", lang, devSet)
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
