package archive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"vigil"
)

// Archiver fetches pages and preserves them: the bytes go to the blob
// store, encrypted, and the snapshot it returns (not yet saved) carries
// their SHA-256, the encrypted blob's name and key, the extracted text, the HTTP status, headers and retrieval
// time. It does no database work, so the caller can save the snapshot in
// a short transaction after the network I/O is over.
type Archiver struct {
	Fetcher *Fetcher
	Blobs   *Blobs
}

// kept lists the response headers a snapshot keeps: what describes the
// content and its provenance, not cookies or per-connection noise.
var kept = map[string]bool{
	"Content-Type": true, "Content-Length": true, "Content-Language": true, "Content-Encoding": true,
	"Date": true, "Last-Modified": true, "Etag": true, "Expires": true, "Cache-Control": true,
	"Server": true, "Location": true, "Content-Location": true, "Link": true, "Age": true,
	"X-Robots-Tag": true, "Content-Disposition": true,
}

// Archive fetches rawURL and stores its bytes. It fails on a refused
// address, a timeout, a body over the limit, a network error, and an
// HTTP status of 400 or more (there is nothing to preserve but an error
// page). The snapshot is restricted until the caller says otherwise.
func (a *Archiver) Archive(ctx context.Context, rawURL string) (*vigil.Snapshot, error) {
	res, err := a.Fetcher.Fetch(ctx, rawURL, nil)
	if err != nil {
		return nil, err
	}
	if res.Status >= 400 {
		return nil, fmt.Errorf("fetch %s: the server answered %d %s", res.URL, res.Status, http.StatusText(res.Status))
	}
	// The page is stored encrypted under a key of its own, which the
	// snapshot carries: the store seals it with the snapshot's other
	// fields when the snapshot is restricted (docs/privacy.md).
	name, key, err := a.Blobs.PutSealed(res.Body)
	if err != nil {
		return nil, err
	}
	title, text := Text(res.Body, res.Header.Get("Content-Type"))
	return &vigil.Snapshot{
		Meta:        vigil.Meta{Sensitivity: vigil.Restricted},
		URL:         res.URL,
		FinalURL:    res.FinalURL,
		Status:      res.Status,
		Headers:     keptHeaders(res.Header),
		RetrievedAt: res.RetrievedAt,
		SHA256:      Sum(res.Body),
		Blob:        name,
		BlobKey:     key.Encode(),
		Size:        int64(len(res.Body)),
		ContentType: res.Header.Get("Content-Type"),
		Title:       truncateRunes(title, 1000),
		Text:        text,
	}, nil
}

func keptHeaders(h http.Header) []vigil.Header {
	out := []vigil.Header{}
	for name, vs := range h {
		if !kept[http.CanonicalHeaderKey(name)] {
			continue
		}
		for _, v := range vs {
			out = append(out, vigil.Header{Name: http.CanonicalHeaderKey(name), Value: truncateRunes(v, 2000)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func truncateRunes(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n])
}

// UserError turns a fetch failure into an error a user can act on:
// EUNPROCESSABLE with the reason (a refused address, a timeout, a body
// over the limit, an HTTP error), which names only the URL they gave.
func UserError(err error) error {
	if err == nil {
		return nil
	}
	var ve *vigil.Error
	if errors.As(err, &ve) {
		return err
	}
	return vigil.Errorf(vigil.EUNPROCESSABLE, "could not archive the page: %s", err.Error())
}
