// Package newsroom is a local test server that plays a set of Korean and
// English news sites: RSS, Atom and JSON feeds, articles, and feeds that
// are broken in the ways real ones are (control characters, server
// errors, slowness, huge bodies, a page that is not a feed, an EUC-KR
// feed) plus one that answers conditional GETs with 304. Tests of the
// feed poller, the archive and the triage inbox run against it; it
// listens on loopback only.
package newsroom

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding/korean"
)

// Newsroom is the running server. Paths are listed in Feeds and Articles.
type Newsroom struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	// SlowFor is how long /slow.xml stalls (it also stops when the client
	// gives up); HugeBytes is the size of /huge.xml.
	SlowFor   time.Duration
	HugeBytes int
}

// Article is one story the newsroom publishes.
type Article struct {
	Slug, Title, Body, Published string // Published: RFC 1123 in the feed
}

// KoArticles and EnArticles are the stories; each body has one sentence
// with a count of people that the extractor reads.
var (
	KoArticles = []Article{
		{"ko-dandong-arrest", "단둥서 탈북민 체포 잇따라",
			"중국 공안이 지난 9일 랴오닝성 단둥에서 탈북민 12명을 체포했다고 대북 소식통이 전했다. 이들은 강제북송 위기에 놓였다.",
			"Mon, 13 May 2024 09:00:00 +0900"},
		{"ko-tumen-repatriation", "투먼 구류장 탈북민 강제북송",
			"소식통에 따르면 지린성 투먼의 구류장에 갇혀 있던 탈북민 30여 명이 지난달 말 북한으로 강제북송됐다.",
			"Tue, 14 May 2024 10:30:00 +0900"},
		{"ko-weather", "내일 전국 맑음", "기상청은 내일 전국이 대체로 맑겠다고 예보했다.", "Tue, 14 May 2024 11:00:00 +0900"},
	}
	EnArticles = []Article{
		{"en-dandong-repatriation", "China sends North Korean defectors back via Dandong",
			"Chinese authorities forcibly repatriated about 40 North Korean defectors through Dandong on May 2, according to a rights group.",
			"2024-05-06T08:00:00Z"},
		{"en-shenyang-arrest", "Arrests in Shenyang",
			"Police in Shenyang arrested 15 North Koreans last week, activists said. They face repatriation.",
			"2024-05-13T08:00:00Z"},
		{"en-markets", "Markets close higher", "Stocks rose on Monday as investors weighed new data.", "2024-05-13T09:00:00Z"},
	}
)

// ETag is the validator of /etag.xml.
const ETag = `"newsroom-v1"`

// Start runs a newsroom on loopback; Close it when done.
func Start() *Newsroom {
	n := &Newsroom{hits: map[string]int{}, SlowFor: 3 * time.Second, HugeBytes: 6 << 20}
	n.Server = httptest.NewServer(http.HandlerFunc(n.serve))
	return n
}

// Hits returns how many requests path got.
func (n *Newsroom) Hits(path string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.hits[path]
}

// Feed paths.
const (
	KoRSS    = "/ko/rss.xml"
	EnAtom   = "/en/atom.xml"
	EnJSON   = "/en/feed.json"
	EUCKR    = "/ko/euckr.xml"
	Control  = "/broken/control.xml" // U+0008 and other C0 controls
	Error500 = "/broken/500.xml"
	Slow     = "/broken/slow.xml"
	Huge     = "/broken/huge.xml"
	NotFeed  = "/broken/page.html"
	ETagged  = "/etag.xml"
)

// ArticleURL returns the address of an article.
func (n *Newsroom) ArticleURL(slug string) string { return n.URL + "/articles/" + slug }

