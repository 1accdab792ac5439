package httpserver

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"vigil"
)

// DefaultMaxUploadBytes is the body limit of upload routes when
// Config.MaxUploadBytes is 0: a 20 MiB image (the store's limit) and a
// mebibyte for the other fields and the multipart framing.
const DefaultMaxUploadBytes = 21 << 20

// bodyLimit is what limitBody leaves in the context for AllowUpload: the
// request's unlimited body and the limits.
type bodyLimit struct {
	w      http.ResponseWriter
	body   io.ReadCloser
	upload int64
	raised bool
}

type bodyKey struct{}

// isUpload reports whether the request declares a body an upload route
// reads: multipart/form-data (a form with a file) or an image sent as it
// is (POST /api/v1/images).
func isUpload(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && (mt == "multipart/form-data" || strings.HasPrefix(mt, "image/"))
}

// limitBody caps request bodies at MaxBodyBytes; larger declared bodies
// are refused with 413 before any handler runs. An upload (multipart or
// image) body may declare up to MaxUploadBytes, but it is still read
// through the small limit unless the route's handler raises it with
// AllowUpload: only upload routes read more than MaxBodyBytes.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		declared := s.cfg.MaxBodyBytes
		if isUpload(r) {
			declared = max(declared, s.cfg.MaxUploadBytes)
		}
		if r.ContentLength > declared {
			WriteError(w, r, s.log, vigil.Errorf(vigil.ETOOLARGE, "request body is larger than %d bytes", declared))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			bl := &bodyLimit{w: w, body: r.Body, upload: max(s.cfg.MaxUploadBytes, s.cfg.MaxBodyBytes)}
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
			r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, bl))
		}
		next.ServeHTTP(w, r)
	})
}

// AllowUpload raises the body limit of r, an upload (multipart/form-data
// or an image), from the server's MaxBodyBytes to its MaxUploadBytes.
// Upload handlers call it before reading the body; it does nothing for
// other content types, or outside the server (tests calling a handler
// directly).
func AllowUpload(r *http.Request) {
	bl, ok := r.Context().Value(bodyKey{}).(*bodyLimit)
	if !ok || bl.raised || !isUpload(r) {
		return
	}
	bl.raised = true
	r.Body = http.MaxBytesReader(bl.w, bl.body, bl.upload)
}

// Upload is a multipart form read into memory: its text fields, and the
// one file part the handler asked for.
type Upload struct {
	Values url.Values
	// File is the content of the file part; HasFile says whether the
	// form had one with a file name (an empty file input sends none).
	File     []byte
	FileName string
	// FileType is the Content-Type the client gave the file part.
	FileType string
	HasFile  bool
}

// maxUploadFields bounds the text fields of an upload, together.
const maxUploadFields = 1 << 20

// ReadUpload raises the body limit (AllowUpload) and reads a
// multipart/form-data body: the text fields, and the file part named
// file. Everything stays in memory and nothing is written to disk (unlike
// http.Request.ParseMultipartForm, which spills large files to temporary
// files), so an image is never stored before its metadata is stripped.
// A body over the limit is ETOOLARGE; a body that is not multipart, or a
// second file part of the same name, is EINVALID naming the field.
func ReadUpload(r *http.Request, file string) (*Upload, error) {
	AllowUpload(r)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, &vigil.Error{Code: vigil.EINVALID, Message: "send the form as multipart/form-data", Fields: map[string]string{file: "is required as a file part"}}
	}
	up := &Upload{Values: url.Values{}}
	fields := 0
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return nil, uploadErr(err)
		}
		name := part.FormName()
		switch {
		case name == "":
		case part.FileName() != "" && name == file:
			if up.HasFile {
				return nil, &vigil.Error{Code: vigil.EINVALID, Message: "invalid upload", Fields: map[string]string{file: "send one file"}}
			}
			if up.File, err = io.ReadAll(part); err != nil {
				return nil, uploadErr(err)
			}
			up.FileName, up.FileType, up.HasFile = part.FileName(), part.Header.Get("Content-Type"), true
		case part.FileName() != "":
			// Another file input: not read, not kept.
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, uploadErr(err)
			}
		default:
			b, err := io.ReadAll(io.LimitReader(part, int64(maxUploadFields-fields)+1))
			if err != nil {
				return nil, uploadErr(err)
			}
			if fields += len(b); fields > maxUploadFields {
				return nil, vigil.Errorf(vigil.ETOOLARGE, "the form's text fields are larger than %d bytes", maxUploadFields)
			}
			up.Values.Add(name, string(b))
		}
	}
}

// uploadErr maps a read error of an upload: over the limit is
// ETOOLARGE, anything else a malformed body.
func uploadErr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return vigil.Errorf(vigil.ETOOLARGE, "request body is larger than %d bytes", mbe.Limit)
	}
	return vigil.Errorf(vigil.EINVALID, "could not read the multipart body: %v", err)
}
