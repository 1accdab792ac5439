package ui_test

import (
	"io"
	"net/http"
	"testing"
)

// BenchmarkWorkspacePages measures serving the busiest workspace pages
// over the demo, end to end through the middleware and SQLite:
//
//	go test -run X -bench WorkspacePages ./ui/
func BenchmarkWorkspacePages(b *testing.B) {
	w := mustWorkspace(b)
	withConflict(w)
	for _, path := range []string{"/incidents", "/incidents/2", "/incidents/2/edit", "/incidents/2/history"} {
		b.Run(path, func(b *testing.B) {
			req, _ := http.NewRequest("GET", w.srv.URL+path, nil)
			req.Header.Set(viewerHeader, "editor")
			for b.Loop() {
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("status %d", res.StatusCode)
				}
			}
		})
	}
}
