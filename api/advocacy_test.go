package api_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"strings"
	"testing"

	"vigil/letter"
	"vigil/photo/phototest"
)

// TestOSDIReadSubset reads the demo's campaign through the OSDI
// collections as an anonymous client: HAL+JSON, public records only, and
// pseudonymous signers under their pseudonyms.
func TestOSDIReadSubset(t *testing.T) {
	f := mustFixture(t)
	root := f.do(t, "GET", "/api/osdi/v1/", "", nil)
	if root.status != 200 || !strings.HasPrefix(root.header.Get("Content-Type"), "application/hal+json") {
		t.Fatalf("entry point: %d %s", root.status, root.header.Get("Content-Type"))
	}
	for _, coll := range []string{"people", "organizations", "petitions", "signatures", "advocacy_campaigns", "outreaches", "events", "attendances"} {
		t.Run(coll, func(t *testing.T) {
			var page struct {
				Total    int                         `json:"total_records"`
				Embedded map[string][]map[string]any `json:"_embedded"`
			}
			r := f.do(t, "GET", "/api/osdi/v1/"+coll+"?per_page=100", "", nil)
			r.json(t, &page)
			items := page.Embedded["osdi:"+coll]
			if r.status != 200 || page.Total == 0 || len(items) == 0 {
				t.Fatalf("%s: %d, %d records", coll, r.status, page.Total)
			}
			self := items[0]["_links"].(map[string]any)["self"].(map[string]any)["href"].(string)
			if one := f.do(t, "GET", self, "", nil); one.status != 200 {
				t.Fatalf("GET %s: %d %s", self, one.status, one.body)
			}
		})
	}
	sigs := f.do(t, "GET", "/api/osdi/v1/signatures?per_page=100", "", nil)
	if !bytes.Contains(sigs.body, []byte("피해 당사자 A")) || bytes.Contains(sigs.body, []byte("김규리")) || bytes.Contains(sigs.body, []byte("Gyuri")) {
		t.Fatalf("signatures do not keep the pseudonym: %s", sigs.body)
	}
	people := f.do(t, "GET", "/api/osdi/v1/people?per_page=100", "", nil)
	if bytes.Contains(people.body, []byte("김규리")) {
		t.Fatal("people leak a protected identity")
	}
}

// TestLetterExports downloads the demo letter as PDF, Markdown and HTML.
func TestLetterExports(t *testing.T) {
	f := mustFixture(t)
	var list struct {
		Items []struct {
			ID       int64  `json:"id"`
			TextHash string `json:"text_hash"`
		} `json:"items"`
	}
	f.do(t, "GET", "/api/v1/letters", "", nil).json(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("%d letters", len(list.Items))
	}
	base := "/api/v1/letters/" + strings.TrimSpace(string(mustJSON(t, list.Items[0].ID)))
	md := f.do(t, "GET", base+"/markdown", "", nil)
	if md.status != 200 || !strings.Contains(string(md.body), list.Items[0].TextHash) || !strings.Contains(string(md.body), "물망초") {
		t.Fatalf("markdown: %d %s", md.status, md.body)
	}
	if h := f.do(t, "GET", base+"/html", "", nil); h.status != 200 || !strings.Contains(string(h.body), "피해 당사자 B") {
		t.Fatalf("html: %d", h.status)
	}
	pdf := f.do(t, "GET", base+"/pdf", "", nil)
	if _, err := letter.FindFont(""); err != nil {
		if pdf.status != 501 || !strings.Contains(string(pdf.body), "fonts-nanum") {
			t.Fatalf("pdf without a font: %d %s", pdf.status, pdf.body)
		}
		return
	}
	if pdf.status != 200 || !bytes.HasPrefix(pdf.body, []byte("%PDF")) || pdf.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", pdf.status, pdf.header.Get("Content-Type"))
	}
}

func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestLargePhotoUpload uploads a 3 MiB JPEG with EXIF and GPS, above the
// server's general 1 MiB body limit: the upload route has its own limit,
// the stored image has no metadata, and other routes keep 1 MiB.
func TestLargePhotoUpload(t *testing.T) {
	f := mustFixture(t)
	jpg := phototest.MustJPEG(t, 3<<20)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("photo", `{"credit":"Photographs: Bitna Kim (김빛나)","sensitivity":"coalition"}`); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("image", "rally.jpg")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(jpg)
	mw.Close()
	r := f.do(t, "POST", "/api/v1/events/1/photos", f.write, buf.Bytes(), "Content-Type", mw.FormDataContentType())
	if r.status != 201 {
		t.Fatalf("upload of %d bytes: %d %s", len(jpg), r.status, r.body)
	}
	var ph struct {
		ID     int64  `json:"id"`
		Credit string `json:"credit"`
		Width  int    `json:"width"`
	}
	r.json(t, &ph)
	img := f.do(t, "GET", "/api/v1/photos/"+itoa(ph.ID)+"/image", f.write, nil)
	if img.status != 200 || len(img.body) == 0 || ph.Credit != "Photographs: Bitna Kim (김빛나)" || ph.Width < 1000 {
		t.Fatalf("stored photo %+v: image %d, %d bytes", ph, img.status, len(img.body))
	}
	for _, marker := range []string{"Exif", "GPS", phototest.GPSMarker} {
		if bytes.Contains(img.body, []byte(marker)) {
			t.Errorf("the stored image still contains %q", marker)
		}
	}
	t.Run("an image sent as it is, to the images route", func(t *testing.T) {
		r := f.do(t, "POST", "/api/v1/images", f.write, jpg, "Content-Type", "image/jpeg")
		if r.status != 201 {
			t.Fatalf("POST /api/v1/images with %d bytes: %d %s", len(jpg), r.status, r.body)
		}
		stored := f.do(t, "GET", r.header.Get("Location"), f.write, nil)
		if stored.status != 200 || len(stored.body) == 0 || bytes.Contains(stored.body, []byte(phototest.GPSMarker)) {
			t.Fatalf("GET %s: %d, %d bytes", r.header.Get("Location"), stored.status, len(stored.body))
		}
	})
	t.Run("other routes keep the general limit", func(t *testing.T) {
		if r := f.do(t, "POST", "/api/v1/sources", f.write, `{"publisher":"`+strings.Repeat("x", 2<<20)+`"}`); r.status != 413 {
			t.Fatalf("a 2 MiB JSON body: %d", r.status)
		}
	})
}
