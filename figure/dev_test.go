package figure

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"testing"
)

// devSet is the labelled extraction set shared by the project; it is
// read at run time and never copied into the repository.
const devSet = "../../shared/data/extraction/dev.jsonl"

// TestDevSet parses the count_text of every labelled claim in the dev
// set and checks the qualifier and numbers against the label.
func TestDevSet(t *testing.T) {
	file, err := os.Open(devSet)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("dev set %s is missing (CI=true)", devSet)
		}
		t.Skipf("dev set %s is missing; skipping (it is required when CI=true)", devSet)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()

	type claim struct {
		CountText string    `json:"count_text"`
		Qualifier Qualifier `json:"qualifier"`
		Value     *int      `json:"value"`
		Low       *int      `json:"low"`
		High      *int      `json:"high"`
	}
	var line struct {
		ID     string  `json:"id"`
		Claims []claim `json:"claims"`
	}
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	claims := 0
	for n := 1; sc.Scan(); n++ {
		line.ID, line.Claims = "", nil
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("%s:%d: %v", devSet, n, err)
		}
		for i, c := range line.Claims {
			claims++
			want := Figure{Qualifier: c.Qualifier, Value: c.Value, Low: c.Low, High: c.High}
			t.Run(line.ID+"/"+c.CountText, func(t *testing.T) {
				got, err := Parse(c.CountText)
				if err != nil {
					t.Fatalf("%s claim %d: Parse(%q): %v", line.ID, i, c.CountText, err)
				}
				if !sameNumbers(got, want) {
					t.Errorf("%s claim %d: Parse(%q) = %s, label %s", line.ID, i, c.CountText, show(got), show(want))
				}
			})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if claims == 0 {
		t.Errorf("dev set %s has no labelled claims", devSet)
	}
}
