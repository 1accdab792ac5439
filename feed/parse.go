// Package feed watches RSS, Atom and JSON feeds: it repairs and parses
// them, matches their items against keyword rules, and polls them in a
// background worker with conditional GET, per-feed backoff and a global
// concurrency limit. A malformed feed is repaired or reported on that
// feed alone; it never stops the worker or the other feeds.
// docs/monitoring.md describes the behaviour.
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"strings"
	"time"

	"vigil/archive"
)

// MaxItems bounds the items read from one feed document.
const MaxItems = 500

// Document is a parsed feed.
type Document struct {
	// Format is "rss", "rdf" (RSS 1.0), "atom" or "json".
	Format   string
	Title    string
	Language string
	Entries  []Entry
}

// Entry is one item of a feed, reduced to what triage needs.
type Entry struct {
	GUID  string
	URL   string
	Title string
	// Text is the summary or content as plain text.
	Text      string
	Published time.Time // zero when the feed gave no date it could read
}

// ErrNotFeed is wrapped when a body is neither a feed in XML nor JSON.
var ErrNotFeed = errors.New("not an RSS, Atom or JSON feed")

// Parse reads a feed body fetched from base (which resolves relative
// links) with the response's Content-Type. It repairs what it can
// (charsets, illegal control characters, invalid UTF-8, HTML entities)
// and says so in warnings; it fails when the body is not a feed.
func Parse(body []byte, contentType, base string) (*Document, []string, error) {
	baseURL, _ := url.Parse(base)
	trimmed := bytes.TrimLeft(body, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	mt, _, _ := mime.ParseMediaType(contentType)
	if len(trimmed) > 0 && trimmed[0] == '{' || strings.HasSuffix(mt, "json") && (len(trimmed) == 0 || trimmed[0] != '<') {
		doc, err := parseJSON(trimmed, baseURL)
		return doc, nil, err
	}
	clean, warnings := Sanitize(body, contentType)
	doc, err := parseXML(clean, baseURL)
	return doc, warnings, err
}

func parseXML(body []byte, base *url.URL) (*Document, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	// Sanitize has decoded the body to UTF-8 whatever it declares.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("feed: %w: no root element", ErrNotFeed)
			}
			return nil, fmt.Errorf("feed: %w: %v", ErrNotFeed, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch strings.ToLower(se.Name.Local) {
		case "rss", "rdf":
			var doc rssDoc
			if err := d.DecodeElement(&doc, &se); err != nil {
				return nil, fmt.Errorf("feed: malformed RSS: %w", err)
			}
			return doc.document(strings.ToLower(se.Name.Local), base), nil
		case "feed":
			var doc atomFeed
			if err := d.DecodeElement(&doc, &se); err != nil {
				return nil, fmt.Errorf("feed: malformed Atom: %w", err)
			}
			return doc.document(base), nil
		default:
			return nil, fmt.Errorf("feed: %w: the root element is <%s>", ErrNotFeed, se.Name.Local)
		}
	}
}

type rssDoc struct {
	Channel struct {
		Title    []string  `xml:"title"`
		Language []string  `xml:"language"`
		Items    []rssItem `xml:"item"`
	} `xml:"channel"`
	// RSS 1.0 puts items beside the channel.
	Items []rssItem `xml:"item"`
}

type rssItem struct {
	Title []string `xml:"title"`
	// Link is a list because <atom:link/> inside an item would otherwise
	// overwrite <link> with nothing.
	Link []string `xml:"link"`
	GUID []struct {
		Value       string `xml:",chardata"`
		IsPermaLink string `xml:"isPermaLink,attr"`
	} `xml:"guid"`
	About       string   `xml:"about,attr"`
	Description []string `xml:"description"`
	Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	PubDate     []string `xml:"pubDate"`
	Date        []string `xml:"http://purl.org/dc/elements/1.1/ date"`
}

func first(ss []string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

func (doc *rssDoc) document(format string, base *url.URL) *Document {
	out := &Document{Format: format, Title: clean(first(doc.Channel.Title)), Language: langTag(first(doc.Channel.Language))}
	items := append(doc.Channel.Items, doc.Items...)
	for _, it := range items {
		if len(out.Entries) == MaxItems {
			break
		}
		e := Entry{Title: htmlText(first(it.Title)), URL: resolve(base, first(it.Link))}
		for _, g := range it.GUID {
			if v := strings.TrimSpace(g.Value); v != "" {
				e.GUID = v
				if e.URL == "" && !strings.EqualFold(g.IsPermaLink, "false") {
					e.URL = resolve(base, v)
				}
				break
			}
		}
		if e.URL == "" && it.About != "" {
			e.URL = resolve(base, it.About)
		}
		body := it.Content
		if strings.TrimSpace(body) == "" {
			body = first(it.Description)
		}
		e.Text = htmlText(body)
		e.Published = parseTime(first(append(it.PubDate, it.Date...)))
		out.Entries = append(out.Entries, e)
	}
	return out
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Text  string `xml:",chardata"`
	Inner string `xml:",innerxml"`
}

// plain returns an Atom text construct as plain text.
func (t atomText) plain() string {
	switch strings.ToLower(t.Type) {
	case "xhtml":
		return htmlText(t.Inner)
	case "html", "text/html":
		return htmlText(t.Text)
	}
	return clean(t.Text)
}

type atomFeed struct {
	Title   atomText `xml:"title"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Entries []struct {
		ID    string   `xml:"id"`
		Title atomText `xml:"title"`
		Links []struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"link"`
		Summary   atomText `xml:"summary"`
		Content   atomText `xml:"content"`
		Published string   `xml:"published"`
		Updated   string   `xml:"updated"`
	} `xml:"entry"`
}

