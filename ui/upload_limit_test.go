package ui_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"vigil/photo/phototest"
)

// TestReportPhotoUploadHasTheUploadLimit uploads a 3 MiB JPEG to a
// report's photo form: like the event photos, the route reads its
// multipart body up to the upload limit, above the general 1 MiB.
func TestReportPhotoUploadHasTheUploadLimit(t *testing.T) {
	w := mustWorkspace(t)
	doc := w.get("/reports/new", "editor", "en", 200)
	vals := formValues(doc.Find("form.record-form"))
	vals.Set("title", "Demonstration at the ministry")
	vals.Set("slug", "demonstration")
	vals.Set("lang", "en")
	vals.Set("sensitivity", "public")
	vals.Set("body", "Nine NGOs and two individuals.")
	vals.Set("status", "draft")
	res, _ := w.post("/reports", "editor", "en", vals, http.StatusSeeOther)
	id := strings.TrimPrefix(strings.SplitN(res.Header.Get("Location"), "?", 2)[0], "/reports/")
	rep, err := w.st.FindReportByID(as(admin), mustID(t, id))
	if err != nil {
		t.Fatal(err)
	}
	jpg := phototest.MustJPEG(t, 3<<20)
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	_ = mw.WriteField("version", itoa(int64(rep.Version)))
	_ = mw.WriteField("credit", "Bitna Kim")
	part, _ := mw.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="image"; filename="rally.jpg"`}, "Content-Type": {"image/jpeg"}})
	_, _ = part.Write(jpg)
	_ = mw.Close()
	res, doc = w.doRaw("POST", "/reports/"+id+"/photos", "editor", "en", b.Bytes(), "Content-Type", mw.FormDataContentType())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload of %d bytes: %d %s", len(jpg), res.StatusCode, text(doc.Find("main")))
	}
	rep, _ = w.st.FindReportByID(as(admin), rep.ID)
	if len(rep.Photos) != 1 || rep.Photos[0].Credit != "Bitna Kim" {
		t.Fatalf("report photos %+v", rep.Photos)
	}
}
