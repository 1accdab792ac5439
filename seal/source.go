package seal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// ErrNoKey is matched (errors.Is) when a source holds no key (yet): the
// key file does not exist, or the variable is empty.
var ErrNoKey = errors.New("no key")

// noKey is an error that says which source has no key and is ErrNoKey.
type noKey struct{ msg string }

func (e *noKey) Error() string        { return e.msg }
func (e *noKey) Is(target error) bool { return target == ErrNoKey }

// Source supplies the key-encryption key. Its String names the source for
// messages ("key file data/vigil.key"), never its contents.
type Source interface {
	// Load returns the KEK, or an error wrapping ErrNoKey when the source
	// holds none.
	Load() (Key, error)
	String() string
}

// Creator is a Source that can make its key the first time it is needed:
// a key file. The store calls Create only for a database that has no data
// keys yet, so a lost key file is never silently replaced.
type Creator interface {
	Source
	// Create makes a new random key and keeps it. If another process made
	// one first, Create returns that one.
	Create() (Key, error)
}

// File is a key file: one line of standard base64 encoding 32 bytes, mode
// 0600. Its String is "key file <path>".
type File struct{ Path string }

// FileSource returns the key file at path.
func FileSource(path string) *File { return &File{Path: path} }

func (f *File) String() string { return "key file " + f.Path }

// Load reads the key file. It refuses a file that others may read (mode
// bits for group or other), as ssh does with private keys.
func (f *File) Load() (Key, error) {
	st, err := os.Stat(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return Key{}, &noKey{f.String() + " does not exist"}
	} else if err != nil {
		return Key{}, fmt.Errorf("read %s: %w", f, err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return Key{}, fmt.Errorf("%s may be read by other users (mode %04o); run chmod 600 %s", f, st.Mode().Perm(), f.Path)
	}
	b, err := os.ReadFile(f.Path)
	if err != nil {
		return Key{}, fmt.Errorf("read %s: %w", f, err)
	}
	k, err := ParseKey(string(b))
	if err != nil {
		return Key{}, fmt.Errorf("%s: %w", f, err)
	}
	return k, nil
}

// Create writes a new random key to the file, mode 0600, creating its
// directory (mode 0700) when needed. It never overwrites: if the file
// exists, Create loads it.
func (f *File) Create() (Key, error) {
	k, err := NewKey()
	if err != nil {
		return Key{}, err
	}
	if err := WriteKeyFile(f.Path, k); errors.Is(err, fs.ErrExist) {
		return f.Load()
	} else if err != nil {
		return Key{}, err
	}
	return k, nil
}

// WriteKeyFile writes k to a new file at path with mode 0600 and syncs
// it. It fails (wrapping fs.ErrExist) when the file exists.
func WriteKeyFile(path string, k Key) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create key file %s: %w", path, err)
		}
	}
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create key file %s: %w", path, err)
	}
	_, err = fh.WriteString(k.Encode() + "\n")
	if err == nil {
		err = fh.Sync()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("write key file %s: %w", path, err)
	}
	return nil
}

// Env is a key given in an environment variable, as base64. It holds the
// value read from the environment, and names the variable in messages.
type Env struct {
	Name  string // the variable, e.g. "VIGIL_KEY"
	Value string
}

// EnvSource returns the key in variable name, whose value is value (the
// caller reads the environment, so tests can give their own).
func EnvSource(name, value string) *Env { return &Env{Name: name, Value: value} }

func (e *Env) String() string { return "environment variable " + e.Name }

// Load parses the variable's value.
func (e *Env) Load() (Key, error) {
	if e.Value == "" {
		return Key{}, &noKey{e.String() + " is empty"}
	}
	k, err := ParseKey(e.Value)
	if err != nil {
		return Key{}, fmt.Errorf("%s: %w", e, err)
	}
	return k, nil
}

// static is a key held in memory.
type static struct {
	key  Key
	desc string
}

// Static returns a source of a key the caller already holds, described
// by desc in messages.
func Static(k Key, desc string) Source { return &static{key: k, desc: desc} }

func (s *static) String() string { return s.desc }

func (s *static) Load() (Key, error) {
	if !s.key.set {
		return Key{}, &noKey{s.desc + " holds no key"}
	}
	return s.key, nil
}

// Ephemeral returns a source of a random key that exists only in this
// process's memory. Data sealed under it cannot be read once the process
// ends: it is for tests and throwaway in-memory databases.
func Ephemeral() Source {
	k, err := NewKey()
	if err != nil {
		// crypto/rand does not fail on supported platforms; a source
		// without a key then reports ErrNoKey on Load.
		return &static{desc: "an ephemeral key (" + err.Error() + ")"}
	}
	return &static{key: k, desc: "an ephemeral in-memory key (no key source configured)"}
}
