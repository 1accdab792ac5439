package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"vigil"
	"vigil/seal"
	"vigil/store"
)

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses flags that may come before, between or after
// positional arguments ("vigil date 'around April 26' --ref 2024-05-20")
// and returns the positional ones.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dbFlags are the flags that choose the database and its key.
type dbFlags struct {
	data    string
	db      string
	keyFile string // --key-file, or $VIGIL_KEY_FILE
	envKey  string // $VIGIL_KEY
	stderr  io.Writer
}

func (d *dbFlags) register(fs *flag.FlagSet, e *env) {
	def := e.getenv("VIGIL_DATA")
	if def == "" {
		def = "data"
	}
	fs.StringVar(&d.data, "data", def, "data directory for the embedded SQLite database")
	fs.StringVar(&d.db, "db", e.getenv("VIGIL_DB"), "PostgreSQL URL (postgres://…); overrides --data")
	fs.StringVar(&d.keyFile, "key-file", e.getenv("VIGIL_KEY_FILE"), "key file (default DIR/vigil.key, unless $VIGIL_KEY holds the key)")
	d.envKey, d.stderr = e.getenv("VIGIL_KEY"), e.stderr
}

// keySource is where the key-encryption key comes from: --key-file (or
// $VIGIL_KEY_FILE), else $VIGIL_KEY, else the key file in the data
// directory, which is created for a new database.
func (d *dbFlags) keySource() seal.Source {
	switch {
	case d.keyFile != "":
		return seal.FileSource(d.keyFile)
	case d.envKey != "":
		return seal.EnvSource("VIGIL_KEY", d.envKey)
	}
	return seal.FileSource(filepath.Join(d.data, "vigil.key"))
}

// dsn returns the store DSN, creating the data directory when needed.
func (d *dbFlags) dsn() (string, error) {
	if d.db != "" {
		return d.db, nil
	}
	if err := os.MkdirAll(d.data, 0o700); err != nil {
		return "", fmt.Errorf("create data directory %s: %w", d.data, err)
	}
	return filepath.Join(d.data, "vigil.db"), nil
}

// warnOpenDataDir says so when the data directory lets others in.
// MkdirAll makes a new directory 0700 whatever the umask (which can only
// take bits away); an existing one is the operator's and is not changed.
// serve and migrate call it, once per run of the server or set-up.
func (d *dbFlags) warnOpenDataDir() {
	if d.db != "" || d.stderr == nil {
		return
	}
	if fi, err := os.Stat(d.data); err == nil && fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(d.stderr, "vigil: warning: data directory %s has mode %o; others may list it (chmod 700 %s)\n", d.data, fi.Mode().Perm(), d.data)
	}
}

// describeDB names the database without credentials, for messages.
func (d *dbFlags) describeDB() string {
	if d.db != "" {
		if i := strings.LastIndex(d.db, "@"); i >= 0 {
			return "postgres://…@" + d.db[i+1:]
		}
		return d.db
	}
	return filepath.Join(d.data, "vigil.db")
}

// open opens the store with its key. When that creates the key file, it
// says so: the file must be backed up apart from the database.
func (d *dbFlags) open(ctx context.Context) (*store.Store, error) {
	dsn, err := d.dsn()
	if err != nil {
		return nil, err
	}
	src := d.keySource()
	f, isFile := src.(*seal.File)
	existed := true
	if isFile {
		_, err := os.Stat(f.Path)
		existed = err == nil
	}
	st, err := store.Open(ctx, dsn, store.Options{Key: src})
	if err != nil {
		return nil, err
	}
	if !existed && d.stderr != nil {
		if _, err := os.Stat(f.Path); err == nil {
			fmt.Fprintf(d.stderr, "vigil: created %s; back it up apart from the database: without it the restricted fields cannot be read\n", src)
		}
	}
	return st, nil
}

// cliViewer is who the CLI acts as: whoever can open the database file or
// holds the PostgreSQL credentials already has everything, so the CLI is
// an administrator with restricted clearance, named in the audit log.
func cliViewer() vigil.Viewer {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return vigil.Viewer{Actor: "cli:" + name, Role: vigil.RoleAdmin, Clearance: vigil.Restricted}
}

// parseClearance reads a --clearance flag value.
func parseClearance(s string) (vigil.Sensitivity, error) {
	c := vigil.Sensitivity(strings.TrimSpace(s))
	if !c.Valid() {
		return "", usagef("--clearance %q must be public, coalition or restricted", s)
	}
	return c, nil
}

// printJSON writes v as one line of JSON without HTML escaping.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printJSONIndent writes v as indented JSON.
func printJSONIndent(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
