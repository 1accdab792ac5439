package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"vigil"
	"vigil/seal"
	"vigil/store"
)

// runKey rotates the data key or reports the keys (docs/privacy.md).
func runKey(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("say rotate or status")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("key "+sub, e)
	var db dbFlags
	db.register(fs, e)
	kek := fs.Bool("kek", false, "also replace the key-encryption key (rotate only)")
	newKeyFile := fs.String("new-key-file", "", "with --kek: where to write the new key (default: replace the key file in use)")
	asJSON := fs.Bool("json", false, "print JSON (status only)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	ctx = vigil.WithViewer(ctx, cliViewer())
	switch sub {
	case "status":
		st, err := db.open(ctx)
		if err != nil {
			return err
		}
		defer st.Close()
		ks, err := st.KeyStatus(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSONIndent(e.stdout, ks)
		}
		printKeyStatus(e, ks)
		return nil
	case "rotate":
		if *newKeyFile != "" && !*kek {
			return usagef("--new-key-file goes with --kek")
		}
		return rotateKey(ctx, e, &db, *kek, *newKeyFile)
	}
	return usagef("unknown key command %q; say rotate or status", sub)
}

// rotateKey re-encrypts every sealed value under a new data key, and with
// kek also under a new key-encryption key. The new key-encryption key is
// written to a file before the database changes, and takes the key
// file's place only once the rotation has committed.
func rotateKey(ctx context.Context, e *env, db *dbFlags, kek bool, newKeyFile string) error {
	src := db.keySource()
	var opts store.RotateOptions
	var pending, target string // the new key file, and the path it replaces
	if kek {
		f, isFile := src.(*seal.File)
		switch {
		case newKeyFile != "":
			pending = newKeyFile
		case isFile:
			pending, target = f.Path+".new", f.Path
		default:
			return usagef("the key comes from %s: give --new-key-file FILE for the new key, then set VIGIL_KEY from it", src)
		}
		k, err := seal.NewKey()
		if err != nil {
			return err
		}
		if err := seal.WriteKeyFile(pending, k); errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s exists, perhaps from an interrupted rotation: if the database's keys are wrapped by it (vigil key status names the fingerprint), make it the key file; otherwise remove it", pending)
		} else if err != nil {
			return err
		}
		opts.NewKEK = k
	}
	if e.isTTY {
		opts.Progress = func(table string, rows int) { fmt.Fprintf(e.stderr, "\rre-encrypting %s: %d rows", table, rows) }
	}
	st, err := db.open(ctx)
	if err != nil {
		if pending != "" {
			os.Remove(pending)
		}
		return err
	}
	defer st.Close()
	res, err := st.RotateKey(ctx, opts)
	if e.isTTY {
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		if pending != "" {
			os.Remove(pending)
		}
		return err
	}
	if target != "" {
		if err := os.Rename(pending, target); err != nil {
			return fmt.Errorf("the rotation is done and the new key is in %s, but it could not replace %s: %w; move it there yourself", pending, target, err)
		}
		pending = target
	}
	retired := strings.Join(res.Retired, ", ")
	if retired == "" {
		retired = "none"
	}
	fmt.Fprintf(e.stdout, "data key %s is current; retired %s\n", res.Key, retired)
	fmt.Fprintf(e.stdout, "re-encrypted %d values in %d rows%s\n", res.Fields, res.Rows, byTable(res.Tables))
	if res.Digests > 0 {
		fmt.Fprintf(e.stdout, "recomputed %d keyed digests under %s\n", res.Digests, res.Key)
	}
	if res.Clear > 0 {
		fmt.Fprintf(e.stdout, "sealed %d values that were stored in the clear\n", res.Clear)
	}
	if kek {
		fmt.Fprintf(e.stdout, "key-encryption key replaced (fingerprint %s), written to %s; back it up apart from the database, and restart running servers with it\n", res.KEK, pending)
		if _, isEnv := src.(*seal.Env); isEnv {
			fmt.Fprintf(e.stdout, "set VIGIL_KEY to the contents of %s\n", pending)
		}
	}
	return nil
}

func printKeyStatus(e *env, ks *store.KeyStatus) {
	fmt.Fprintf(e.stdout, "key-encryption key: %s, fingerprint %s\n", ks.Source, ks.KEK)
	fmt.Fprintln(e.stdout, "data keys:")
	for _, k := range ks.Keys {
		cur := ""
		if k.Current {
			cur = " (current)"
		}
		fmt.Fprintf(e.stdout, "  %s%s  created %s  wrapped by %s  %d values\n", k.ID, cur, k.CreatedAt.Format(time.RFC3339), k.KEK, k.Fields)
	}
	fmt.Fprintf(e.stdout, "sealed values: %d%s\n", ks.Fields, byTable(ks.Tables))
	if ks.Digests > 0 || ks.StaleDigests > 0 {
		fmt.Fprintf(e.stdout, "keyed digests: %d under the current key\n", ks.Digests)
	}
	if ks.StaleDigests > 0 {
		fmt.Fprintf(e.stdout, "WARNING: %d keyed digests are not under the current key; duplicate checks miss them until vigil key rotate\n", ks.StaleDigests)
	}
	if ks.Clear > 0 {
		fmt.Fprintf(e.stdout, "WARNING: %d values that should be sealed are in the clear; vigil key rotate seals them\n", ks.Clear)
	}
	if ks.Unknown > 0 {
		fmt.Fprintf(e.stdout, "WARNING: %d values are sealed under a key this database does not hold; they cannot be read\n", ks.Unknown)
	}
}

// byTable formats counts by table: " (actors 14, claims 3)".
func byTable(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
