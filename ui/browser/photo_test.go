package browser_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vigil"
	"vigil/photo/phototest"
	"vigil/store/storetest"
)

// TestBrowserUploadsAPhoto uploads a 3 MiB JPEG with EXIF and GPS
// through the photo form in Chromium, signed in as a contributor: the
// form sends multipart/form-data above the server's general 1 MiB limit,
// and the event page then shows the stripped image.
func TestBrowserUploadsAPhoto(t *testing.T) {
	needBrowser(t)
	s := newSite(t, true)
	storetest.MustUser(t, s.st, "contributor@example.org", vigil.RoleContributor, vigil.Coalition)
	file := filepath.Join(t.TempDir(), "rally.jpg")
	if err := os.WriteFile(file, phototest.MustJPEG(t, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}

	b := newTab(t, s)
	b.signIn(s, "contributor@example.org", "", "/events/1/photos/new")
	b.open("/events/1/photos/new", "#f-image")
	b.do("choose the file", chromedp.SetUploadFiles(css("#f-image"), []string{file}))
	b.typeIn("#f-caption-ko", "외교부 앞 집회")
	b.typeIn("#f-credit", "Photographs: Bitna Kim (김빛나)")
	b.snap("photo-form")
	b.press("form.record-form button[type=submit]")
	b.do("the event page", chromedp.WaitVisible(css("#photos li[id^=photo-] img")))
	b.snap("photo-uploaded")
	if loc := eval[string](b, "location.href"); !strings.Contains(loc, "/events/1?saved=1#photo-") {
		t.Fatalf("after the upload the browser is at %s", loc)
	}
	ps, _, err := s.st.FindPhotos(admin, vigil.PhotoFilter{EventID: ptr[int64](1)})
	if err != nil || len(ps) != 2 {
		t.Fatalf("photos of the event: %d, %v", len(ps), err)
	}
	ph := ps[len(ps)-1]
	img, _, err := s.st.PhotoImage(admin, ph.ID)
	if err != nil || ph.Caption.Ko != "외교부 앞 집회" || ph.Sensitivity != vigil.Coalition || bytes.Contains(img, []byte(phototest.GPSMarker)) || bytes.Contains(img, []byte("Exif")) {
		t.Fatalf("stored photo %+v (%d bytes), %v", ph, len(img), err)
	}
}

func ptr[T any](v T) *T { return &v }
