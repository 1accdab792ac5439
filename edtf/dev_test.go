package edtf

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"testing"
)

// devSet is the shared extraction dev set; its claim dates are EDTF labels.
const devSet = "../../shared/data/extraction/dev.jsonl"

// TestDevSetLabelsParse checks that every non-null claim date in the dev
// set is EDTF that Parse accepts.
func TestDevSetLabelsParse(t *testing.T) {
	f, err := os.Open(devSet)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must provide the shared dev set", devSet)
		}
		t.Skipf("%s not found; skipping the dev-set label check (it is required when CI=true)", devSet)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	type claim struct {
		Date *string `json:"date"`
	}
	var rec struct {
		ID     string  `json:"id"`
		Claims []claim `json:"claims"`
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	line, checked := 0, 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		rec.ID, rec.Claims = "", nil
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s:%d: %v", devSet, line, err)
		}
		for i, c := range rec.Claims {
			if c.Date == nil {
				continue
			}
			checked++
			if _, err := Parse(*c.Date); err != nil {
				t.Errorf("%s:%d (%s, claim %d): %v", devSet, line, rec.ID, i, err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Errorf("%s has no dated claims; is it the right file?", devSet)
	}
	t.Logf("%d dated claims parsed", checked)
}
