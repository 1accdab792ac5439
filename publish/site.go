package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"vigil"
	"vigil/i18n"
	"vigil/web"
)

// Pages lists every template of the public site; each is parsed with
// public_layout.html. A test fails when a public_*.html template is not
// listed here.
var Pages = []string{"public_root", "public_home", "public_incidents", "public_incident", "public_totals", "public_figure",
	"public_law", "public_organizations", "public_campaigns", "public_reports", "public_report", "public_data", "public_error"}

// Languages are the languages of the public site, each under its own
// directory ("en/", "ko/").
var Languages = i18n.Languages

// Site renders the public site from Data. The same pages serve the live
// site and the static export, so both have relative links and the same
// bytes: a page's links work wherever the tree of files is put.
type Site struct {
	msgs  *i18n.Bundle
	pages map[string]*template.Template
}

// NewSite parses the embedded public templates and locales.
func NewSite() (*Site, error) {
	msgs, err := i18n.Load(web.FS, "locales")
	if err != nil {
		return nil, err
	}
	s := &Site{msgs: msgs, pages: map[string]*template.Template{}}
	for _, name := range Pages {
		t, err := template.New(name).Funcs(s.funcs()).ParseFS(web.FS, "templates/public_layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("publish: parse %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return s, nil
}

// Messages returns the locale bundle.
func (s *Site) Messages() *i18n.Bundle { return s.msgs }

// T returns the message key in lang.
func (s *Site) T(lang, key string, args ...any) string { return s.msgs.T(lang, key, args...) }

func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"t":        func(lang, key string, args ...any) string { return s.msgs.T(lang, key, args...) },
		"tn":       func(lang, key string, n int, args ...any) string { return s.msgs.N(lang, key, n, args...) },
		"num":      i18n.Int,
		"day":      i18n.Day,
		"month":    i18n.Month,
		"date":     i18n.Date,
		"interval": i18n.Interval,
		"names":    func(n vigil.Names, lang string) string { return n.In(lang) },
		"deref":    func(p *int) int { return *p },
		"idstr":    func(id int64) string { return strconv.FormatInt(id, 10) },
		"add1":     func(i int) int { return i + 1 },
		"item":     func(v *view, i *Incident) incidentItem { return incidentItem{V: v, I: i} },
		"cite":     func(v *view, s *Source) citeItem { return citeItem{V: v, S: s} },
		"step":     func(v *view, s CampaignStep) stepItem { return stepItem{V: v, S: s} },
	}
}

// File is one file of the public site: a path relative to the site's
// root ("en/incidents/3.html") and a function that makes its bytes.
type File struct {
	Path string
	Type string
	Make func() ([]byte, error)
}

// view is what every public template receives.
type view struct {
	Lang string
	// Path is the page's own path from the site's root.
	Path string
	// Section names the navigation entry the page belongs to.
	Section string
	Title   string
	// Alternates are the page in each language (hreflang).
	Alternates []alternate
	// Live is set when the page is served by the live site, which can
	// answer a form; the static site offers links instead.
	Live bool
	Data any
	site *Site
}

// alternate is the page in another language.
type alternate struct {
	Lang, Path string
}

// Rel is the link from this page to the site path target: relative, so
// that it works from file:// and under any prefix.
func (v *view) Rel(target string) string { return relPath(v.Path, target) }

// Href is Rel to a path in the page's language: Href "incidents/3.html".
func (v *view) Href(target string) string { return v.Rel(v.Lang + "/" + target) }

// T is the message key in the page's language.
func (v *view) T(key string, args ...any) string { return v.site.msgs.T(v.Lang, key, args...) }

// relPath is the relative URL from the page at from to the file at to,
// both relative to the site's root.
func relPath(from, to string) string {
	dir := path.Dir(from)
	if dir == "." {
		dir = ""
	}
	up := 0
	for dir != "" && !strings.HasPrefix(to, dir+"/") {
		dir = path.Dir(dir)
		if dir == "." {
			dir = ""
		}
		up++
	}
	rest := to
	if dir != "" {
		rest = strings.TrimPrefix(to, dir+"/")
	}
	return strings.Repeat("../", up) + rest
}

