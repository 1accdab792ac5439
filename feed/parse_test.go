package feed_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"vigil"
	"vigil/feed"
)

func TestParse(t *testing.T) {
	euckr, _ := korean.EUCKR.NewEncoder().Bytes([]byte(`<?xml version="1.0" encoding="euc-kr"?><rss version="2.0"><channel><title>신문</title><item><title>탈북민 송환</title><link>http://news.example/1</link><pubDate>Mon, 20 May 2024 09:00:00 KST</pubDate></item></channel></rss>`))
	cases := []struct {
		name, ctype, body string
		format, title     string
		entries           int
		first             feed.Entry
		warn              string
	}{
		{"RSS 2.0 with relative links and an atom:link", "application/rss+xml", `<?xml version="1.0"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title> Wire </title><language>ko-KR</language>
<item><title>탈북민 &lt;b&gt;체포&lt;/b&gt;</title><link>/a/1</link><atom:link href="/x"/><guid isPermaLink="false">g1</guid>
<pubDate>Mon, 13 May 2024 09:00:00 +0900</pubDate><description>&lt;p&gt;탈북민 12명&amp;nbsp;체포&lt;/p&gt;</description></item></channel></rss>`,
			"rss", "Wire", 1, feed.Entry{GUID: "g1", URL: "http://news.example/a/1", Title: "탈북민 체포", Text: "탈북민 12명 체포", Published: time.Date(2024, 5, 13, 0, 0, 0, 0, time.UTC)}, ""},
		{"RSS 1.0 (RDF)", "", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://news.example/"><title>RDF</title></channel>
<item rdf:about="http://news.example/r1"><title>One</title><link>http://news.example/r1</link><dc:date>2024-05-01T00:00:00Z</dc:date><description>text</description></item></rdf:RDF>`,
			"rdf", "RDF", 1, feed.Entry{URL: "http://news.example/r1", Title: "One", Text: "text", Published: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}, ""},
		{"Atom with html and xhtml content", "application/atom+xml", `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>urn:1</id><title type="html">A &amp;amp; B</title><link rel="self" href="http://x/self"/><link href="http://news.example/e1"/>
<updated>2024-05-02T10:00:00+09:00</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>about 40 defectors</p></div></content></entry></feed>`,
			"atom", "A", 1, feed.Entry{GUID: "urn:1", URL: "http://news.example/e1", Title: "A & B", Text: "about 40 defectors", Published: time.Date(2024, 5, 2, 1, 0, 0, 0, time.UTC)}, ""},
		{"JSON Feed with a numeric id", "application/feed+json", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":7,"url":"http://news.example/j","title":"T","content_html":"<p>x <b>y</b></p>","date_published":"2024-05-03T00:00:00Z"}]}`,
			"json", "J", 1, feed.Entry{GUID: "7", URL: "http://news.example/j", Title: "T", Text: "x y", Published: time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC)}, ""},
		{"U+0008 and other controls are removed", "application/rss+xml", "<rss><channel><title>B\bad</title><item><title>x\x01y</title><link>http://news.example/c</link><description>a&#8;b</description></item></channel></rss>",
			"rss", "Bad", 1, feed.Entry{URL: "http://news.example/c", Title: "xy", Text: "ab"}, "removed 3 control characters"},
		{"EUC-KR is decoded; KST is +09:00", "text/xml", string(euckr),
			"rss", "신문", 1, feed.Entry{URL: "http://news.example/1", Title: "탈북민 송환", Published: time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC)}, "decoded from euc-kr"},
		{"invalid UTF-8 is replaced", "", "<rss><channel><title>t</title><item><title>a\xffb</title><link>http://n.example/u</link></item></channel></rss>",
			"rss", "t", 1, feed.Entry{URL: "http://n.example/u", Title: "a\uFFFDb"}, "not UTF-8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, warnings, err := feed.Parse([]byte(c.body), c.ctype, "http://news.example/feed")
			if err != nil {
				t.Fatal(err)
			}
			if doc.Format != c.format || doc.Title != c.title || len(doc.Entries) != c.entries {
				t.Fatalf("got %s %q with %d entries", doc.Format, doc.Title, len(doc.Entries))
			}
			e := doc.Entries[0]
			if e.GUID != c.first.GUID || e.URL != c.first.URL || e.Title != c.first.Title || e.Text != c.first.Text || !e.Published.Equal(c.first.Published) {
				t.Fatalf("entry %+v\nwant %+v", e, c.first)
			}
			if got := strings.Join(warnings, "; "); c.warn == "" && got != "" || !strings.Contains(got, c.warn) {
				t.Fatalf("warnings %q, want %q", got, c.warn)
			}
		})
	}
	for name, body := range map[string]string{
		"an HTML page":              "<html><body>hi</body></html>",
		"JSON that is not a feed":   `{"hello":"world"}`,
		"truncated XML":             `<rss><channel><item><title>a`,
		"nothing":                   "",
		"XML of another vocabulary": `<?xml version="1.0"?><svg/>`,
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			_, _, err := feed.Parse([]byte(body), "", "http://news.example/")
			if err == nil {
				t.Fatal("parsed")
			}
			if name != "truncated XML" && !errors.Is(err, feed.ErrNotFeed) {
				t.Fatalf("%v does not wrap ErrNotFeed", err)
			}
		})
	}
}

func TestRules(t *testing.T) {
	rules := feed.NewRules([]*vigil.KeywordRule{{Term: "강제북송", Lang: "ko"}, {Term: "북송"}, {Term: "탈북민"}, {Term: "repatriat*", Lang: "en"}, {Term: "defector"}, {Term: "human rights"}})
	cases := []struct {
		name, lang, title, text string
		want                    string
	}{
		{"Korean with particles", "ko", "탈북민들이 강제북송됐다", "", "강제북송,북송,탈북민"},
		{"Korean rule skipped for English", "en", "강제북송", "", "북송"},
		{"prefix", "en", "", "They were Repatriated.", "repatriat*"},
		{"whole word only", "en", "", "defectors and nondefector", ""},
		{"whole word", "en", "", "a defector, said", "defector"},
		{"phrase", "en", "Human  rights", "human rights groups", "human rights"},
		{"prefix needs a word start", "en", "", "unrepatriated", ""},
		{"nothing", "en", "Markets", "Stocks rose", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(rules.Match(c.lang, c.title, c.text), ","); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{{0, 30 * time.Minute}, {1, time.Hour}, {2, 2 * time.Hour}, {5, 16 * time.Hour}, {6, 24 * time.Hour}, {60, 24 * time.Hour}} {
		if got := feed.Backoff(c.failures, 30*time.Minute, 24*time.Hour); got != c.want {
			t.Errorf("Backoff(%d) = %v, want %v", c.failures, got, c.want)
		}
	}
}

func TestContentHash(t *testing.T) {
	if feed.ContentHash("a  b", "c\nd") != feed.ContentHash("a b", "c d") {
		t.Fatal("spacing changes the hash")
	}
	if feed.ContentHash("a", "b") == feed.ContentHash("a", "c") {
		t.Fatal("text does not change the hash")
	}
}
