package feed

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// Sanitize repairs a feed body for an XML parser and returns it as
// UTF-8, with a warning for each kind of repair:
//   - a body in another charset (declared by a byte-order mark, the
//     Content-Type or the XML declaration; Korean feeds are often EUC-KR)
//     is decoded to UTF-8;
//   - bytes that are not UTF-8 become U+FFFD;
//   - characters XML 1.0 forbids (C0 controls other than tab, line feed
//     and carriage return, such as the U+0008 that makes gofeed fail
//     (its issue #180), and U+FFFE, U+FFFF) are removed, whether raw or
//     written as character references (&#8;).
//
// The result needs a parser that ignores the declared encoding.
func Sanitize(body []byte, contentType string) ([]byte, []string) {
	var warnings []string
	if label := declaredCharset(body, contentType); label != "" && !isUTF8Label(label) {
		if enc, name := charset.Lookup(label); enc != nil {
			if dec, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(body))); err == nil {
				body = dec
				warnings = append(warnings, "decoded from "+name)
			}
		} else {
			warnings = append(warnings, fmt.Sprintf("unknown charset %q read as UTF-8", label))
		}
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(body) {
		body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
		warnings = append(warnings, "replaced bytes that are not UTF-8")
	}
	removed := 0
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		if !xmlChar(r) {
			removed++
		} else {
			out = append(out, body[i:i+size]...)
		}
		i += size
	}
	out = charRef.ReplaceAllFunc(out, func(m []byte) []byte {
		if r, ok := refRune(m); ok && !xmlChar(r) {
			removed++
			return nil
		}
		return m
	})
	if removed > 0 {
		warnings = append(warnings, fmt.Sprintf("removed %d control characters that XML forbids", removed))
	}
	return out, warnings
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return r <= 0x10FFFF
}

var charRef = regexp.MustCompile(`&#([0-9]{1,8}|[xX][0-9a-fA-F]{1,8});`)

func refRune(m []byte) (rune, bool) {
	s := string(m[2 : len(m)-1])
	var n int64
	var err error
	if s[0] == 'x' || s[0] == 'X' {
		_, err = fmt.Sscanf(s[1:], "%x", &n)
	} else {
		_, err = fmt.Sscanf(s, "%d", &n)
	}
	if err != nil || n > 0x10FFFF {
		return 0, false
	}
	return rune(n), true
}

var xmlDeclEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// declaredCharset returns the charset a feed declares: a UTF-16
// byte-order mark, the XML declaration, or the Content-Type (in that
// order: the document's own declaration is usually the right one when
// a server mislabels it).
func declaredCharset(body []byte, contentType string) string {
	switch {
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return "utf-16be"
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return "utf-16le"
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		return "utf-8"
	}
	head := body
	if len(head) > 512 {
		head = head[:512]
	}
	if m := xmlDeclEncoding.FindSubmatch(head); m != nil {
		return strings.ToLower(string(m[1]))
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		return strings.ToLower(params["charset"])
	}
	return ""
}

func isUTF8Label(s string) bool {
	s = strings.ToLower(s)
	return s == "utf-8" || s == "utf8" || s == "us-ascii" || s == "ascii"
}
