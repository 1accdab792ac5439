//go:build unix

package store_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"vigil"
	"vigil/seal"
	"vigil/store"
	"vigil/store/storetest"
)

// TestSQLiteFileModes: the database file and the -wal and -shm files the
// driver makes beside it are readable by their owner only, whatever the
// umask, and an older database file left readable by others is
// tightened when it is opened.
func TestSQLiteFileModes(t *testing.T) {
	old := syscall.Umask(0) // the most permissive; restored below
	defer syscall.Umask(old)
	for _, c := range []struct {
		name     string
		existing os.FileMode // 0: no file before Open
	}{
		{"new database", 0},
		{"database left readable by others", 0o644},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "vigil.db")
			opts := store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))}
			if c.existing != 0 {
				s, err := store.Open(context.Background(), path, opts)
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				for _, f := range []string{path, path + "-wal", path + "-shm"} {
					if err := os.Chmod(f, c.existing); err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
				}
			}
			s, err := store.Open(context.Background(), path, opts)
			if err != nil {
				t.Fatalf("open %s: %v", path, err)
			}
			defer s.Close()
			// A write, so that the write-ahead log and its index are in use.
			if err := s.CreatePlace(storetest.As(storetest.Admin), storetest.NewPlace(vigil.PlaceCountry, "China", "중국", nil)); err != nil {
				t.Fatalf("write: %v", err)
			}
			for _, f := range []string{path, path + "-wal", path + "-shm", filepath.Join(dir, "vigil.key")} {
				fi, err := os.Stat(f)
				if err != nil {
					t.Fatalf("stat %s: %v", filepath.Base(f), err)
				}
				if got := fi.Mode().Perm(); got != 0o600 {
					t.Errorf("%s has mode %o, want 600", filepath.Base(f), got)
				}
			}
		})
	}
}

// TestSQLiteFileModeNarrowsOnly: opening a database takes permissions
// away from group and others and never adds any, so a copy its owner made
// read-only stays read-only.
func TestSQLiteFileModeNarrowsOnly(t *testing.T) {
	for _, c := range []struct {
		existing, want os.FileMode
	}{
		{0o400, 0o400},
		{0o440, 0o400},
		{0o604, 0o600},
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, "vigil.db")
		opts := store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))}
		s, err := store.Open(context.Background(), path, opts)
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
		for _, f := range []string{path + "-wal", path + "-shm"} {
			if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(path, c.existing); err != nil {
			t.Fatal(err)
		}
		if s, err := store.Open(context.Background(), path, opts); err == nil {
			s.Close()
		} else if c.existing&0o200 != 0 {
			t.Fatalf("open a %o database: %v", c.existing, err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != c.want {
			t.Errorf("a %o database file has mode %o after open, want %o", c.existing, got, c.want)
		}
	}
}
