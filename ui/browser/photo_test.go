package browser_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vigil"
	"vigil/api"
	"vigil/demo"
	"vigil/httpserver"
	"vigil/photo/phototest"
	"vigil/store"
	"vigil/ui"
)

// TestBrowserUploadsAPhoto uploads a 3 MiB JPEG with EXIF and GPS
// through the photo form in Chromium: the form sends multipart/form-data
// above the server's general 1 MiB limit, and the event page then shows
// the stripped image. The viewer is a contributor, set by a test-only
// middleware inside the server's chain, as in the ui tests.
func TestBrowserUploadsAPhoto(t *testing.T) {
	chrome := mustChromium(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	admin := vigil.WithViewer(ctx, vigil.Viewer{Actor: "test", Role: vigil.RoleAdmin, Clearance: vigil.Restricted})
	if err := demo.Load(admin, st); err != nil {
		t.Fatal(err)
	}
	u, err := ui.New(st, ui.Options{})
	if err != nil {
		t.Fatal(err)
	}
	contributor := vigil.Viewer{Actor: "test:contributor", Role: vigil.RoleContributor, Clearance: vigil.Coalition}
	routes := func(mux *http.ServeMux) {
		inner := http.NewServeMux()
		api.New(st, api.Options{}).Register(inner)
		u.Register(inner)
		mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			inner.ServeHTTP(w, r.WithContext(vigil.WithViewer(r.Context(), contributor)))
		}))
	}
	srv := httptest.NewServer(httpserver.New(httpserver.Config{Service: st}, routes).Handler())
	defer srv.Close()
	jpg := phototest.MustJPEG(t, 3<<20)
	file := filepath.Join(t.TempDir(), "rally.jpg")
	if err := os.WriteFile(file, jpg, 0o644); err != nil {
		t.Fatal(err)
	}

	bctx := mustBrowser(t, chrome)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	if err := chromedp.Do(bctx,
		chromedp.Navigate(srv.URL+"/events/1/photos/new"),
		chromedp.WaitVisible(css("#f-image")),
		chromedp.SetUploadFiles(css("#f-image"), []string{file}),
		chromedp.SendKeys(css("#f-caption-ko"), "외교부 앞 집회"),
		chromedp.SendKeys(css("#f-credit"), "Photographs: Bitna Kim (김빛나)"),
		chromedp.Click(css("form.record-form button[type=submit]")),
		chromedp.WaitVisible(css("#photos li[id^=photo-] img")),
	); err != nil {
		t.Fatalf("upload through the form: %v", err)
	}
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot()); err == nil && os.MkdirAll(artifacts, 0o755) == nil {
		_ = os.WriteFile(filepath.Join(artifacts, "photo-uploaded.png"), shot, 0o644)
	}
	if !strings.Contains(loc, "/events/1?saved=1#photo-") {
		t.Fatalf("after the upload the browser is at %s", loc)
	}
	ps, _, err := st.FindPhotos(admin, vigil.PhotoFilter{EventID: ptr[int64](1)})
	if err != nil || len(ps) != 2 {
		t.Fatalf("photos of the event: %d, %v", len(ps), err)
	}
	ph := ps[len(ps)-1]
	img, _, err := st.PhotoImage(admin, ph.ID)
	if err != nil || ph.Caption.Ko != "외교부 앞 집회" || ph.Sensitivity != vigil.Coalition || bytes.Contains(img, []byte(phototest.GPSMarker)) || bytes.Contains(img, []byte("Exif")) {
		t.Fatalf("stored photo %+v (%d bytes), %v", ph, len(img), err)
	}
}

func ptr[T any](v T) *T { return &v }
