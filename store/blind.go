package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"vigil/seal"
)

// A blind index is a column of keyed digests (seal.Keyring.Digest) of
// sealed values: equal values give equal digests under one data key, so
// the column backs a uniqueness check, yet nobody without the key can
// test a guess against it. The digest key derives from the current data
// key, so every rotation computes the digests again (reseal calls rekey).
type blindIndex struct {
	table, column string
	// rekey computes every digest of the column again under ring's
	// current key and returns how many it wrote.
	rekey func(ctx context.Context, t *txn, ring *seal.Keyring) (int, error)
}

// blindIndexes lists every keyed digest column.
var blindIndexes = []blindIndex{
	{table: "signatures", column: "restricted_identity_digest", rekey: rekeySigners},
}

// signerPurpose names the digest of an individual signatory.
const signerPurpose = "signatures.restricted_identity_digest"

// signerMessage is what identifies an individual signatory on one letter:
// the letter with the signer's name and contact, case- and space-folded.
func signerMessage(letterID int64, name, contact string) string {
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return "vigil-signer-v1\x00" + strconv.FormatInt(letterID, 10) + "\x00" + fold(name) + "\x00" + fold(contact)
}

// signerDigest is the duplicate key of an individual signatory on one
// letter under the transaction's current data key. It lets the unique
// index refuse a second signature without storing the identity, or a
// digest anyone could recompute from a guessed name and contact.
func (t *txn) signerDigest(ctx context.Context, letterID int64, name, contact string) (string, error) {
	ring, err := t.ring(ctx)
	if err != nil {
		return "", err
	}
	d, err := ring.Digest(signerPurpose, signerMessage(letterID, name, contact))
	if err != nil {
		return "", fmt.Errorf("store: %w", err)
	}
	return d, nil
}

// rekeySigners computes the signer digest of every individual signature
// again from its sealed name and contact. It runs after the signatures'
// sealed columns were sealed under ring's current key.
func rekeySigners(ctx context.Context, t *txn, ring *seal.Keyring) (int, error) {
	type row struct {
		id, letter    int64
		name, contact string
	}
	n := 0
	var after int64
	for {
		rows, err := t.query(ctx, `SELECT id, letter_id, restricted_real_name, restricted_contact FROM signatures
			WHERE restricted_identity_digest IS NOT NULL AND id > ? ORDER BY id LIMIT ?`, after, rotatePage)
		if err != nil {
			return 0, fmt.Errorf("store: re-key signer digests: %w", err)
		}
		var page []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.letter, &r.name, &r.contact); err != nil {
				rows.Close()
				return 0, fmt.Errorf("store: re-key signer digests: %w", err)
			}
			page = append(page, r)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: re-key signer digests: %w", err)
		}
		if err := rows.Close(); err != nil {
			return 0, fmt.Errorf("store: re-key signer digests: %w", err)
		}
		for _, r := range page {
			name, err := ring.Open(seal.AAD("signatures", "restricted_real_name", r.id), r.name)
			if err != nil {
				return 0, fmt.Errorf("store: re-key signer digest of signature %d: %w", r.id, err)
			}
			contact, err := ring.Open(seal.AAD("signatures", "restricted_contact", r.id), r.contact)
			if err != nil {
				return 0, fmt.Errorf("store: re-key signer digest of signature %d: %w", r.id, err)
			}
			d, err := ring.Digest(signerPurpose, signerMessage(r.letter, name, contact))
			if err != nil {
				return 0, fmt.Errorf("store: %w", err)
			}
			if _, err := t.exec(ctx, "UPDATE signatures SET restricted_identity_digest = ? WHERE id = ?", d, r.id); err != nil {
				return 0, mapErr(fmt.Errorf("store: re-key signer digest of signature %d: %w", r.id, err))
			}
			n++
			after = r.id
		}
		if len(page) < rotatePage {
			return n, nil
		}
	}
}

// countDigests counts the digests of every blind index by data key, for
// KeyStatus; unknown counts digests under no listed key or malformed.
func (t *txn) countDigests(ctx context.Context, byKey map[int64]int) (total, unknown int, err error) {
	for _, bi := range blindIndexes {
		rows, err := t.query(ctx, "SELECT "+bi.column+" FROM "+bi.table+" WHERE "+bi.column+" IS NOT NULL")
		if err != nil {
			return 0, 0, fmt.Errorf("store: count digests of %s: %w", bi.table, err)
		}
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return 0, 0, fmt.Errorf("store: count digests of %s: %w", bi.table, err)
			}
			id, err := seal.ParseDigest(d)
			if _, ok := byKey[id]; err != nil || !ok {
				unknown++
				continue
			}
			byKey[id]++
			total++
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("store: count digests of %s: %w", bi.table, err)
		}
		rows.Close()
	}
	return total, unknown, nil
}
