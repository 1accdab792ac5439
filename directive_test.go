package vigil_test

import (
	"strings"
	"testing"

	"vigil"
)

func TestParseDirectives(t *testing.T) {
	body := "Some 600 {{cite 1 2}} on {{incident #3}}.\n\nIn all {{ total Repatriation 2023-10-01..2024-05-31 }}, and {{total arrest 2024-05-01..}}.\n{{photo 2}}"
	ds, err := vigil.ParseDirectives(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 5 {
		t.Fatalf("%d directives, want 5", len(ds))
	}
	if ds[0].Kind != vigil.DirectiveCite || len(ds[0].IDs) != 2 || ds[0].IDs[1] != 2 || body[ds[0].Start:ds[0].End] != "{{cite 1 2}}" {
		t.Errorf("cite: %+v", ds[0])
	}
	if ds[1].Kind != vigil.DirectiveIncident || ds[1].IDs[0] != 3 {
		t.Errorf("incident: %+v", ds[1])
	}
	if f := ds[2].Total; ds[2].Line != 3 || f.Event != vigil.EventRepatriation || f.From != "2023-10-01" || f.To != "2024-05-31" {
		t.Errorf("total: %+v", ds[2])
	}
	if f := ds[3].Total; f.From != "2024-05-01" || f.To != "" {
		t.Errorf("open total: %+v", ds[3])
	}
	if ds[4].Kind != vigil.DirectivePhoto || ds[4].Photo != 2 || ds[4].Line != 4 {
		t.Errorf("photo: %+v", ds[4])
	}
}

func TestParseDirectivesRefuses(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"unclosed", "a {{cite 1\n}}", "line 1: \"{{cite 1\" is not closed"},
		{"unknown", "x\n{{quote 1}}", "line 2: {{quote 1}}: unknown directive"},
		{"empty", "{{ }}", "is empty"},
		{"bad id", "{{cite one}}", "\"one\" is not a record id"},
		{"two incidents", "{{incident 1 2}}", "write {{incident ID}}"},
		{"bad event", "{{total deaths ..}}", "\"deaths\" is not an event type"},
		{"bad day", "{{total arrest 2024-02-30..}}", "\"2024-02-30\" is not a day"},
		{"no period", "{{total arrest 2024}}", "must be FROM..TO"},
		{"backwards", "{{total arrest 2024-05-01..2024-01-01}}", "starts after it ends"},
		{"photo zero", "{{photo 0}}", "write {{photo N}}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := vigil.ParseDirectives(c.body)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
		})
	}
}

func FuzzParseDirectives(f *testing.F) {
	for _, s := range []string{"{{cite 1}}", "{{total arrest 2024-01-01..}}", "{{photo 3}} {{", "}}{{incident 2}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		ds, err := vigil.ParseDirectives(body)
		if err != nil {
			return
		}
		prev := 0
		for _, d := range ds {
			if d.Start < prev || d.End <= d.Start || d.End > len(body) || body[d.Start:d.Start+2] != "{{" || body[d.End-2:d.End] != "}}" {
				t.Fatalf("directive %+v out of place in %q", d, body)
			}
			prev = d.End
		}
	})
}
