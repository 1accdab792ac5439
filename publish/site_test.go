package publish_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"vigil"
	"vigil/publish"
	"vigil/store/storetest"
	"vigil/web"
)

// mustFile renders the site file at p.
func mustFile(t *testing.T, s *publish.Site, d *publish.Data, p string) []byte {
	t.Helper()
	files, err := s.Files(d, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Path == p {
			b, err := f.Make()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no file %s", p)
	return nil
}

func mustDoc(t *testing.T, b []byte) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// TestSeedPostIsABilingualReport: the demo's seed post is published in
// English and Korean, each linking to the other, with numbered citations,
// the live total and the photo credit.
func TestSeedPostIsABilingualReport(t *testing.T) {
	s, d := mustSite(t, mustDemo(t))
	cases := []struct {
		lang, other, translation, best, rng, credit, byline string
	}{
		{"en", "ko", "한국어로 읽기", "855", "(range 770–940)", "Photo: Bitna Kim (김빛나)", "Written by Lauren Yhip for Yonsei GSIS Human Rights Hub"},
		{"ko", "en", "Read in English", "855명", "(범위 770~940명)", "사진: Bitna Kim (김빛나)", "글: 로런 입(Lauren Yhip), 연세대 국제학대학원 인권 허브"},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			doc := mustDoc(t, mustFile(t, s, d, c.lang+"/reports/2024-05-mofa-demonstration.html"))
			if got := doc.Find("html").AttrOr("lang", ""); got != c.lang {
				t.Errorf("html lang %q", got)
			}
			other := "../../" + c.other + "/reports/2024-05-mofa-demonstration.html"
			if href := doc.Find(`link[rel=alternate][hreflang="`+c.other+`"]`).AttrOr("href", ""); href != other {
				t.Errorf("hreflang %s link %q, want %q", c.other, href, other)
			}
			if a := doc.Find("p.translation a"); a.AttrOr("href", "") != other || !strings.Contains(text(a), c.translation) {
				t.Errorf("translation link %q → %q", text(a), a.AttrOr("href", ""))
			}
			if got := text(doc.Find(".byline")); got != c.byline {
				t.Errorf("byline %q", got)
			}
			// Numbered citations: [1] twice (the NKHR release), [2] once.
			var marks []string
			doc.Find("sup.cite a").Each(func(_ int, a *goquery.Selection) { marks = append(marks, text(a)+"→"+a.AttrOr("href", "")) })
			if want := []string{"[1]→#cite-1", "[1]→#cite-1", "[2]→#cite-2"}; !slices.Equal(marks, want) {
				t.Errorf("citation marks %v, want %v", marks, want)
			}
			notes := doc.Find("section.citations li")
			if notes.Length() != 2 || !strings.HasPrefix(text(notes.Eq(0).Find(".publisher")), "Citizens' Alliance") || text(notes.Eq(1).Find(".publisher")) != "Daily NK" {
				t.Errorf("footnotes: %q", text(notes))
			}
			if notes.Eq(0).AttrOr("id", "") != "cite-1" || notes.Eq(0).Find("a.backref").Length() != 2 {
				t.Errorf("footnote 1 has id %q and %d back links", notes.Eq(0).AttrOr("id", ""), notes.Eq(0).Find("a.backref").Length())
			}
			fig := doc.Find("a.live-figure")
			if text(fig.Find(".best")) != c.best || text(fig.Parent().Find(".range")) != c.rng {
				t.Errorf("live figure %q %q", text(fig.Find(".best")), text(fig.Parent().Find(".range")))
			}
			if href := fig.AttrOr("href", ""); href != "../totals/repatriation_2023-10-01_2024-05-31.html" {
				t.Errorf("live figure links to %q", href)
			}
			photo := doc.Find("figure.photo")
			if text(photo.Find(".credit")) != c.credit || photo.Find("img").AttrOr("alt", "") == "" || !strings.HasPrefix(photo.Find("img").AttrOr("src", ""), "../../images/") {
				t.Errorf("photo: %q, img %v", text(photo.Find(".credit")), photo.Find("img").Nodes)
			}
			if doc.Find("a.incident-ref").Length() != 4 {
				t.Errorf("%d incident links, want 4", doc.Find("a.incident-ref").Length())
			}
		})
	}
	t.Run("the figure's page lists the incidents behind it", func(t *testing.T) {
		doc := mustDoc(t, mustFile(t, s, d, "en/totals/repatriation_2023-10-01_2024-05-31.html"))
		if text(doc.Find("dd.best")) != "855" || text(doc.Find("dd.low")) != "770" || text(doc.Find("dd.high")) != "940" {
			t.Errorf("figure page: %q %q %q", text(doc.Find("dd.low")), text(doc.Find("dd.best")), text(doc.Find("dd.high")))
		}
		var ids []string
		doc.Find("ol.behind li").Each(func(_ int, li *goquery.Selection) { ids = append(ids, li.AttrOr("data-id", "")) })
		if !slices.Equal(ids, []string{"1", "2", "3"}) {
			t.Errorf("incidents behind: %v", ids)
		}
	})
}

