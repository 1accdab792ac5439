package ui_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"vigil"
	"vigil/store/storetest"
)

// TestReportPublishingInTheWorkspace: an editor publishes through the
// report form; the pre-publication check's problems show at the inputs
// they concern, and a photo uploaded with credit and consent passes.
func TestReportPublishingInTheWorkspace(t *testing.T) {
	w := mustWorkspace(t)
	doc := w.get("/reports/new", "editor", "en", 200)
	vals := formValues(doc.Find("form.record-form"))
	vals.Set("title", "Nanning update")
	vals.Set("slug", "nanning-update")
	vals.Set("lang", "en")
	vals.Set("sensitivity", "public")
	vals.Set("body", "More than 60 {{incident 4}}, reported by {{cite 1}}. And {{incident "+itoa(w.restrictedInc)+"}}.")
	vals.Set("status", "published")
	_, doc = w.post("/reports", "editor", "en", vals, http.StatusBadRequest)
	if msg := text(doc.Find(`[data-field="body"] .field-error`)); !strings.Contains(msg, "is restricted") {
		t.Fatalf("the body's problem %q", msg)
	}
	vals.Set("status", "draft")
	res, _ := w.post("/reports", "editor", "en", vals, http.StatusSeeOther)
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/reports/")
	doc = w.get("/reports/"+id, "editor", "en", 200)
	if got := text(doc.Find("section.related").First().Find("tbody")); !strings.Contains(got, "is restricted") {
		t.Fatalf("the check on the report page: %q", got)
	}

	// Upload a photo without consent, fix the body, then publish.
	upload := func(consent bool) *http.Response {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		rep, _ := w.st.FindReportByID(as(admin), mustID(t, id))
		_ = mw.WriteField("version", itoa(int64(rep.Version)))
		_ = mw.WriteField("credit", "Bitna Kim")
		_ = mw.WriteField("caption", "Outside the ministry")
		if consent {
			_ = mw.WriteField("consent", "on")
		}
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="image"; filename="p.png"`}
		h["Content-Type"] = []string{"image/png"}
		part, _ := mw.CreatePart(h)
		_, _ = part.Write(storetest.MustPNG(t, 3))
		_ = mw.Close()
		req, _ := http.NewRequest("POST", w.srv.URL+"/reports/"+id+"/photos", &b)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set(viewerHeader, "editor")
		res, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := upload(false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	doc = w.get("/reports/"+id+"/edit", "editor", "en", 200)
	vals = formValues(doc.Find("form.record-form"))
	vals.Set("body", "More than 60 {{incident 4}}, reported by {{cite 1}}.\n\n{{photo 1}}")
	vals.Set("status", "published")
	_, doc = w.post("/reports/"+id+"/edit", "editor", "en", vals, http.StatusBadRequest)
	if msg := text(doc.Find(`[data-field="photos[1].consent"] .field-error`)); !strings.Contains(msg, "consent") {
		t.Fatalf("the photo's consent problem %q", msg)
	}
	vals = formValues(doc.Find("form.record-form"))
	vals.Set("photos[1].consent", "on")
	w.post("/reports/"+id+"/edit", "editor", "en", vals, http.StatusSeeOther)
	rep, err := w.st.FindReportByID(as(admin), mustID(t, id))
	if err != nil || rep.Status != vigil.ReportPublished || len(rep.Photos) != 1 || !rep.Photos[0].Consent || rep.Photos[0].Credit != "Bitna Kim" {
		t.Fatalf("report %+v (%v)", rep, err)
	}
	// It is on the public site now.
	doc = w.get("/public/en/reports/nanning-update.html", "anonymous", "en", 200)
	if got := text(doc.Find("figure.photo .credit")); got != "Photo: Bitna Kim" {
		t.Fatalf("public photo credit %q", got)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("not an id: %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// TestExportPage: the workspace lists every format, and the download
// holds what the reader's clearance allows: a coalition incident for a
// contributor, not for an anonymous reader.
func TestExportPage(t *testing.T) {
	w := mustWorkspace(t)
	doc := w.get("/export", "contributor", "en", 200)
	if n := doc.Find("ul.downloads a[href^='/api/v1/export?format=']").Length(); n != 7 {
		t.Fatalf("%d export links, want 7", n)
	}
	body := func(viewer string) string {
		req, _ := http.NewRequest("GET", w.srv.URL+"/api/v1/export?format=hxl", nil)
		if viewer != "anonymous" {
			req.Header.Set(viewerHeader, viewer)
		}
		res, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(res.Body)
		return b.String()
	}
	if !strings.Contains(body("contributor"), "Coalition-only arrest") {
		t.Error("a contributor's HXL export lacks the coalition incident")
	}
	if strings.Contains(body("anonymous"), "Coalition-only arrest") {
		t.Error("an anonymous HXL export shows the coalition incident")
	}
}
