package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"vigil"
	"vigil/seal"
)

// Blobs is a content-addressed store of fetched bytes in a local
// directory: a blob's name is the hex SHA-256 of its bytes, at
// DIR/sha256/ab/abcdef… (the first two hex digits fan out the
// directory). Blobs are written once, atomically (a temporary file
// renamed into place), with mode 0600, and never changed: the same bytes
// stored twice are one blob.
type Blobs struct {
	dir string
}

// OpenBlobs returns the blob store in dir, creating it (mode 0700) when
// needed.
func OpenBlobs(dir string) (*Blobs, error) {
	if err := os.MkdirAll(filepath.Join(dir, "sha256"), 0o700); err != nil {
		return nil, fmt.Errorf("archive: open blob store %s: %w", dir, err)
	}
	return &Blobs{dir: dir}, nil
}

// Dir returns the store's directory.
func (b *Blobs) Dir() string { return b.dir }

var hexName = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Path returns where the blob named sum lives.
func (b *Blobs) Path(sum string) (string, error) {
	if !hexName.MatchString(sum) {
		return "", fmt.Errorf("archive: %q is not a hex SHA-256", sum)
	}
	return filepath.Join(b.dir, "sha256", sum[:2], sum), nil
}

// Sum returns the hex SHA-256 of data.
func Sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Put stores data and returns its hex SHA-256. Storing bytes that are
// already there changes nothing.
func (b *Blobs) Put(data []byte) (string, error) {
	sum := Sum(data)
	path, _ := b.Path(sum)
	if _, err := os.Stat(path); err == nil {
		return sum, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", fmt.Errorf("archive: put blob %s: %w", sum, err)
	}
	return sum, nil
}

// PutSealed encrypts data with a new key of its own (seal.SealBlob,
// bound to the SHA-256 of data) and stores the encrypted bytes. It
// returns their name (the SHA-256 of the encrypted bytes, so Verify
// checks them like any blob) and the key, which the caller must keep:
// the database holds it, sealed for a restricted snapshot. Without the
// key the blob is noise. The same page archived twice is two blobs.
func (b *Blobs) PutSealed(data []byte) (name string, key seal.Key, err error) {
	if key, err = seal.NewKey(); err != nil {
		return "", seal.Key{}, fmt.Errorf("archive: %w", err)
	}
	box, err := seal.SealBlob(key, blobAAD(Sum(data)), data)
	if err != nil {
		return "", seal.Key{}, fmt.Errorf("archive: %w", err)
	}
	if name, err = b.Put(box); err != nil {
		return "", seal.Key{}, err
	}
	return name, key, nil
}

// blobAAD binds a sealed blob to the SHA-256 of its plaintext: the
// snapshot's evidence hash.
func blobAAD(sum string) string { return "blob:" + sum }

// Name returns the name of a snapshot's blob in the store: its encrypted
// blob, or for a snapshot archived before blobs were encrypted, its
// SHA-256.
func Name(sn *vigil.Snapshot) string {
	if sn.Blob != "" {
		return sn.Blob
	}
	return sn.SHA256
}

// Read returns the bytes of a snapshot's page: it decrypts an encrypted
// blob with the snapshot's key, and checks that the bytes hash to the
// snapshot's SHA-256 either way. A snapshot read without its key (by a
// reader who may not open it) cannot be read.
func (b *Blobs) Read(sn *vigil.Snapshot) ([]byte, error) {
	f, err := b.Open(Name(sn))
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("archive: read blob %s: %w", Name(sn), err)
	}
	if sn.Blob != "" {
		if sn.BlobKey == "" {
			return nil, fmt.Errorf("archive: the key of blob %s is not available", sn.Blob)
		}
		key, err := seal.ParseKey(sn.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("archive: key of blob %s: %w", sn.Blob, err)
		}
		if data, err = seal.OpenBlob(key, blobAAD(sn.SHA256), data); err != nil {
			return nil, fmt.Errorf("archive: blob %s: %w", sn.Blob, err)
		}
	}
	if got := Sum(data); got != sn.SHA256 {
		return nil, fmt.Errorf("archive: the page of blob %s hashes to %s, not %s", Name(sn), got, sn.SHA256)
	}
	return data, nil
}

// Open returns the blob named sum; fs.ErrNotExist when there is none.
func (b *Blobs) Open(sum string) (io.ReadSeekCloser, error) {
	path, err := b.Path(sum)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("archive: open blob %s: %w", sum, err)
	}
	return f, nil
}

// Problem is a blob that does not verify.
type Problem struct {
	// Name is the blob's name (its expected SHA-256), or a stray file's
	// path relative to the store.
	Name string `json:"name"`
	// Actual is the SHA-256 of the bytes found, when they could be read.
	Actual string `json:"actual,omitempty"`
	// Reason: "changed" (the bytes no longer hash to the name),
	// "missing" (an expected blob is not there), "unreadable", or
	// "stray" (a file that is not a blob).
	Reason string `json:"reason"`
}

// Verification is the result of Verify.
type Verification struct {
	Blobs    int       `json:"blobs"`
	Bytes    int64     `json:"bytes"`
	Problems []Problem `json:"problems"`
}

// OK reports whether every blob verified and none expected is missing.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// Verify re-hashes every blob in the store and reports each whose bytes
// no longer match its name, and each name in expected (the SHA-256s the
// database refers to) that is missing.
func (b *Blobs) Verify(expected []string) (*Verification, error) {
	v := &Verification{Problems: []Problem{}}
	seen := map[string]bool{}
	root := filepath.Join(b.dir, "sha256")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := d.Name()
		rel, _ := filepath.Rel(b.dir, path)
		if !hexName.MatchString(name) || filepath.Base(filepath.Dir(path)) != name[:2] {
			if len(name) > 5 && name[:5] == ".tmp-" {
				return nil // an interrupted Put
			}
			v.Problems = append(v.Problems, Problem{Name: rel, Reason: "stray"})
			return nil
		}
		seen[name] = true
		v.Blobs++
		f, err := os.Open(path)
		if err != nil {
			v.Problems = append(v.Problems, Problem{Name: name, Reason: "unreadable"})
			return nil
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			v.Problems = append(v.Problems, Problem{Name: name, Reason: "unreadable"})
			return nil
		}
		v.Bytes += n
		if got := hex.EncodeToString(h.Sum(nil)); got != name {
			v.Problems = append(v.Problems, Problem{Name: name, Actual: got, Reason: "changed"})
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("archive: verify %s: %w", b.dir, err)
	}
	missing := map[string]bool{}
	for _, sum := range expected {
		if !seen[sum] && !missing[sum] {
			missing[sum] = true
			v.Problems = append(v.Problems, Problem{Name: sum, Reason: "missing"})
		}
	}
	sort.SliceStable(v.Problems, func(i, j int) bool { return v.Problems[i].Name < v.Problems[j].Name })
	return v, nil
}
