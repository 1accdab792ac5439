package storetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/exchange"
)

// Crawler fetches, as one reader, every same-origin address reachable from
// its start addresses, each once: links, stylesheets, scripts and images
// of HTML pages, the addresses GET forms submit with their current
// values, redirect targets, href and src attributes of feeds and SVG, and
// in the JSON API every operation the OpenAPI document lists, with the ids
// found in list responses (and in references: incident_id, source_id, …)
// filled into the detail paths. PDFs are read through pdftotext as well
// as byte for byte. It does not send anything but GET.
type Crawler struct {
	// Base is the server's address ("http://127.0.0.1:port").
	Base string
	// Client sends the requests (with the reader's cookies); it must not
	// follow redirects: the crawler reads each Location itself.
	Client *http.Client
	// Lang is the Accept-Language of every request.
	Lang string
	// Max bounds the number of fetches; PerPath the number of addresses
	// with a query string fetched per path (sort orders, filters, pages).
	Max, PerPath int

	// Pages are the responses, in the order fetched.
	Pages []*Page
	// Capped counts the addresses left out by PerPath; Truncated is set
	// when Max stopped the crawl.
	Capped    int
	Truncated bool

	queue     []queued
	seen      map[string]bool
	perPath   map[string]int
	ids       map[string][]int64 // API collection path → ids seen
	idSeen    map[string]bool
	templates []string // API GET paths with {id}
	hashes    []string // image hashes seen in JSON
}

// Page is one response.
type Page struct {
	URL, From   string
	Status      int
	ContentType string
	Header      http.Header
	Body        []byte
	// Text is what pdftotext reads from a PDF ("" otherwise).
	Text string
}

type queued struct{ url, from string }

// Haystack is everything of a response a reader receives, as one text:
// the header lines (Location, Content-Disposition, ETag …), the body and,
// for a PDF, its text.
func (p *Page) Haystack() string {
	var b strings.Builder
	for k, vs := range p.Header {
		for _, v := range vs {
			b.WriteString(k + ": " + v + "\n")
		}
	}
	b.Write(p.Body)
	b.WriteString("\n" + p.Text)
	return b.String()
}

// HTML reports whether the page is an HTML document.
func (p *Page) HTML() bool { return p.ContentType == "text/html" }

// Crawl fetches everything reachable from the start addresses (paths on
// Base).
func (c *Crawler) Crawl(tb testing.TB, starts ...string) {
	tb.Helper()
	c.seen, c.perPath, c.ids, c.idSeen = map[string]bool{}, map[string]int{}, map[string][]int64{}, map[string]bool{}
	for _, s := range starts {
		c.enqueue(s, "start")
	}
	for len(c.queue) > 0 {
		if len(c.Pages) >= c.Max {
			c.Truncated = true
			return
		}
		q := c.queue[0]
		c.queue = c.queue[1:]
		p := c.fetch(tb, q)
		c.Pages = append(c.Pages, p)
		c.follow(tb, p)
	}
}

// enqueue adds a same-origin address, resolved against from, once.
func (c *Crawler) enqueue(ref, from string) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "#") || strings.HasPrefix(ref, "data:") || strings.HasPrefix(ref, "mailto:") ||
		strings.HasPrefix(ref, "javascript:") {
		return
	}
	base, err := url.Parse(c.Base + "/")
	if err != nil {
		return
	}
	if from != "start" {
		if fu, err := url.Parse(c.Base + from); err == nil {
			base = fu
		}
	}
	u, err := base.Parse(ref)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host != base.Host {
		return
	}
	u.Fragment = ""
	u.RawQuery = u.Query().Encode() // one spelling per query
	key := u.RequestURI()
	if c.seen[key] {
		return
	}
	if u.RawQuery != "" {
		if c.perPath[u.Path] >= c.PerPath {
			c.Capped++
			c.seen[key] = true
			return
		}
		c.perPath[u.Path]++
	}
	c.seen[key] = true
	c.queue = append(c.queue, queued{key, from})
}

func (c *Crawler) fetch(tb testing.TB, q queued) *Page {
	tb.Helper()
	req, err := http.NewRequest("GET", c.Base+q.url, nil)
	MustOK(tb, err, "request "+q.url)
	if c.Lang != "" {
		req.Header.Set("Accept-Language", c.Lang)
	}
	res, err := c.Client.Do(req)
	MustOK(tb, err, "GET "+q.url)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	MustOK(tb, err, "read "+q.url)
	ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type"))
	p := &Page{URL: q.url, From: q.from, Status: res.StatusCode, ContentType: ct, Header: res.Header, Body: body}
	if ct == "application/pdf" {
		p.Text = pdfText(tb, body)
	}
	return p
}

