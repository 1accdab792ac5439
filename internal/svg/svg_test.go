package svg

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestEscape(t *testing.T) {
	cases := map[string]string{
		`plain 바이산`:                   `plain 바이산`,
		`<script>&"'`:                 `&lt;script&gt;&amp;&#34;&#39;`,
		"bell\x07 and bad \xff utf-8": "bell\uFFFD and bad \uFFFD utf-8",
	}
	for in, want := range cases {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterMakesWellFormedXML(t *testing.T) {
	var w Writer
	w.Start("svg", "xmlns", "http://www.w3.org/2000/svg", "class", `a" onload="x`)
	w.Elem("title", "<b>bold</b> \x00")
	w.Empty("circle", "r", Num(2.25), "stroke-dasharray", "")
	w.End("svg")
	out := string(w.Bytes())
	if strings.Contains(out, "stroke-dasharray") {
		t.Errorf("empty attribute written: %s", out)
	}
	var v struct {
		Class string `xml:"class,attr"`
		Title string `xml:"title"`
	}
	if err := xml.Unmarshal(w.Bytes(), &v); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, out)
	}
	if v.Class != `a" onload="x` || v.Title != "<b>bold</b> \uFFFD" {
		t.Errorf("read back class %q title %q", v.Class, v.Title)
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", -0.01: "0", 1.25: "1.3", 12.0: "12", -3.14: "-3.1"} {
		if got := Num(in); got != want {
			t.Errorf("Num(%v) = %q, want %q", in, got, want)
		}
	}
}
