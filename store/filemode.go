package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// dbFileMode is the mode of the SQLite database file and of the -wal and
// -shm files beside it: they hold every record, so only the account that
// runs vigil may read them.
const dbFileMode = 0o600

// protectSQLiteFile makes the database file at path, creating it when it
// does not exist, readable and writable by its owner only, before the
// driver opens it: SQLite would make it 0644, less only under a strict
// umask. SQLite creates the -wal and -shm files with the mode of the
// database file, so they follow; ones left behind with a wider mode are
// narrowed too. Narrowing only takes away: the group's and others' bits
// go, the owner's stay as they are, so a copy its owner made read-only
// (0400) stays so. An existing file is not opened here, so one this
// account may not write, or that belongs to another account, is still
// opened by the driver; a mode that cannot be changed is reported, not
// fatal.
func protectSQLiteFile(path string) (warnings []string, err error) {
	if path == "" || strings.HasPrefix(path, "file:") {
		return nil, nil // a URI names its own file and options
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, dbFileMode)
	switch {
	case err == nil:
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("create database file %s: %w", path, err)
		}
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("create database file %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("database file %s: %w", p, err)
		}
		perm := fi.Mode().Perm()
		if perm&^dbFileMode == 0 {
			continue
		}
		if err := os.Chmod(p, perm&dbFileMode); err != nil {
			warnings = append(warnings, fmt.Sprintf("%s has mode %o and cannot be made %o: %v", p, perm, perm&dbFileMode, err))
		}
	}
	return warnings, nil
}
