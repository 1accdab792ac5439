package feed_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"vigil/feed"
)

// FuzzParse checks the feed parser wrapper on arbitrary bodies: it never
// panics, everything it returns is valid UTF-8, links are absolute
// http(s) URLs or empty, and at most MaxItems entries come back.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`<rss><channel><title>t</title><item><title>탈북민</title><link>/a</link><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>`,
		"<rss><channel><title>B\bad</title><item><title>x\x01y</title></item></channel></rss>",
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div>x</div></title><link href="b"/></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1,"url":"/j","content_html":"<b>x"}]}`,
		`<?xml version="1.0" encoding="euc-kr"?><rss><channel><item><title>` + "\xc5\xbb" + `</title></item></channel></rss>`,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><item rdf:about="javascript:alert(1)"><title>x</title></item></rdf:RDF>`,
		"<rss><channel><item><pubDate>Mon, 20 May 2024 09:00:00 KST</pubDate></item></channel></rss>",
	} {
		f.Add([]byte(s), "")
	}
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		doc, warnings, err := feed.Parse(body, ctype, "http://news.example/feed")
		for _, w := range warnings {
			if !utf8.ValidString(w) {
				t.Fatalf("warning %q", w)
			}
		}
		if err != nil {
			return
		}
		if len(doc.Entries) > feed.MaxItems {
			t.Fatalf("%d entries", len(doc.Entries))
		}
		for _, s := range []string{doc.Title, doc.Language} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		for _, e := range doc.Entries {
			if !utf8.ValidString(e.Title) || !utf8.ValidString(e.Text) || !utf8.ValidString(e.GUID) {
				t.Fatalf("invalid UTF-8 in %+v", e)
			}
			if e.URL != "" && !strings.HasPrefix(e.URL, "http://") && !strings.HasPrefix(e.URL, "https://") {
				t.Fatalf("link %q", e.URL)
			}
		}
	})
}
