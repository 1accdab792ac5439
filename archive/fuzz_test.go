package archive_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"vigil/archive"
)

// FuzzText checks that text extraction never fails and always returns
// clean text: valid UTF-8, bounded, lines trimmed and non-empty, and no
// script content.
func FuzzText(f *testing.F) {
	for _, s := range []string{
		"<p>탈북민 50명</p>",
		"<html><head><title>t</title><script>alert(1)</script></head><body><p>a<br>b</p></body></html>",
		"<svg><svg></svg>",
		"<p>\xff\xfe broken utf-8</p>",
		"<meta charset=euc-kr><p>\xc5\xbb\xba\xcf</p>",
		"<title>unclosed",
		"&#0;&#x110000;&amp",
		"<table><tr><td>a<td>b</table>",
	} {
		f.Add([]byte(s), "text/html")
	}
	f.Add([]byte("plain\x00text"), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		title, text := archive.Text(body, ctype)
		if !utf8.ValidString(title) || !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8: %q %q", title, text)
		}
		if len(text) > archive.MaxTextBytes {
			t.Fatalf("text of %d bytes", len(text))
		}
		// The HTML path alone: every line trimmed and non-empty.
		title, text = archive.HTMLText(bytes.NewReader(body))
		if !utf8.ValidString(title) || !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 from HTMLText: %q %q", title, text)
		}
		if text == "" {
			return
		}
		for _, l := range strings.Split(text, "\n") {
			if l == "" || strings.TrimSpace(l) != l {
				t.Fatalf("untrimmed or empty line %q in %q", l, text)
			}
		}
	})
}
