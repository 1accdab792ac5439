package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vigil"
	"vigil/seal"
	"vigil/store"
)

// mustProtected stores a protected person named name in the database of
// dir, opened with its key file, and returns its id.
func mustProtected(t *testing.T, dir, name string) int64 {
	t.Helper()
	ctx := vigil.WithViewer(context.Background(), cliViewer())
	st, err := store.Open(ctx, filepath.Join(dir, "vigil.db"), store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := &vigil.Actor{Meta: vigil.Meta{Sensitivity: vigil.Public}, Kind: vigil.ActorPerson, Name: vigil.Names{Ko: name, En: name},
		Protected: true, Pseudonym: vigil.Names{Ko: "당사자 D", En: "Person D"}}
	if err := st.CreateActor(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// readName reads the name of actor id as a restricted reader with the key
// file of dir.
func readName(t *testing.T, dir string, id int64) string {
	t.Helper()
	ctx := vigil.WithViewer(context.Background(), cliViewer())
	st, err := store.Open(ctx, filepath.Join(dir, "vigil.db"), store.Options{Key: seal.FileSource(filepath.Join(dir, "vigil.key"))})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.FindActorByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Name.Ko
}

// rawDB returns the bytes of the SQLite database and its WAL.
func rawDB(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	for _, f := range []string{"vigil.db", "vigil.db-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func TestKeyCommands(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "vigil.key")
	vars := map[string]string{"VIGIL_DATA": dir}
	const canary = "카나리아 김씨 cnry5e1f0a9b77c2"

	code, _, errs := runCLI(t, vars, "", "migrate")
	if code != 0 || !strings.Contains(errs, "created key file "+keyFile+"; back it up apart from the database") {
		t.Fatalf("migrate: exit %d, stderr %q", code, errs)
	}
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", st, err)
	}
	id := mustProtected(t, dir, canary)
	var outputs []string
	cli := func(vars map[string]string, args ...string) (int, string, string) {
		t.Helper()
		code, out, errs := runCLI(t, vars, "", args...)
		outputs = append(outputs, out, errs)
		return code, out, errs
	}

	t.Run("status", func(t *testing.T) {
		code, out, errs := cli(vars, "key", "status")
		if code != 0 || !regexp.MustCompile(`(?m)^  k1 \(current\)  created \S+  wrapped by [0-9a-f]{16}  7 values$`).MatchString(out) ||
			!strings.Contains(out, "key-encryption key: key file "+keyFile+", fingerprint ") || !strings.Contains(out, "sealed values: 7 (actors 7)") {
			t.Fatalf("key status: exit %d\n%s%s", code, out, errs)
		}
		code, out, _ = cli(vars, "key", "status", "--json")
		var ks store.KeyStatus
		if err := json.Unmarshal([]byte(out), &ks); code != 0 || err != nil || ks.Fields != 7 || len(ks.Keys) != 1 || ks.Keys[0].ID != "k1" {
			t.Fatalf("key status --json: exit %d, %v: %s", code, err, out)
		}
	})
	t.Run("rotate", func(t *testing.T) {
		before := rawDB(t, dir)
		code, out, errs := cli(vars, "key", "rotate")
		if code != 0 || !strings.Contains(out, "data key k2 is current; retired k1\nre-encrypted 7 values in 1 rows (actors 7)\n") {
			t.Fatalf("key rotate: exit %d\n%s%s", code, out, errs)
		}
		if !bytes.Contains(before, []byte("v1:k1:")) || !bytes.Contains(rawDB(t, dir), []byte("v1:k2:")) {
			t.Fatal("the raw database does not show the re-encryption under k2")
		}
		if got := readName(t, dir, id); got != canary {
			t.Fatalf("read %q after rotation", got)
		}
		if code, out, _ := cli(vars, "audit", "verify"); code != 0 || !strings.Contains(out, "intact") {
			t.Fatalf("audit verify after rotation: %s", out)
		}
	})
	t.Run("rotate the key-encryption key", func(t *testing.T) {
		old, err := seal.FileSource(keyFile).Load()
		if err != nil {
			t.Fatal(err)
		}
		code, out, errs := cli(vars, "key", "rotate", "--kek")
		if code != 0 || !strings.Contains(out, "data key k3 is current; retired k2") || !strings.Contains(out, "key-encryption key replaced (fingerprint ") {
			t.Fatalf("key rotate --kek: exit %d\n%s%s", code, out, errs)
		}
		now, err := seal.FileSource(keyFile).Load()
		if err != nil || now.Fingerprint() == old.Fingerprint() || !strings.Contains(out, now.Fingerprint()) {
			t.Fatalf("key file after --kek: %v, %v → %v", err, old, now)
		}
		if _, err := os.Stat(keyFile + ".new"); !os.IsNotExist(err) {
			t.Fatal("the new key file was left beside the key file")
		}
		if got := readName(t, dir, id); got != canary {
			t.Fatalf("read %q after replacing the key-encryption key", got)
		}
		if code, _, errs := cli(map[string]string{"VIGIL_DATA": dir, "VIGIL_KEY": old.Encode()}, "key", "status"); code != 1 || !strings.Contains(errs, "does not unlock this database") {
			t.Fatalf("the old key still opens the database: exit %d, %s", code, errs)
		}
		if code, _, errs := cli(map[string]string{"VIGIL_DATA": dir, "VIGIL_KEY": now.Encode()}, "key", "rotate", "--kek"); code != 2 || !strings.Contains(errs, "give --new-key-file FILE") {
			t.Fatalf("--kek with VIGIL_KEY and no --new-key-file: exit %d, %s", code, errs)
		}
	})
	t.Run("wrong key", func(t *testing.T) {
		other, _ := seal.NewKey()
		code, out, errs := cli(map[string]string{"VIGIL_DATA": dir, "VIGIL_KEY": other.Encode()}, "key", "status")
		if code != 1 || out != "" || !strings.Contains(errs, "the key from environment variable VIGIL_KEY (fingerprint "+other.Fingerprint()+") does not unlock this database") ||
			strings.Contains(errs, other.Encode()) {
			t.Fatalf("wrong key: exit %d, stdout %q, stderr %q", code, out, errs)
		}
		code, _, errs = cli(map[string]string{"VIGIL_DATA": dir, "VIGIL_KEY": "garbage"}, "stats", "--event", "arrest")
		if code != 1 || !strings.Contains(errs, "environment variable VIGIL_KEY: not a vigil key") {
			t.Fatalf("malformed VIGIL_KEY: exit %d, %q", code, errs)
		}
	})
	t.Run("missing key file", func(t *testing.T) {
		moved := filepath.Join(t.TempDir(), "backup.key")
		if err := os.Rename(keyFile, moved); err != nil {
			t.Fatal(err)
		}
		code, _, errs := cli(vars, "key", "status")
		if code != 1 || !strings.Contains(errs, "but key file "+keyFile+" does not exist; restore the key from your backup") {
			t.Fatalf("missing key file: exit %d, %q", code, errs)
		}
		if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
			t.Fatal("a missing key file was replaced")
		}
		code, out, errs := cli(vars, "key", "status", "--key-file", moved)
		if code != 0 || !strings.Contains(out, "k3 (current)") {
			t.Fatalf("--key-file: exit %d, %s%s", code, out, errs)
		}
		if err := os.Rename(moved, keyFile); err != nil {
			t.Fatal(err)
		}
		if got := readName(t, dir, id); got != canary {
			t.Fatalf("read %q after the failed opens", got)
		}
	})
	t.Run("no plaintext at rest or in output", func(t *testing.T) {
		if bytes.Contains(rawDB(t, dir), []byte(canary)) || bytes.Contains(rawDB(t, dir), []byte("cnry5e1f0a9b77c2")) {
			t.Fatal("the protected name is in the database files in the clear")
		}
		for _, o := range outputs {
			if strings.Contains(o, "cnry5e1f0a9b77c2") {
				t.Fatalf("a command printed the protected name: %s", o)
			}
		}
	})
	if code, _, errs := runCLI(t, vars, "", "key", "frob"); code != 2 || !strings.Contains(errs, "say rotate or status") {
		t.Errorf("unknown subcommand: exit %d, %q", code, errs)
	}
}

// TestServeDemoSealsProtectedNames: serve --demo makes a key in its fresh
// data directory, and the demo's protected people are not in the
// database files in the clear.
func TestServeDemoSealsProtectedNames(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := filepath.Join(t.TempDir(), "fresh")
	var out, errb syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--data", dir}) }()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(errb.String(), "serving http://"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", errb.String())
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, errb.String())
		default:
		}
	}
	cancel()
	<-done
	if st, err := os.Stat(filepath.Join(dir, "vigil.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("demo key file: %v, %v", st, err)
	}
	if !strings.Contains(errb.String(), "created key file "+filepath.Join(dir, "vigil.key")) {
		t.Errorf("serve --demo did not say it created the key file: %s", errb.String())
	}
	raw := rawDB(t, dir)
	for _, name := range []string{"김규리", "Gyuri Kim", "김혁", "Hyuk Kim"} {
		if bytes.Contains(raw, []byte(name)) {
			t.Errorf("the demo database holds %q in the clear", name)
		}
	}
	if !bytes.Contains(raw, []byte("피해 당사자 A")) {
		t.Error("the pseudonym should be stored in the clear (a check that the scan reads the data)")
	}
}
