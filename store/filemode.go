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
// narrowed too. An
// existing file that belongs to another account cannot be changed; that
// is reported, not fatal.
func protectSQLiteFile(path string) (warnings []string, err error) {
	if path == "" || strings.HasPrefix(path, "file:") {
		return nil, nil // a URI names its own file and options
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, dbFileMode)
	if err != nil {
		return nil, fmt.Errorf("create database file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("create database file %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("database file %s: %w", p, err)
		}
		if fi.Mode().Perm() == dbFileMode {
			continue
		}
		if err := os.Chmod(p, dbFileMode); err != nil {
			warnings = append(warnings, fmt.Sprintf("%s has mode %o and cannot be made %o: %v", p, fi.Mode().Perm(), dbFileMode, err))
		}
	}
	return warnings, nil
}
