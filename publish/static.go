package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file that marks a directory as a static export, so that
// WriteDir replaces a directory only if it made it.
const Marker = ".vigil-publish"

// WriteDir writes the whole public site into dir as static files, for
// any web host or for reading from disk. It writes into a new directory
// beside dir and renames it into place when every file is written, so a
// failed export leaves dir as it was. Files get mode 0644, directories
// 0755, and nothing else (no timestamps inside files, sorted output), so
// the same data gives the same bytes.
//
// An existing dir is replaced only when it is empty or holds the Marker
// of an earlier export, so a mistyped --out never deletes other files.
func (s *Site) WriteDir(ctx context.Context, d *Data, dir string) (int, error) {
	files, err := s.Files(d, false)
	if err != nil {
		return 0, err
	}
	dir = filepath.Clean(dir)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
			return 0, fmt.Errorf("publish: %s is not empty and holds no earlier export (no %s): choose an empty or new directory", dir, Marker)
		}
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".tmp-")
	if err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	files = append(files, File{Path: Marker, Make: func() ([]byte, error) {
		return []byte("This directory is a static export of vigil's public site; vigil publish replaces it whole.\n"), nil
	}})
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if strings.Contains(f.Path, "..") || filepath.IsAbs(f.Path) {
			return 0, fmt.Errorf("publish: bad file path %q", f.Path)
		}
		b, err := f.Make()
		if err != nil {
			return 0, err
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, fmt.Errorf("publish: %w", err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return 0, fmt.Errorf("publish: %w", err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return 0, fmt.Errorf("publish: replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}
	done = true
	return len(files), nil
}
