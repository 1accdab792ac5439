package archive

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// MaxTextBytes bounds the text extracted from one page.
const MaxTextBytes = 2 << 20

// Text returns the title and readable text of a fetched body, decoded
// to UTF-8 by its declared or sniffed charset (Korean pages are often
// EUC-KR). HTML is reduced to its visible text, one line per block;
// plain text is kept as it is; other types (PDF, images) give no text.
func Text(body []byte, contentType string) (title, text string) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	switch {
	case mt == "text/html" || mt == "application/xhtml+xml":
		r, err := charset.NewReader(bytes.NewReader(body), contentType)
		if err != nil {
			r = bytes.NewReader(body)
		}
		return HTMLText(r)
	case strings.HasPrefix(mt, "text/"):
		r, err := charset.NewReader(bytes.NewReader(body), contentType)
		if err != nil {
			r = bytes.NewReader(body)
		}
		b, _ := io.ReadAll(io.LimitReader(r, MaxTextBytes))
		return "", strings.TrimSpace(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	return "", ""
}

// skipped elements hold no text a reader sees on the page, or only
// navigation and chrome around the article.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true,
	atom.Canvas: true, atom.Select: true, atom.Button: true, atom.Nav: true,
	atom.Head: true,
}

// blocks end a line of text.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Tr: true, atom.Article: true,
	atom.Section: true, atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Ul: true,
	atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Figure: true,
	atom.Figcaption: true, atom.Hr: true, atom.Header: true, atom.Footer: true, atom.Main: true,
	atom.Aside: true, atom.Address: true, atom.Caption: true, atom.Body: true,
}

// HTMLText returns the title and visible text of an HTML document read
// as UTF-8: script, style, navigation and the head (but its title) are
// left out, whitespace is collapsed, and each block (paragraph, heading,
// list item, table row, line break) ends a line. It never fails; the
// text is valid UTF-8 and at most MaxTextBytes long.
func HTMLText(r io.Reader) (title, text string) {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(4 << 20)
	var (
		out      strings.Builder
		tb       strings.Builder
		skip     atom.Atom // the element being skipped, 0 when none
		depth    int       // nesting of skip inside itself
		inTitle  bool
		lineOpen bool // text written since the last line break
		space    bool // whitespace pending before the next word
	)
	newline := func() {
		if lineOpen {
			out.WriteByte('\n')
			lineOpen, space = false, false
		}
	}
	for out.Len() < MaxTextBytes {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return clean(tb.String()), finish(out.String())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title && tt == html.StartTagToken && (skip == 0 || skip == atom.Head) {
				inTitle = true
				continue
			}
			if skip != 0 {
				if a == skip && tt == html.StartTagToken {
					depth++
				}
				continue
			}
			if skipped[a] && tt == html.StartTagToken {
				skip, depth = a, 1
				continue
			}
			if blocks[a] {
				newline()
			} else if a == atom.Td || a == atom.Th || a == atom.Img {
				space = lineOpen
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Title {
				inTitle = false
				continue
			}
			if skip != 0 {
				if a == skip {
					if depth--; depth == 0 {
						skip = 0
					}
				}
				continue
			}
			if blocks[a] {
				newline()
			}
		case html.TextToken:
			raw := z.Text() // Text consumes the token's text: read it once
			if inTitle {
				tb.Write(raw)
				continue
			}
			if skip != 0 || len(raw) == 0 {
				continue
			}
			if lineOpen && startsWithSpace(raw) {
				space = true
			}
			for _, f := range strings.FieldsFunc(string(raw), isSpace) {
				if space {
					out.WriteByte(' ')
				}
				out.WriteString(f)
				lineOpen, space = true, true
			}
			space = endsWithSpace(raw)
		}
	}
	return clean(tb.String()), finish(out.String())
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' }

func startsWithSpace(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return isSpace(r)
}

func endsWithSpace(b []byte) bool {
	r, _ := utf8.DecodeLastRune(b)
	return isSpace(r)
}

// clean collapses whitespace and makes s valid UTF-8.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToValidUTF8(s, "\uFFFD"), isSpace), " ")
}

// finish trims every line, drops empty ones and bounds the size.
func finish(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	lines := strings.Split(s, "\n")
	kept := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	s = strings.Join(kept, "\n")
	if len(s) > MaxTextBytes {
		n := MaxTextBytes
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return s
}
