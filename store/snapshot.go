package store

import (
	"context"
	"fmt"

	"vigil"
)

// snapshots are preserved copies of web pages; their bytes live in the
// blob store under sha256. A snapshot of a source is visible only with
// its source, so a restricted source's archive is never shown to a lower
// clearance, even if the snapshot row itself is less sensitive.
var snapshots = &table[vigil.Snapshot]{
	name: "snapshots",
	noun: "snapshot",
	cols: []string{"source_id", "url", "final_url", "status", "headers", "retrieved_at", "sha256", "size", "content_type", "title", "text", "blob", "blob_key"},
	args: func(s *vigil.Snapshot) []any {
		return []any{ptrArg(s.SourceID), s.URL, s.FinalURL, s.Status, jsonArg(s.Headers), fmtTime(s.RetrievedAt), s.SHA256, s.Size, s.ContentType, s.Title, s.Text, s.Blob, s.BlobKey}
	},
	dest: func(s *vigil.Snapshot) []any {
		return []any{i64Ptr{&s.SourceID}, &s.URL, &s.FinalURL, &s.Status, jsonCol{&s.Headers}, timeCol{&s.RetrievedAt}, &s.SHA256, &s.Size, &s.ContentType, &s.Title, &s.Text, &s.Blob, &s.BlobKey}
	},
	// A restricted snapshot is the page of a restricted source: its
	// address, headers, title and text would give the sealed source away,
	// and its blob's key opens the page's bytes. The SHA-256 stays in the
	// clear: it names evidence, and the store finds snapshots by it
	// (docs/privacy.md says what that reveals).
	seal: restrictedOnly(func(s *vigil.Snapshot) *vigil.Meta { return &s.Meta }, func(s *vigil.Snapshot) {
		s.URL, s.FinalURL, s.Headers, s.Title, s.Text, s.BlobKey = "", "", nil, "", "", ""
	}, "url", "final_url", "headers", "title", "text", "blob_key"),
	meta:    func(s *vigil.Snapshot) *vigil.Meta { return &s.Meta },
	parents: []parentCol{{"source_id", "sources"}},
	visible: "(t.source_id IS NULL OR EXISTS (SELECT 1 FROM sources src WHERE src.id = t.source_id AND src.sensitivity_rank <= ?))",
	refs: func(s *vigil.Snapshot) []ref {
		return []ref{refTo("source_id", "sources", "source", s.SourceID)}
	},
	// A snapshot is at least as sensitive as its source.
	before: func(ctx context.Context, t *txn, s, cur *vigil.Snapshot) error {
		if s.SourceID == nil {
			return nil
		}
		var rank int
		if err := t.queryRow(ctx, "SELECT sensitivity_rank FROM sources WHERE id = ?", *s.SourceID).Scan(&rank); err != nil {
			return fmt.Errorf("store: sensitivity of source %d: %w", *s.SourceID, err)
		}
		if rank > s.Sensitivity.Rank() {
			s.Sensitivity = vigil.SensitivityOfRank(rank)
		}
		return nil
	},
}

// CreateSnapshot stores a snapshot whose bytes are already in the blob
// store; it takes its source's sensitivity when that is higher.
func (s *Store) CreateSnapshot(ctx context.Context, sn *vigil.Snapshot) (err error) {
	defer restore(sn, &err)()
	return create(ctx, s, snapshots, sn, sn.Validate)
}

// FindSnapshotByID returns snapshot id if the viewer may see it and its
// source.
func (s *Store) FindSnapshotByID(ctx context.Context, id int64) (*vigil.Snapshot, error) {
	return findByID(ctx, s, snapshots, id)
}

// FindSnapshots lists the visible snapshots matching f, newest first by
// default, and their count.
func (s *Store) FindSnapshots(ctx context.Context, f vigil.SnapshotFilter) ([]*vigil.Snapshot, int, error) {
	var w where
	if f.SourceID != nil {
		w.add("t.source_id = ?", *f.SourceID)
	}
	if f.SHA256 != "" {
		w.add("t.sha256 = ?", f.SHA256)
	}
	return findList(ctx, s, snapshots, w, f.Page, map[string]string{"retrieved_at": "t.retrieved_at"})
}