// TestCitationsShowURLAndArchive: a cited source shows its URL,
// publisher, date and, when an archived copy exists, its hash.
func TestCitationsShowURLAndArchive(t *testing.T) {
	st := mustDemo(t)
	src := storetest.NewSource("Yonhap", "", "B", "2024-04-29")
	src.URL = "https://example.org/yonhap/2024-04-29"
	if err := st.CreateSource(admin, src); err != nil {
		t.Fatal(err)
	}
	r := storetest.NewReport("cited", "en", "Cited", "As reported {{cite "+itoa(src.ID)+"}}.")
	r.Status = vigil.ReportPublished
	if err := st.CreateReport(admin, r); err != nil {
		t.Fatal(err)
	}
	const hash = "5f2b5b1a0c9d6e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f"
	archives := func(_ context.Context, ids []int64) (map[int64]publish.Archive, error) {
		return map[int64]publish.Archive{src.ID: {SHA256: hash, RetrievedAt: time.Date(2024, 4, 30, 0, 0, 0, 0, time.UTC)}}, nil
	}
	d, err := publish.Load(context.Background(), st, publish.Options{Archives: archives})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := publish.NewSite()
	doc := mustDoc(t, mustFile(t, s, d, "en/reports/cited.html"))
	note := doc.Find("#cite-1")
	if text(note.Find(".publisher")) != "Yonhap" || note.Find("a.url").AttrOr("href", "") != src.URL ||
		text(note.Find(".published")) != "29 April 2024" || !strings.Contains(text(note.Find(".archive")), hash) {
		t.Errorf("footnote %q", text(note))
	}

	t.Run("from the monitoring records' snapshots", func(t *testing.T) {
		const stored = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		sn := &vigil.Snapshot{Meta: vigil.Meta{Sensitivity: vigil.Public}, SourceID: &src.ID, URL: src.URL, Status: 200,
			RetrievedAt: time.Date(2024, 4, 30, 1, 0, 0, 0, time.UTC), SHA256: stored, Size: 10, ContentType: "text/html"}
		if err := st.CreateSnapshot(admin, sn); err != nil {
			t.Fatal(err)
		}
		s, d := mustSite(t, st) // Load reads the store's snapshots itself
		doc := mustDoc(t, mustFile(t, s, d, "en/reports/cited.html"))
		if got := text(doc.Find("#cite-1 .archive")); !strings.Contains(got, stored) {
			t.Errorf("archive %q, want the snapshot's hash", got)
		}
	})
}

// TestStaticExportIsReproducible writes the site twice, from two
// readings of the same data, and compares every byte.
func TestStaticExportIsReproducible(t *testing.T) {
	st := mustDemo(t)
	dirs := []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")}
	for _, dir := range dirs {
		s, d := mustSite(t, st)
		if _, err := s.WriteDir(context.Background(), d, dir); err != nil {
			t.Fatal(err)
		}
	}
	a, b := readTree(t, dirs[0]), readTree(t, dirs[1])
	if len(a) < 40 {
		t.Fatalf("only %d files", len(a))
	}
	for p, body := range a {
		if !bytes.Equal(body, b[p]) {
			t.Errorf("%s differs between two exports", p)
		}
	}
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
	t.Run("links resolve within the export", func(t *testing.T) {
		for p, body := range a {
			if !strings.HasSuffix(p, ".html") {
				continue
			}
			doc := mustDoc(t, body)
			doc.Find("a[href], link[href], img[src]").Each(func(_ int, e *goquery.Selection) {
				ref := e.AttrOr("href", e.AttrOr("src", ""))
				if ref == "" || strings.HasPrefix(ref, "#") || strings.Contains(ref, "://") {
					return
				}
				if strings.HasPrefix(ref, "/") {
					t.Errorf("%s: absolute link %q breaks file://", p, ref)
					return
				}
				target := path.Clean(path.Join(path.Dir(p), strings.SplitN(ref, "#", 2)[0]))
				if _, ok := a[target]; !ok {
					t.Errorf("%s: link %q points at %s, which is not in the export", p, ref, target)
				}
			})
		}
	})
	t.Run("refuses a directory it did not write", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "thesis.docx"), []byte("mine"), 0o600); err != nil {
			t.Fatal(err)
		}
		s, d := mustSite(t, st)
		if _, err := s.WriteDir(context.Background(), d, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("error %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "thesis.docx")); err != nil {
			t.Fatal("the file is gone")
		}
		// An earlier export is replaced whole.
		if _, err := s.WriteDir(context.Background(), d, dirs[0]); err != nil {
			t.Fatalf("rewriting an export: %v", err)
		}
	})
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

