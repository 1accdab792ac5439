// Package svg writes SVG markup with every attribute value and text node
// escaped, so that charts and maps built from data can be placed inline
// in an HTML page. Element and attribute names are the caller's
// constants; only values and text may come from data.
package svg

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Writer accumulates SVG markup. The zero value is ready to use.
type Writer struct {
	buf bytes.Buffer
}

// Start writes an opening tag. attrs are name, value pairs; the values are
// escaped. It panics on an odd number of attrs, which is a programming
// error.
func (w *Writer) Start(name string, attrs ...string) {
	w.open(name, attrs)
	w.buf.WriteString(">\n")
}

// Empty writes a self-closing element.
func (w *Writer) Empty(name string, attrs ...string) {
	w.open(name, attrs)
	w.buf.WriteString("/>\n")
}

// Elem writes an element holding escaped text.
func (w *Writer) Elem(name, text string, attrs ...string) {
	w.open(name, attrs)
	w.buf.WriteByte('>')
	w.buf.WriteString(Escape(text))
	w.buf.WriteString("</" + name + ">\n")
}

// End writes a closing tag.
func (w *Writer) End(name string) { w.buf.WriteString("</" + name + ">\n") }

// Append copies markup made by another Writer, for parts built once and
// reused (a map's boundaries).
func (w *Writer) Append(other []byte) { w.buf.Write(other) }

// Bytes returns the markup written so far.
func (w *Writer) Bytes() []byte { return w.buf.Bytes() }

func (w *Writer) open(name string, attrs []string) {
	if len(attrs)%2 != 0 {
		panic("svg: odd number of attribute arguments for <" + name + ">")
	}
	w.buf.WriteString("<" + name)
	for i := 0; i < len(attrs); i += 2 {
		if attrs[i+1] == "" && attrs[i] != "d" {
			continue // an empty value means "leave the attribute out"
		}
		w.buf.WriteString(" " + attrs[i] + `="` + Escape(attrs[i+1]) + `"`)
	}
}

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// Escape makes s safe as XML and HTML text or as a quoted attribute value:
// markup characters become entities, and characters XML forbids (control
// characters, invalid UTF-8) become U+FFFD.
func Escape(s string) string {
	clean := true
	for _, r := range s {
		if !xmlChar(r) {
			clean = false
			break
		}
	}
	if !clean || !utf8.ValidString(s) {
		var b strings.Builder
		for _, r := range s {
			if !xmlChar(r) {
				r = utf8.RuneError
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	return escaper.Replace(s)
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// Num formats a coordinate with at most one decimal, without a trailing
// ".0", so that output is short and identical on every platform.
func Num(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Int formats an integer attribute value.
func Int(n int) string { return strconv.Itoa(n) }
