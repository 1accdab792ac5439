package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"vigil/i18n"
)

// Atom (RFC 4287) documents, written with encoding/xml: two feeds per
// language, the reports and the newly public incidents. Links are
// relative to the feed's own location (RFC 4287 §2: they resolve against
// the document's URI), ids are name-based UUIDs of the site path, and
// every timestamp comes from the data, so the same data gives the same
// bytes.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	// Base is the xml:base that relative links in the text resolve
	// against.
	Base string `xml:"xml:base,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Author    *atomName  `xml:"author,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   *atomText  `xml:"content,omitempty"`
}

type atomName struct {
	Name string `xml:"name"`
}

// atomID is the feed or entry id of a site path.
func atomID(p string) string {
	return "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte("vigil:public/"+p)).String()
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feeds are the Atom feeds of one language.
func (s *Site) feeds(d *Data, lang string) []File {
	return []File{
		{Path: lang + "/reports.atom", Type: "application/atom+xml", Make: func() ([]byte, error) { return s.reportFeed(d, lang) }},
		{Path: lang + "/incidents.atom", Type: "application/atom+xml", Make: func() ([]byte, error) { return s.incidentFeed(d, lang) }},
	}
}

// maxEntries bounds a feed.
const maxEntries = 100

func (s *Site) newFeed(d *Data, lang, name, titleKey, page string) *atomFeed {
	return &atomFeed{Lang: lang, ID: atomID(lang + "/" + name), Title: s.T(lang, titleKey), Updated: atomTime(d.AsOf),
		Author: atomAuthor{Name: s.T(lang, "pub.site.title")},
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: name}, {Rel: "alternate", Type: "text/html", Href: page}}}
}

func encodeFeed(f *atomFeed) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("publish: feed: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// reportFeed lists the reports in lang, newest first, with their bodies.
func (s *Site) reportFeed(d *Data, lang string) ([]byte, error) {
	f := s.newFeed(d, lang, "reports.atom", "pub.feed.reports", "reports/index.html")
	for _, r := range d.ReportsIn(lang) {
		if len(f.Entries) == maxEntries {
			break
		}
		page := reportPath(r.Slug)
		v := &view{Lang: lang, Path: lang + "/" + page, site: s}
		body, err := s.renderReport(d, r, v)
		if err != nil {
			return nil, err
		}
		content := string(body.Body) + citationsHTML(s, lang, body.Citations)
		e := atomEntry{ID: atomID(lang + "/" + page), Title: r.Title, Updated: atomTime(r.UpdatedAt), Published: atomTime(r.PublishedAt),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
			Content: &atomText{Type: "html", Base: page, Body: content}}
		if r.Byline != "" {
			e.Author = &atomName{Name: r.Byline}
		}
		if r.Summary != "" {
			e.Summary = &atomText{Body: r.Summary}
		}
		if tr := d.Translation(r); tr != nil {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: "../" + tr.Lang + "/" + reportPath(tr.Slug), HrefLang: tr.Lang})
		}
		f.Entries = append(f.Entries, e)
	}
	return encodeFeed(f)
}

// citationsHTML is a report's footnotes as an ordered list, for feeds.
func citationsHTML(s *Site, lang string, cs []citation) string {
	if len(cs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ol>")
	for _, c := range cs {
		b.WriteString("<li>")
		if c.Missing {
			b.WriteString(template.HTMLEscapeString(s.T(lang, "pub.unavailable")))
		} else {
			b.WriteString(template.HTMLEscapeString(citationText(s, lang, c.Source)))
		}
		b.WriteString("</li>")
	}
	b.WriteString("</ol>")
	return b.String()
}

// citationText is a source in one line: publisher, title, date, URL and
// the archived copy's hash.
func citationText(s *Site, lang string, src *Source) string {
	parts := []string{src.Publisher}
	if t := src.Title.In(lang); t != "" {
		parts = append(parts, "“"+t+"”")
	}
	if src.Published != "" {
		parts = append(parts, i18n.Date(lang, src.Published))
	}
	if src.URL != "" {
		parts = append(parts, src.URL)
	}
	if src.Archive != nil {
		parts = append(parts, s.T(lang, "pub.cite.archived", src.Archive.SHA256))
	}
	return strings.Join(parts, ", ")
}

// incidentFeed lists the incidents by when they became public, newest
// first.
func (s *Site) incidentFeed(d *Data, lang string) ([]byte, error) {
	f := s.newFeed(d, lang, "incidents.atom", "pub.feed.incidents", "incidents/index.html")
	var incs []*Incident
	for _, inc := range d.Incidents {
		if inc.PublicSince != nil {
			incs = append(incs, inc)
		}
	}
	slices.SortStableFunc(incs, func(a, b *Incident) int {
		if c := b.PublicSince.Compare(*a.PublicSince); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	for _, inc := range incs {
		if len(f.Entries) == maxEntries {
			break
		}
		page := incidentPath(inc.ID)
		summary := s.T(lang, "event."+string(inc.Event))
		if inc.Date != "" {
			summary += " · " + i18n.Date(lang, inc.Date)
		}
		if inc.Place != nil {
			summary += " · " + inc.Place.Name.In(lang)
		}
		if inc.Figure != nil {
			summary += " · " + s.T(lang, "pub.feed.figure", i18n.Interval(lang, inc.Figure))
		}
		f.Entries = append(f.Entries, atomEntry{ID: atomID(lang + "/" + page), Title: inc.Title.In(lang), Updated: atomTime(*inc.PublicSince),
			Published: atomTime(*inc.PublicSince), Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
			Summary: &atomText{Body: summary}})
	}
	return encodeFeed(f)
}
