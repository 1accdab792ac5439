package httpserver

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"vigil"
)

// multipartBody is a form with a text field and a file of n bytes.
func multipartBody(tb testing.TB, n int) (string, []byte) {
	tb.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("caption", "집회 사진"); err != nil {
		tb.Fatal(err)
	}
	fw, err := mw.CreateFormFile("image", "photo.jpg")
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := fw.Write(bytes.Repeat([]byte{0xAB}, n)); err != nil {
		tb.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

// TestUploadRoutesHaveTheirOwnLimit checks that only a handler that asks
// for it reads a body larger than MaxBodyBytes, up to MaxUploadBytes.
func TestUploadRoutesHaveTheirOwnLimit(t *testing.T) {
	const small, large = 1000, 5000
	var got *Upload
	var gotErr error
	read := 0
	s := New(Config{MaxBodyBytes: small, MaxUploadBytes: large}, func(mux *http.ServeMux) {
		mux.HandleFunc("POST /upload", func(w http.ResponseWriter, r *http.Request) {
			got, gotErr = ReadUpload(r, "image")
			if gotErr != nil {
				WriteError(w, r, nil, gotErr)
			}
		})
		mux.HandleFunc("POST /image", func(w http.ResponseWriter, r *http.Request) {
			AllowUpload(r)
			n, err := io.Copy(io.Discard, r.Body)
			read = int(n)
			if err != nil {
				WriteError(w, r, nil, err)
			}
		})
		mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
			n, err := io.Copy(io.Discard, r.Body)
			read = int(n)
			if err != nil {
				WriteError(w, r, nil, err)
			}
		})
	})
	send := func(path, ct string, body []byte, chunked bool) int {
		var rd io.Reader = bytes.NewReader(body)
		if chunked {
			rd = io.MultiReader(rd) // hides the length: no Content-Length
		}
		req := httptest.NewRequest("POST", path, rd)
		if chunked {
			req.ContentLength = -1
		}
		req.Header.Set("Content-Type", ct)
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		return rec.Code
	}
	ct3k, body3k := multipartBody(t, 3000)
	ct9k, body9k := multipartBody(t, 9000)
	t.Run("an upload route reads a multipart body above the general limit", func(t *testing.T) {
		if code := send("/upload", ct3k, body3k, false); code != 200 || gotErr != nil {
			t.Fatalf("status %d, err %v", code, gotErr)
		}
		if len(got.File) != 3000 || got.FileName != "photo.jpg" || got.Values.Get("caption") != "집회 사진" {
			t.Fatalf("upload: %d bytes, name %q, caption %q", len(got.File), got.FileName, got.Values.Get("caption"))
		}
	})
	t.Run("an upload route reads an image sent as it is", func(t *testing.T) {
		if code := send("/image", "image/jpeg", body3k, false); code != 200 || read != len(body3k) {
			t.Fatalf("status %d after reading %d of %d bytes", code, read, len(body3k))
		}
		if code := send("/form", "image/jpeg", body3k, false); code != 413 || read > small {
			t.Fatalf("another route: status %d after reading %d bytes", code, read)
		}
	})
	t.Run("other routes read at most the general limit, even multipart", func(t *testing.T) {
		if code := send("/form", ct3k, body3k, false); code != 413 || read > small {
			t.Fatalf("status %d after reading %d bytes", code, read)
		}
	})
	t.Run("other content types above the general limit are refused before the handler", func(t *testing.T) {
		read = -1
		if code := send("/form", "application/x-www-form-urlencoded", []byte("a="+strings.Repeat("x", 3000)), false); code != 413 || read != -1 {
			t.Fatalf("status %d, handler read %d", code, read)
		}
	})
	t.Run("an upload above the upload limit is refused before the handler", func(t *testing.T) {
		got = nil
		if code := send("/upload", ct9k, body9k, false); code != 413 || got != nil {
			t.Fatalf("status %d", code)
		}
	})
	t.Run("an upload without a length stops at the upload limit", func(t *testing.T) {
		if code := send("/upload", ct9k, body9k, true); code != 413 || vigil.ErrorCode(gotErr) != vigil.ETOOLARGE {
			t.Fatalf("status %d, err %v", code, gotErr)
		}
	})
	t.Run("a body that is not multipart names the file field", func(t *testing.T) {
		if code := send("/upload", "application/json", []byte(`{}`), false); code != 400 || vigil.ErrorFields(gotErr)["image"] == "" {
			t.Fatalf("status %d, err %v", code, gotErr)
		}
	})
}