// pdfText is the text of a PDF by pdftotext (poppler-utils). Without it
// the test fails under CI=true and otherwise searches the bytes only.
func pdfText(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("pdftotext is not installed (apt-get install poppler-utils): the crawl cannot read PDFs")
		}
		tb.Logf("pdftotext is not installed: PDFs are searched byte for byte only")
		return ""
	}
	cmd := exec.Command(path, "-q", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	MustOK(tb, err, "pdftotext")
	return string(out)
}

// hrefs are the link attributes of feeds and SVG.
var hrefs = regexp.MustCompile(`(?:href|src)="([^"]+)"`)

// follow enqueues what a page links to.
func (c *Crawler) follow(tb testing.TB, p *Page) {
	tb.Helper()
	if loc := p.Header.Get("Location"); loc != "" {
		c.enqueue(loc, p.URL)
	}
	if p.Status >= 400 && p.Status != 404 {
		return
	}
	switch {
	case p.HTML():
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
		MustOK(tb, err, "parse "+p.URL)
		for _, sel := range []struct{ q, attr string }{{"a[href]", "href"}, {"area[href]", "href"}, {"link[href]", "href"},
			{"img[src]", "src"}, {"script[src]", "src"}, {"source[src]", "src"}, {"iframe[src]", "src"}, {"object[data]", "data"}} {
			doc.Find(sel.q).Each(func(_ int, s *goquery.Selection) { c.enqueue(s.AttrOr(sel.attr, ""), p.URL) })
		}
		doc.Find("form").Each(func(_ int, f *goquery.Selection) {
			if m := strings.ToLower(f.AttrOr("method", "get")); m != "get" {
				return
			}
			action := f.AttrOr("action", p.URL)
			u, err := url.Parse(action)
			if err != nil {
				return
			}
			q := u.Query()
			for k, vs := range FormValues(f) {
				q[k] = vs
			}
			u.RawQuery = q.Encode()
			c.enqueue(u.String(), p.URL)
		})
	case strings.HasSuffix(p.ContentType, "xml") || p.ContentType == "image/svg+xml":
		for _, m := range hrefs.FindAllSubmatch(p.Body, -1) {
			c.enqueue(htmlUnescape(string(m[1])), p.URL)
		}
	case strings.HasSuffix(p.ContentType, "json") && p.Status == 200:
		var v any
		if json.Unmarshal(p.Body, &v) != nil {
			return
		}
		u, _ := url.Parse(p.URL)
		if strings.HasSuffix(u.Path, "/openapi.json") {
			c.openAPI(v)
			return
		}
		c.walkJSON(p.URL, collection(u.Path), "", v, true)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&#34;", `"`, "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// collection is the API collection of the records an address returns:
// /api/v1/letters/3 → /api/v1/letters, /api/v1/letters/3/signatures →
// /api/v1/signatures.
func collection(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for n, part := range parts {
		if _, err := strconv.ParseInt(part, 10, 64); err == nil {
			if n+1 < len(parts) {
				return "/api/v1/" + parts[len(parts)-1]
			}
			return "/" + strings.Join(parts[:n], "/")
		}
	}
	return "/" + strings.Join(parts, "/")
}

// refCollections maps a reference in an API record to the collection it
// points into ("" for the record's own collection).
var refCollections = map[string]string{
	"incident_id": "incidents", "incident_ids": "incidents", "from_id": "incidents", "to_id": "incidents", "cohort_id": "incidents",
	"preferred_claim_id": "claims", "source_id": "sources", "source_ids": "sources", "evidence_source_id": "sources",
	"place_id": "places", "perpetrator_id": "actors", "person_id": "actors", "organization_id": "actors", "publisher_id": "actors",
	"photographer_id": "actors", "recipient_id": "actors", "target_ids": "actors", "post_id": "posts", "campaign_id": "campaigns",
	"ask_id": "asks", "event_id": "events", "letter_id": "letters", "instrument_id": "instruments", "provision_id": "provisions",
	"parent_id": "",
}

var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

// walkJSON enqueues the detail addresses of the ids in a JSON value read
// from collection coll: the ids of list items, and references.
func (c *Crawler) walkJSON(from, coll, key string, v any, top bool) {
	switch x := v.(type) {
	case map[string]any:
		if items, ok := x["items"].([]any); ok && top {
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					if id, ok := m["id"].(float64); ok {
						c.addID(from, coll, int64(id))
					}
				}
				c.walkJSON(from, coll, "", it, false)
			}
			return
		}
		if id, ok := x["id"].(float64); ok && top {
			c.addID(from, coll, int64(id))
		}
		for k, e := range x {
			c.walkJSON(from, coll, k, e, false)
		}
	case []any:
		for _, e := range x {
			c.walkJSON(from, coll, key, e, false)
		}
	case float64:
		if res, ok := refCollections[key]; ok {
			target := coll
			if res != "" {
				target = "/api/v1/" + res
			}
			if strings.HasPrefix(target, "/api/v1/") && !strings.HasPrefix(target, "/api/v1/public") {
				c.addID(from, target, int64(x))
			}
		}
	case string:
		if sha256Hex.MatchString(x) && !slices.Contains(c.hashes, x) {
			c.hashes = append(c.hashes, x)
			c.fill()
		}
		if strings.HasPrefix(x, "/") && !strings.HasPrefix(x, "//") {
			c.enqueue(x, from)
		}
	}
}

