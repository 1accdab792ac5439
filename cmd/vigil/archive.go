package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"vigil"
	"vigil/api"
	"vigil/archive"
	"vigil/store"
)

// runArchive preserves a URL, or verifies the blob store.
func runArchive(ctx context.Context, e *env, args []string) error {
	fs := newFlags("archive", e)
	var db dbFlags
	db.register(fs, e)
	var ff fetchFlags
	ff.register(fs)
	source := fs.Int64("source", 0, "the source the snapshot preserves")
	sens := fs.String("sensitivity", "restricted", "the snapshot's sensitivity (at least its source's)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("give one URL, or verify")
	}
	st, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	ctx = vigil.WithViewer(ctx, cliViewer())
	desk, blobs, err := ff.desk(st, &db)
	if err != nil {
		return err
	}
	if pos[0] == "verify" {
		return verifyArchive(ctx, e, st, blobs)
	}
	req := api.ArchiveRequest{URL: pos[0], Sensitivity: vigil.Sensitivity(*sens)}
	if *source > 0 {
		req.SourceID = source
	}
	sn, err := api.ArchiveURL(ctx, desk, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "snapshot %d of %s\n  status    %d\n  retrieved %s\n  sha256    %s\n  blob      %s (encrypted)\n  size      %d bytes\n  text      %d characters\n",
		sn.ID, sn.FinalURL, sn.Status, sn.RetrievedAt.Format("2006-01-02T15:04:05Z"), sn.SHA256, archive.Name(sn), sn.Size, len([]rune(sn.Text)))
	return nil
}

// verifyArchive re-hashes every blob, checks that every snapshot's blob
// is there, and fails when anything changed or is missing.
func verifyArchive(ctx context.Context, e *env, st *store.Store, blobs *archive.Blobs) error {
	var (
		expected []string
		sealed   []*vigil.Snapshot
	)
	for off := 0; ; off += vigil.MaxLimit {
		page, n, err := st.FindSnapshots(ctx, vigil.SnapshotFilter{Page: vigil.Page{Limit: vigil.MaxLimit, Offset: off}})
		if err != nil {
			return err
		}
		for _, sn := range page {
			expected = append(expected, archive.Name(sn))
			if sn.Blob != "" {
				sealed = append(sealed, sn)
			}
		}
		if off+len(page) >= n || len(page) == 0 {
			break
		}
	}
	v, err := blobs.Verify(expected)
	if err != nil {
		return err
	}
	// An encrypted blob must also open with its snapshot's key to bytes
	// with the snapshot's SHA-256.
	for _, sn := range sealed {
		if _, err := blobs.Read(sn); err != nil && !errors.Is(err, fs.ErrNotExist) {
			v.Problems = append(v.Problems, archive.Problem{Name: sn.Blob, Reason: "unreadable"})
		}
	}
	for _, p := range v.Problems {
		switch p.Reason {
		case "changed":
			fmt.Fprintf(e.stdout, "CHANGED  %s (the bytes now hash to %s)\n", p.Name, p.Actual)
		case "missing":
			fmt.Fprintf(e.stdout, "MISSING  %s (a snapshot refers to it)\n", p.Name)
		default:
			fmt.Fprintf(e.stdout, "%-8s %s\n", p.Reason, p.Name)
		}
	}
	fmt.Fprintf(e.stdout, "%d blobs (%d bytes) checked for %d snapshots in %s: %d problems\n", v.Blobs, v.Bytes, len(expected), blobs.Dir(), len(v.Problems))
	if !v.OK() {
		return fmt.Errorf("the archive does not verify: %d problems", len(v.Problems))
	}
	return nil
}
