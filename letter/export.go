package letter

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"vigil"
)

// both joins a Korean and an English name as "ko / en", or the one there
// is.
func both(n vigil.Names) string {
	switch {
	case n.Ko != "" && n.En != "" && n.Ko != n.En:
		return n.Ko + " / " + n.En
	case n.Ko != "":
		return n.Ko
	}
	return n.En
}

// SignatoryLine is how outputs list a signatory: "ko / en", marked when
// the name is a pseudonym.
func SignatoryLine(s vigil.Signatory) string {
	line := both(s.Name)
	if s.Pseudonymous {
		line += " (가명 / pseudonym)"
	}
	return line
}

// Footer is the line that binds an output to the signed text.
func Footer(d *vigil.LetterDocument) string {
	return fmt.Sprintf("Text version %d · SHA-256 %s", d.Version, d.TextHash)
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "#", `\#`, "<", `\<`, ">", `\>`, "`", "\\`")

// Markdown writes the letter as Markdown: titles, addressee, the Korean
// and English texts, the signatories, the date and the hash.
func Markdown(w io.Writer, d *vigil.LetterDocument) error {
	var b bytes.Buffer
	if d.Title.Ko != "" {
		fmt.Fprintf(&b, "# %s\n\n", mdEscaper.Replace(d.Title.Ko))
	}
	if d.Title.En != "" {
		fmt.Fprintf(&b, "# %s\n\n", mdEscaper.Replace(d.Title.En))
	}
	if !d.AddressedTo.IsZero() {
		fmt.Fprintf(&b, "**수신 / To:** %s\n\n", mdEscaper.Replace(both(d.AddressedTo)))
	}
	for _, body := range []string{d.Body.Ko, d.Body.En} {
		if body == "" {
			continue
		}
		for _, para := range strings.Split(body, "\n") {
			fmt.Fprintf(&b, "%s\n", mdEscaper.Replace(para))
		}
		b.WriteString("\n---\n\n")
	}
	b.WriteString("## 서명 / Signatories\n\n")
	for _, s := range d.Signatories {
		fmt.Fprintf(&b, "- %s\n", mdEscaper.Replace(SignatoryLine(s)))
	}
	fmt.Fprintf(&b, "\n**날짜 / Date:** %s\n\n%s\n", d.Date, Footer(d))
	_, err := w.Write(b.Bytes())
	return err
}

var htmlDoc = template.Must(template.New("letter").Funcs(template.FuncMap{"both": both, "line": SignatoryLine, "footer": Footer,
	"paras": func(s string) []string { return strings.Split(s, "\n") }}).Parse(`<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>{{both .Title}}</title></head>
<body>
<article>
{{with .Title.Ko}}<h1 lang="ko">{{.}}</h1>{{end}}
{{with .Title.En}}<h1 lang="en">{{.}}</h1>{{end}}
{{if or .AddressedTo.Ko .AddressedTo.En}}<p><strong>수신 / To:</strong> {{both .AddressedTo}}</p>{{end}}
{{with .Body.Ko}}<section lang="ko">{{range paras .}}<p>{{.}}</p>{{end}}</section>{{end}}
{{with .Body.En}}<section lang="en">{{range paras .}}<p>{{.}}</p>{{end}}</section>{{end}}
<section class="signatories"><h2>서명 / Signatories</h2>
<ol>{{range .Signatories}}<li>{{line .}}</li>{{end}}</ol></section>
<footer><p>날짜 / Date: <time>{{.Date}}</time></p><p class="hash">{{footer .}}</p></footer>
</article>
</body>
</html>
`))

// HTML writes the letter as a standalone HTML document (no scripts, no
// external resources).
func HTML(w io.Writer, d *vigil.LetterDocument) error {
	return htmlDoc.Execute(w, d)
}
