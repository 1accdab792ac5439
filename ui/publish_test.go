package ui_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"vigil"
)

// sensitivityChoices lists the options of a form's sensitivity select.
func sensitivityChoices(doc *goquery.Document) string {
	var out []string
	doc.Find("select#f-sensitivity option").Each(func(_ int, o *goquery.Selection) {
		out = append(out, o.AttrOr("value", ""))
	})
	return strings.Join(out, " ")
}

// TestContributorsCannotPublish: only editors publish. A contributor's
// forms offer no level the store would refuse them (public on a new
// record, anything below the record's current level), and a forged
// submission is refused next to the sensitivity field.
func TestContributorsCannotPublish(t *testing.T) {
	w := mustWorkspace(t)
	for _, c := range []struct{ viewer, want string }{
		{"contributor", "coalition"},
		{"editor", "public coalition restricted"},
	} {
		if got := sensitivityChoices(w.get("/sources/new", c.viewer, "en", 200)); got != c.want {
			t.Errorf("new source as %s offers %q, want %q", c.viewer, got, c.want)
		}
	}
	src := &vigil.Source{Meta: vigil.Meta{Sensitivity: vigil.Coalition}, Kind: vigil.SourceArticle, Publisher: "Coalition memo", Language: "en", Reliability: "C"}
	if err := w.st.CreateSource(as(admin), src); err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/sources/%d/edit", src.ID)
	doc := w.get(edit, "contributor", "en", 200)
	if got := sensitivityChoices(doc); got != "coalition" {
		t.Errorf("editing a coalition source offers a contributor %q", got)
	}
	vals := formValues(doc.Find("form").FilterFunction(func(_ int, f *goquery.Selection) bool { return f.Find("#f-sensitivity").Length() == 1 }))
	vals.Set("sensitivity", "public")
	for lang, want := range map[string]string{"en": "Only an editor may lower the sensitivity", "ko": "편집자뿐입니다"} {
		_, doc := w.post(edit, "contributor", lang, vals, 403)
		if msg := mustInvalid(t, doc, "f-sensitivity"); !strings.Contains(msg, want) {
			t.Errorf("%s: message %q, want %q", lang, msg, want)
		}
	}
	if got, _ := w.st.FindSourceByID(as(admin), src.ID); got.Sensitivity != vigil.Coalition || got.Version != 1 {
		t.Fatalf("a refused publication wrote: %s v%d", got.Sensitivity, got.Version)
	}
	pub := w.incident(vigil.Public, "Public incident", vigil.EventArrest, "2024-05-01")
	if got := sensitivityChoices(w.get(fmt.Sprintf("/incidents/%d/edit", pub.ID), "contributor", "en", 200)); got != "public coalition" {
		t.Errorf("editing a public incident offers a contributor %q", got)
	}
	_, doc = w.post("/sources", "contributor", "en", map[string][]string{"kind": {"article"}, "publisher": {"Forged"}, "reliability": {"C"}, "sensitivity": {"public"}}, 403)
	if msg := mustInvalid(t, doc, "f-sensitivity"); !strings.Contains(msg, "Only an editor may make a new record public") {
		t.Errorf("forged public source: message %q", msg)
	}
}