// addID records an id of a collection and enqueues its addresses.
func (c *Crawler) addID(from, coll string, id int64) {
	key := coll + "/" + strconv.FormatInt(id, 10)
	if c.idSeen[key] {
		return
	}
	c.idSeen[key] = true
	c.ids[coll] = append(c.ids[coll], id)
	for _, tpl := range c.templates {
		if strings.HasPrefix(tpl, coll+"/{id}") {
			c.enqueue(strings.Replace(tpl, "{id}", strconv.FormatInt(id, 10), 1), from)
		}
	}
}

// fill enqueues every template with every id of its collection (ids met
// before the OpenAPI document) and every image hash met.
func (c *Crawler) fill() {
	for _, tpl := range c.templates {
		switch {
		case strings.Contains(tpl, "{id}"):
			coll := tpl[:strings.Index(tpl, "/{id}")]
			for _, id := range c.ids[coll] {
				c.enqueue(strings.Replace(tpl, "{id}", strconv.FormatInt(id, 10), 1), "start")
			}
		case strings.Contains(tpl, "{sha256}"):
			for _, h := range c.hashes {
				c.enqueue(strings.Replace(tpl, "{sha256}", h, 1), "start")
			}
		}
	}
}

// openAPI enqueues every GET operation of the document: list operations
// with the largest page, required query parameters with each of their
// values (an enum, the event types), and path parameters from the ids,
// hashes and formats the crawl finds.
func (c *Crawler) openAPI(v any) {
	doc, _ := v.(map[string]any)
	paths, _ := doc["paths"].(map[string]any)
	names := make([]string, 0, len(paths))
	for p := range paths {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		ops, _ := paths[p].(map[string]any)
		get, ok := ops["get"].(map[string]any)
		if !ok {
			continue
		}
		if strings.Contains(p, "{format}") {
			for _, f := range exchange.ExportFormats {
				c.enqueue(strings.Replace(p, "{format}", f.Name, 1), "start")
			}
			continue
		}
		if strings.Contains(p, "{") {
			c.templates = append(c.templates, p)
			continue
		}
		queries := []url.Values{{}}
		params, _ := get["parameters"].([]any)
		for _, prm := range params {
			m, _ := prm.(map[string]any)
			name, _ := m["name"].(string)
			if m["in"] != "query" {
				continue
			}
			if name == "limit" {
				for _, q := range queries {
					q.Set("limit", strconv.Itoa(vigil.MaxLimit))
				}
				continue
			}
			if req, _ := m["required"].(bool); !req {
				continue
			}
			var values []string
			if sch, ok := m["schema"].(map[string]any); ok {
				if enum, ok := sch["enum"].([]any); ok {
					for _, e := range enum {
						values = append(values, fmt.Sprint(e))
					}
				}
			}
			if name == "event" {
				for _, ev := range vigil.EventTypes {
					values = append(values, string(ev))
				}
			}
			if len(values) == 0 {
				continue
			}
			var next []url.Values
			for _, q := range queries {
				for _, val := range values {
					n := url.Values{}
					for k, vs := range q {
						n[k] = vs
					}
					n.Set(name, val)
					next = append(next, n)
				}
			}
			queries = next
		}
		for _, q := range queries {
			u := p
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			c.enqueue(u, "start")
		}
	}
	c.fill()
}

// FormValues reads the current values of a form, as a browser submits it
// unchanged.
func FormValues(f *goquery.Selection) url.Values {
	v := url.Values{}
	f.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			v.Add(name, s.Text())
		case "select":
			sel := s.Find("option[selected]")
			if sel.Length() == 0 {
				sel = s.Find("option").First()
			}
			v.Add(name, sel.AttrOr("value", ""))
		default:
			switch s.AttrOr("type", "text") {
			case "checkbox", "radio":
				if _, on := s.Attr("checked"); on {
					v.Add(name, s.AttrOr("value", "on"))
				}
			case "submit", "button", "file":
			default:
				v.Add(name, s.AttrOr("value", ""))
			}
		}
	})
	return v
}
