package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runExtractCLI runs one vigil command line with stdin and returns the
// exit status and both streams.
func runExtractCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func TestExtractCommand(t *testing.T) {
	cases := []struct {
		name  string
		args  []string
		stdin string
		want  []string // one JSON object per line
	}{
		{
			name:  "korean relative date and place",
			args:  []string{"extract", "--published", "2023-10-13"},
			stdin: "중국 공안은 지난 9일 단둥에서 탈북민 30여 명을 체포했다.",
			want:  []string{`{"count_text":"30여 명","qualifier":"approx_over","value":30,"low":null,"high":null,"event":"arrest","date":"2023-10-09","place":"단둥","start":52,"end":61}`},
		},
		{
			name:  "english range without a date",
			args:  []string{"extract", "--lang", "en"},
			stdin: "Between 40 and 50 refugees were sent back.",
			want:  []string{`{"count_text":"Between 40 and 50","qualifier":"range","value":null,"low":40,"high":50,"event":"repatriation","date":null,"place":null,"start":0,"end":17}`},
		},
		{
			name:  "flags after nothing, month precision",
			args:  []string{"extract", "--published", "2024-05"},
			stdin: "Some 70 escapees were caught in Yanji last month.\nThe trip took 3 days.",
			want:  []string{`{"count_text":"Some 70","qualifier":"approx","value":70,"low":null,"high":null,"event":"arrest","date":"2024-04","place":"Yanji","start":0,"end":7}`},
		},
		{
			name:  "no claims prints nothing",
			args:  []string{"extract"},
			stdin: "북송될 가능성이 80%에 이른다.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runExtractCLI(t, c.stdin, c.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr %s", code, errs)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if l != "" {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("stdout:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			for _, l := range got {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatal(err)
				}
				start, end := int(m["start"].(float64)), int(m["end"].(float64))
				if c.stdin[start:end] != m["count_text"] {
					t.Errorf("stdin[%d:%d] = %q, count_text %q", start, end, c.stdin[start:end], m["count_text"])
				}
			}
		})
	}
	usage := []struct {
		name string
		args []string
		want string
	}{
		{"bad lang", []string{"extract", "--lang", "fr"}, "--lang"},
		{"bad published", []string{"extract", "--published", "May 2024"}, "--published"},
		{"positional text", []string{"extract", "some 600"}, "stdin"},
	}
	for _, c := range usage {
		t.Run(c.name, func(t *testing.T) {
			code, _, errs := runExtractCLI(t, "", c.args...)
			if code != 2 || !strings.Contains(errs, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %s", code, errs, c.want)
			}
		})
	}
}

func TestExtractEvalCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	lines := `{"id":"t1","lang":"en","published":"2024-05-05","text":"About 20 defectors were arrested in Dandong on May 2.","claims":[{"count_text":"About 20","qualifier":"approx","value":20,"event":"arrest","date":"2024-05-02","place":"Dandong"}]}
{"id":"t2","lang":"ko","published":"2024-05","text":"탈북민 15명이 지난달 북송됐다.","claims":[{"count_text":"15명","qualifier":"exact","value":15,"event":"repatriation","date":"2024-04","place":null}]}
`
	if err := os.WriteFile(good, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(lines+"{not json\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("table", func(t *testing.T) {
		code, out, errs := runExtractCLI(t, "", "extract-eval", good)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		for _, want := range []string{"precision", "recall", "F1", "event acc", "date acc", "en", "ko", "all"} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		code, out, errs := runExtractCLI(t, "", "extract-eval", "--json", good)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var rep struct {
			Langs map[string]struct {
				F1            float64 `json:"f1"`
				EventAccuracy float64 `json:"event_accuracy"`
				DateAccuracy  float64 `json:"date_accuracy"`
			} `json:"langs"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, l := range []string{"en", "ko"} {
			if s := rep.Langs[l]; s.F1 != 1 || s.EventAccuracy != 1 || s.DateAccuracy != 1 {
				t.Errorf("%s: %+v, want all 1", l, s)
			}
		}
	})
	t.Run("bad line names the line", func(t *testing.T) {
		code, _, errs := runExtractCLI(t, "", "extract-eval", bad)
		if code != 1 || !strings.Contains(errs, "line 3") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("missing file", func(t *testing.T) {
		code, _, errs := runExtractCLI(t, "", "extract-eval", filepath.Join(dir, "nope.jsonl"))
		if code != 1 || !strings.Contains(errs, "nope.jsonl") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("no file is a usage error", func(t *testing.T) {
		if code, _, _ := runExtractCLI(t, "", "extract-eval"); code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
	})
	t.Run("dev set", func(t *testing.T) {
		dev := filepath.Join("..", "..", "..", "shared", "data", "extraction", "dev.jsonl")
		if _, err := os.Stat(dev); errors.Is(err, fs.ErrNotExist) {
			if os.Getenv("CI") == "true" {
				t.Fatalf("dev set %s is missing (CI=true)", dev)
			}
			t.Skipf("dev set %s is missing; skipping (required when CI=true)", dev)
		}
		code, out, errs := runExtractCLI(t, "", "extract-eval", dev)
		if code != 0 || !strings.Contains(out, "all") {
			t.Errorf("exit %d, stdout %s, stderr %s", code, out, errs)
		}
	})
}
