package store_test

import (
	"os"
	"strings"
	"testing"

	"vigil/store"
)

// TestPrivacyDocListsSealedFields keeps the table of sealed fields in
// docs/privacy.md true: every sealed column is listed on its table's row,
// and every listed column is sealed.
func TestPrivacyDocListsSealedFields(t *testing.T) {
	doc, err := os.ReadFile("../docs/privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "| `") {
			cells := strings.Split(line, "|")
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = cells[2]
		}
	}
	listed := 0
	for _, f := range store.SealedFields() {
		row, ok := rows[f.Table]
		if !ok || !strings.Contains(row, "`"+f.Column+"`") {
			t.Errorf("docs/privacy.md does not list %s.%s as sealed", f.Table, f.Column)
		}
		listed++
	}
	total := 0
	for _, row := range rows {
		total += strings.Count(row, "`") / 2
	}
	if total != listed {
		t.Errorf("docs/privacy.md lists %d sealed columns, the store seals %d", total, listed)
	}
}