type atomFeed struct {
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Links   []struct {
			Href     string `xml:"href,attr"`
			HrefLang string `xml:"hreflang,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func TestAtomFeeds(t *testing.T) {
	st := mustDemo(t)
	s, d := mustSite(t, st)
	var reports atomFeed
	if err := xml.Unmarshal(mustFile(t, s, d, "en/reports.atom"), &reports); err != nil {
		t.Fatal(err)
	}
	if len(reports.Entries) != 1 || !strings.HasPrefix(reports.Entries[0].ID, "urn:uuid:") || reports.Entries[0].Links[0].Href != "reports/2024-05-mofa-demonstration.html" ||
		reports.Entries[0].Links[1].HrefLang != "ko" || !strings.Contains(reports.Entries[0].Content, "855") {
		t.Errorf("reports feed: %+v", reports)
	}
	var incidents atomFeed
	if err := xml.Unmarshal(mustFile(t, s, d, "ko/incidents.atom"), &incidents); err != nil {
		t.Fatal(err)
	}
	if len(incidents.Entries) != 4 {
		t.Fatalf("%d newly public incidents, want 4", len(incidents.Entries))
	}
	// Make a restricted incident public: it leads the feed.
	inc := &vigil.Incident{Meta: vigil.Meta{Sensitivity: vigil.Restricted}, Title: vigil.Names{Ko: "새로 공개된 사건", En: "Newly public"}, Event: vigil.EventArrest, Date: "2024-06-02"}
	if err := st.CreateIncident(admin, inc); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	inc.Sensitivity = vigil.Public
	if err := st.UpdateIncident(admin, inc); err != nil {
		t.Fatal(err)
	}
	s, d = mustSite(t, st)
	incidents = atomFeed{}
	if err := xml.Unmarshal(mustFile(t, s, d, "ko/incidents.atom"), &incidents); err != nil {
		t.Fatal(err)
	}
	if len(incidents.Entries) != 5 || incidents.Entries[0].Title != "새로 공개된 사건" || incidents.Entries[0].Links[0].Href != "incidents/"+itoa(inc.ID)+".html" {
		t.Errorf("after publishing an incident: %d entries, first %q", len(incidents.Entries), incidents.Entries[0].Title)
	}
}

// TestEveryPublicTemplateIsListed: a public_*.html template that is not
// in publish.Pages is never parsed.
func TestEveryPublicTemplateIsListed(t *testing.T) {
	files, err := fs.Glob(web.FS, "templates/public_*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name != "public_layout" && !slices.Contains(publish.Pages, name) {
			t.Errorf("template %s is not in publish.Pages", f)
		}
	}
}

// TestPublicMessageKeysExist: every literal key the public templates ask
// for exists in the locales (the locale completeness test of package ui
// checks that every key has both languages).
func TestPublicMessageKeysExist(t *testing.T) {
	s, err := publish.NewSite()
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\{\{-?\s*(?:t|tn)\s+[$.\w]+\s+"([^"]+)"`)
	files, _ := fs.Glob(web.FS, "templates/public_*.html")
	n := 0
	for _, f := range files {
		b, _ := fs.ReadFile(web.FS, f)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			n++
			if !s.Messages().Has(m[1]) {
				t.Errorf("%s uses key %q, which the locales lack", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d keys: the pattern is broken", n)
	}
	if p := s.Messages().Problems(); len(p) > 0 {
		t.Errorf("locale problems: %v", p)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