// render executes a template into bytes.
func (s *Site) render(name string, v *view) ([]byte, error) {
	t, ok := s.pages[name]
	if !ok {
		return nil, fmt.Errorf("publish: unknown page %s", name)
	}
	v.site = s
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "public_layout", v); err != nil {
		return nil, fmt.Errorf("publish: render %s (%s): %w", name, v.Path, err)
	}
	return b.Bytes(), nil
}

// page is a File that renders a template in one language, with its
// alternates in the others.
func (s *Site) page(lang, rel, section, name string, title func(lang string) string, data func(lang string) (any, error), live bool) File {
	p := lang + "/" + rel
	return File{Path: p, Type: "text/html; charset=utf-8", Make: func() ([]byte, error) {
		v := &view{Lang: lang, Path: p, Section: section, Live: live}
		for _, l := range Languages {
			v.Alternates = append(v.Alternates, alternate{Lang: l, Path: l + "/" + rel})
		}
		v.Title = title(lang)
		var err error
		if v.Data, err = data(lang); err != nil {
			return nil, err
		}
		return s.render(name, v)
	}}
}

// Files lists every file of the public site for d, sorted by path. live
// is set for the live site (forms for a chosen period).
func (s *Site) Files(d *Data, live bool) ([]File, error) {
	var out []File
	out = append(out, File{Path: "index.html", Type: "text/html; charset=utf-8", Make: func() ([]byte, error) {
		v := &view{Lang: Languages[0], Path: "index.html", Title: s.T(Languages[0], "pub.site.title")}
		for _, l := range Languages {
			v.Alternates = append(v.Alternates, alternate{Lang: l, Path: l + "/index.html"})
		}
		return s.render("public_root", v)
	}})
	for _, lang := range Languages {
		out = append(out, s.langPages(d, lang, live)...)
		out = append(out, s.feeds(d, lang)...)
	}
	for _, sha := range sortedKeys(d.Images) {
		img := d.Images[sha]
		out = append(out, File{Path: imagePath(sha, img.MediaType), Type: img.MediaType, Make: func() ([]byte, error) { return img.Data, nil }})
	}
	out = append(out, dataFiles(d)...)
	for _, name := range []string{"public.css", "viz.css"} {
		out = append(out, File{Path: "static/" + name, Type: "text/css; charset=utf-8", Make: func() ([]byte, error) {
			return fs.ReadFile(web.FS, "static/"+name)
		}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	for i := 1; i < len(out); i++ {
		if out[i].Path == out[i-1].Path {
			return nil, fmt.Errorf("publish: two files at %s", out[i].Path)
		}
	}
	return out, nil
}

// imagePath is where a photo lives in the site.
func imagePath(sha, mediaType string) string {
	ext := map[string]string{"image/jpeg": ".jpg", "image/png": ".png"}[mediaType]
	return "images/" + sha + ext
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// navItem is an entry of the site's navigation.
type navItem struct{ Key, Path string }

// Nav lists the site's sections, each with its page in the language.
func (v *view) Nav() []navItem {
	return []navItem{{"incidents", "incidents/index.html"}, {"totals", "totals/index.html"}, {"reports", "reports/index.html"},
		{"law", "law.html"}, {"organizations", "organizations.html"}, {"campaigns", "campaigns.html"}, {"data", "data.html"}}
}

// incidentItem is the data of the public_incident_item partial.
type incidentItem struct {
	V *view
	I *Incident
}

// citeItem is the data of the public_citation partial.
type citeItem struct {
	V *view
	S *Source
}

// stepItem is the data of the public_step partial.
type stepItem struct {
	V *view
	S CampaignStep
}
