package exchange

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/internal/gen"
)

func TestJSONWriterReader(t *testing.T) {
	d := gen.Dataset(gen.Config{Seed: 4, Claims: 300})
	var b bytes.Buffer
	w := NewJSONWriter(&b, Header{ExportedAt: time.Date(2024, 5, 20, 9, 30, 0, 0, time.UTC), Clearance: vigil.Public})
	if err := d.Each(w.WriteRecord); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, b.String()[:500])
	}
	if string(doc["format"]) != `"vigil"` || string(doc["version"]) != "1" || string(doc["exported_at"]) != `"2024-05-20T09:30:00Z"` ||
		string(doc["clearance"]) != `"public"` || string(doc["actors"]) != "[]" {
		t.Fatalf("header or empty section wrong: %s", b.String()[:300])
	}
	for _, s := range vigil.Sections {
		if _, ok := doc[s]; !ok {
			t.Errorf("section %s missing", s)
		}
	}
	if n := strings.Count(b.String(), "\n"); n < len(d.Claims) {
		t.Fatalf("%d lines for %d claims: want one record per line", n, len(d.Claims))
	}
	back, err := ReadJSON(&b)
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]any{{back.Places, d.Places}, {back.Sources, d.Sources}, {back.Incidents, d.Incidents},
		{back.Links, d.Links}, {back.Claims, d.Claims}} {
		g, _ := json.Marshal(pair[0])
		want, _ := json.Marshal(pair[1])
		if !bytes.Equal(g, want) {
			t.Fatalf("read back\n%.300s\nwant\n%.300s", g, want)
		}
	}
	if err := NewJSONWriter(&b, Header{}).WriteRecord("bogus", nil); err == nil {
		t.Fatal("an unknown section was accepted")
	}
	j := NewJSONWriter(&b, Header{})
	_ = j.WriteRecord(vigil.SectionClaims, &vigil.Claim{})
	if err := j.WriteRecord(vigil.SectionSources, &vigil.Source{}); err == nil {
		t.Fatal("a section out of order was accepted")
	}
}

func TestReadJSONProblems(t *testing.T) {
	const ok = `{"format":"vigil","version":1,`
	cases := []struct {
		name, in, where, want string
	}{
		{"type error names the path", ok + `"claims":[{"source_id":1},{"source_id":1,"credibility":"high"}]}`, "claims[1].credibility", "want a number, got string"},
		{"nested type error", ok + `"claims":[{"figure":{"text":"15","value":"15"}}]}`, "claims[0].figure.value", "want a number, got string"},
		{"unknown field", ok + `"claims":[{"incidnet_id":3}]}`, "claims[0]", `unknown field "incidnet_id"`},
		{"unknown key", ok + `"claimz":[]}`, "claimz", "unknown key"},
		{"syntax error has a line and column", ok + "\n\"claims\":[\n{\"source_id\":1,}\n]}", "claims[0]", "invalid character '}' looking for beginning of object key string (near line 3"},
		{"truncated", ok + `"claims":[{"source_id":1}`, "line 1, column 56", "ends in the middle"},
		{"truncated record", ok + `"claims":[{"source_id":1},{"source_`, "claims[1]", "ends in the middle"},
		{"not an export", `{"claims":[]}`, "format", "is missing"},
		{"wrong format", `{"format":"popolo","version":1}`, "format", `must be "vigil"`},
		{"wrong version", `{"format":"vigil","version":2}`, "version", "must be 1"},
		{"bad clearance", ok + `"clearance":"secret"}`, "clearance", "public, coalition or restricted"},
		{"twice", ok + `"claims":[],"claims":[]}`, "claims", "appears twice"},
		{"not an object", `[1,2]`, "line 1, column 2", `expected "{"`},
		{"trailing data", ok + `"claims":[]} {}`, "line 1, column 45", "after the end"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadJSON(strings.NewReader(tc.in))
			mustProblem(t, err, tc.where, tc.want)
		})
	}
	t.Run("empty", func(t *testing.T) {
		_, err := ReadJSON(strings.NewReader(""))
		if vigil.ErrorCode(err) != vigil.EINVALID || !strings.Contains(err.Error(), "empty") {
			t.Fatalf("error %v", err)
		}
	})
}