func (doc *atomFeed) document(base *url.URL) *Document {
	out := &Document{Format: "atom", Title: doc.Title.plain(), Language: langTag(doc.Lang)}
	for _, en := range doc.Entries {
		if len(out.Entries) == MaxItems {
			break
		}
		e := Entry{GUID: strings.TrimSpace(en.ID), Title: en.Title.plain()}
		for _, l := range en.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				e.URL = resolve(base, l.Href)
				break
			}
		}
		if e.URL == "" && strings.HasPrefix(e.GUID, "http") {
			e.URL = resolve(base, e.GUID)
		}
		e.Text = en.Content.plain()
		if e.Text == "" {
			e.Text = en.Summary.plain()
		}
		e.Published = parseTime(en.Published)
		if e.Published.IsZero() {
			e.Published = parseTime(en.Updated)
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

type jsonFeed struct {
	Version  string `json:"version"`
	Title    string `json:"title"`
	Language string `json:"language"`
	Items    []struct {
		ID            json.RawMessage `json:"id"`
		URL           string          `json:"url"`
		ExternalURL   string          `json:"external_url"`
		Title         string          `json:"title"`
		ContentHTML   string          `json:"content_html"`
		ContentText   string          `json:"content_text"`
		Summary       string          `json:"summary"`
		DatePublished string          `json:"date_published"`
		DateModified  string          `json:"date_modified"`
	} `json:"items"`
}

func parseJSON(body []byte, base *url.URL) (*Document, error) {
	var jf jsonFeed
	if err := json.Unmarshal(bytes.ToValidUTF8(body, []byte("\uFFFD")), &jf); err != nil {
		return nil, fmt.Errorf("feed: %w: malformed JSON Feed: %v", ErrNotFeed, err)
	}
	if !strings.HasPrefix(jf.Version, "https://jsonfeed.org/version/") {
		return nil, fmt.Errorf("feed: %w: JSON without a jsonfeed.org version", ErrNotFeed)
	}
	out := &Document{Format: "json", Title: clean(jf.Title), Language: langTag(jf.Language)}
	for _, it := range jf.Items {
		if len(out.Entries) == MaxItems {
			break
		}
		var id string
		if json.Unmarshal(it.ID, &id) != nil {
			id = strings.Trim(string(it.ID), `"`)
		}
		e := Entry{GUID: strings.TrimSpace(id), Title: clean(it.Title), URL: resolve(base, it.URL)}
		if e.URL == "" {
			e.URL = resolve(base, it.ExternalURL)
		}
		switch {
		case strings.TrimSpace(it.ContentText) != "":
			e.Text = cleanLines(it.ContentText)
		case strings.TrimSpace(it.ContentHTML) != "":
			e.Text = htmlText(it.ContentHTML)
		default:
			e.Text = cleanLines(it.Summary)
		}
		e.Published = parseTime(it.DatePublished)
		if e.Published.IsZero() {
			e.Published = parseTime(it.DateModified)
		}
		out.Entries = append(out.Entries, e)
	}
	return out, nil
}

// htmlText reads an HTML fragment (a feed's escaped description) as
// plain text.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanLines(s)
	}
	_, t := archive.HTMLText(strings.NewReader(s))
	return t
}

// clean collapses all whitespace to single spaces.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanLines collapses whitespace within lines and drops empty lines.
func cleanLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = clean(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// langTag reduces "ko-KR" or "en-us" to "ko" or "en"; other languages
// become "" (decided per item).
func langTag(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) >= 2 && (s[:2] == "ko" || s[:2] == "en") && (len(s) == 2 || s[2] == '-' || s[2] == '_') {
		return s[:2]
	}
	return ""
}

// resolve makes a link absolute against the feed's URL; anything that
// is not http(s) afterwards becomes "".
func resolve(base *url.URL, link string) string {
	link = strings.TrimSpace(link)
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.Fragment = ""
	return u.String()
}

// timeLayouts are the date forms seen in feeds: RFC 822 and its common
// misspellings in RSS, RFC 3339 in Atom and JSON Feed, and the bare
// forms some Korean publishers use.
var timeLayouts = []string{
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 02 Jan 2006 15:04 -0700", "Mon, 2 Jan 2006 15:04 -0700", "02 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 06 15:04:05 -0700", time.RFC822Z, time.RFC822, "Monday, 02-Jan-06 15:04:05 MST",
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006.01.02 15:04:05", "2006.01.02", "2006-01-02",
}

// parseTime reads a feed date, or returns the zero time. Dates without
// a zone are read as UTC. Zone abbreviations are read from a short table
// (KST, JST, GMT …): Go's own parser would give an unknown one ("KST")
// a zero offset and shift the time by nine hours.
func parseTime(s string) time.Time {
	s = clean(s)
	if s == "" {
		return time.Time{}
	}
	if i := strings.LastIndexByte(s, ' '); i > 0 {
		if off, ok := zones[strings.ToUpper(s[i+1:])]; ok {
			loc := time.FixedZone(s[i+1:], off)
			for _, l := range []string{"Mon, 2 Jan 2006 15:04:05", "Mon, 02 Jan 2006 15:04:05", "2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04", "Mon, 02 Jan 06 15:04:05", "2006-01-02 15:04:05"} {
				if t, err := time.ParseInLocation(l, s[:i], loc); err == nil {
					return t.UTC()
				}
			}
		}
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

var zones = map[string]int{"KST": 9 * 3600, "JST": 9 * 3600, "CST": 8 * 3600, "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "EST": -5 * 3600, "EDT": -4 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600}
