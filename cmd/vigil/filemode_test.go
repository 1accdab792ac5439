//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestDataDirectoryModes: whatever the umask, the data directory and the
// blob store are 0700 and the database, its -wal and -shm files and the
// key file 0600, when the command line creates them.
func TestDataDirectoryModes(t *testing.T) {
	old := syscall.Umask(0) // the most permissive; restored below
	defer syscall.Umask(old)
	data := filepath.Join(t.TempDir(), "new", "data")
	vars := map[string]string{"VIGIL_DATA": data}
	if code, _, errs := runCLI(t, vars, "", "archive", "verify"); code != 0 {
		t.Fatalf("archive verify: exit %d, %s", code, errs)
	}
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{
		{data, 0o700},
		{filepath.Join(data, "vigil.db"), 0o600},
		{filepath.Join(data, "vigil.key"), 0o600},
		{filepath.Join(data, "blobs"), 0o700},
		{filepath.Join(data, "blobs", "sha256"), 0o700},
	} {
		fi, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != c.mode {
			t.Errorf("%s has mode %o, want %o", c.path, got, c.mode)
		}
	}

	// A data directory that exists already is left as it is, with a
	// warning when others may read it.
	loose := t.TempDir()
	if err := os.Chmod(loose, 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, map[string]string{"VIGIL_DATA": loose}, "", "migrate")
	if code != 0 || !strings.Contains(errs, "data directory "+loose+" has mode 755") {
		t.Fatalf("migrate in a directory others may read: exit %d, stderr %q; want a warning", code, errs)
	}
}