func (n *Newsroom) serve(w http.ResponseWriter, r *http.Request) {
	n.mu.Lock()
	n.hits[r.URL.Path]++
	n.mu.Unlock()
	switch p := r.URL.Path; {
	case p == KoRSS:
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write(n.rss("연합 탈북 소식", "ko", KoArticles, ""))
	case p == EnAtom:
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(n.atom())
	case p == EnJSON:
		w.Header().Set("Content-Type", "application/feed+json")
		w.Write(n.jsonFeed())
	case p == EUCKR:
		body := n.rss("옛 인코딩 신문", "ko", KoArticles[:1], "EUC-KR")
		enc, _ := korean.EUCKR.NewEncoder().Bytes(body)
		w.Header().Set("Content-Type", "text/xml")
		w.Write(enc)
	case p == Control:
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		body := n.rss("Broken\b Wire", "en", []Article{{"en-control", "Defectors\b repatriated\x0b from Yanji",
			"Chinese police repatriated\x08 more than 20 North Korean defectors from Yanji on May 1, a\x01 source said.", "2024-05-03T00:00:00Z"}}, "")
		w.Write(body)
	case p == Error500:
		http.Error(w, "internal error", http.StatusInternalServerError)
	case p == Slow:
		select {
		case <-r.Context().Done():
		case <-time.After(n.SlowFor):
		}
		w.Write(n.rss("slow", "en", EnArticles[:1], ""))
	case p == Huge:
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title><description>`))
		w.Write(bytes.Repeat([]byte("x"), n.HugeBytes))
		w.Write([]byte(`</description></channel></rss>`))
	case p == NotFeed:
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body><p>This is a web page, not a feed.</p></body></html>"))
	case p == ETagged:
		w.Header().Set("ETag", ETag)
		if r.Header.Get("If-None-Match") == ETag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(n.rss("etag", "en", EnArticles[1:2], ""))
	case strings.HasPrefix(p, "/articles/"):
		slug := strings.TrimPrefix(p, "/articles/")
		for _, a := range append(append([]Article{}, KoArticles...), EnArticles...) {
			if a.Slug == slug {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title><script>track()</script></head><body><nav>Home | World</nav><article><h1>%s</h1><p>%s</p></article></body></html>",
					esc(a.Title), esc(a.Title), esc(a.Body))
				return
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func (n *Newsroom) rss(title, lang string, arts []Article, encoding string) []byte {
	var b bytes.Buffer
	if encoding == "" {
		encoding = "UTF-8"
	}
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="%s"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>%s</title><link>%s/</link><language>%s</language><atom:link href="%s" rel="self"/>
`, encoding, esc(title), n.URL, lang, n.URL)
	for _, a := range arts {
		fmt.Fprintf(&b, "<item><title>%s</title><link>/articles/%s</link><atom:link href=\"/ignored\"/><guid isPermaLink=\"false\">%s</guid><pubDate>%s</pubDate><description>&lt;p&gt;%s&lt;/p&gt;</description></item>\n",
			esc(a.Title), a.Slug, a.Slug, a.Published, esc(esc(a.Body)))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func (n *Newsroom) atom() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Rights Wire</title><id>%s/</id><updated>2024-05-13T09:00:00Z</updated>
`, n.URL)
	for _, a := range EnArticles[:2] {
		fmt.Fprintf(&b, `<entry><id>tag:newsroom,2024:%s</id><title type="text">%s</title><link rel="alternate" href="%s"/><updated>%s</updated><summary type="html">&lt;p&gt;%s&lt;/p&gt;</summary></entry>
`, a.Slug, esc(a.Title), n.ArticleURL(a.Slug), a.Published, esc(esc(a.Body)))
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

func (n *Newsroom) jsonFeed() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"version":"https://jsonfeed.org/version/1.1","title":"Rights Wire JSON","language":"en","items":[`)
	for i, a := range EnArticles {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%q,"url":%q,"title":%q,"content_text":%q,"date_published":%q}`, a.Slug, n.ArticleURL(a.Slug), a.Title, a.Body, a.Published)
	}
	b.WriteString("]}")
	return b.Bytes()
}
