-- 0007_seal (SQLite): encryption of restricted fields at rest. Why it
-- exists: fields that identify people at risk are sealed with
-- XChaCha20-Poly1305 under a data key (package vigil/seal,
-- docs/privacy.md). The data keys live here, each wrapped (encrypted) by
-- the key-encryption key, which never enters the database.
-- postgres/0007_seal.sql is the same change in PostgreSQL's types.

-- One row per data key; the highest id is the current key, with which
-- every new value is sealed. A rotation adds a key, re-encrypts every
-- sealed value under it and deletes the older keys, in one transaction.
-- kek is the fingerprint of the key-encryption key that wraps the row
-- (never the key), so a wrong key is reported as such.
CREATE TABLE seal_keys (
	id         INTEGER PRIMARY KEY,
	wrapped    TEXT    NOT NULL,
	kek        TEXT    NOT NULL,
	created_at TEXT    NOT NULL
);

-- The coordinates of a restricted place (a safe house is found by its
-- coordinates alone) cannot be sealed in the numeric columns lat/lon: for a
-- restricted place they are NULL and "lat,lon" is sealed here. For every
-- other place coords is ''.
ALTER TABLE places ADD COLUMN coords TEXT NOT NULL DEFAULT '';

-- The person link of a signature and of an invitation is sealed too (it
-- ties a signatory to a protected person). An integer column cannot hold
-- a ciphertext, so the link moves to a text column that holds it sealed,
-- and the integer column stays NULL from now on. The links already stored
-- are moved here in the clear and sealed by the store when it makes the
-- first data key, in the same way as every other field from before
-- sealing existed.
ALTER TABLE signatures ADD COLUMN restricted_person TEXT;
UPDATE signatures SET restricted_person = CAST(restricted_person_id AS TEXT), restricted_person_id = NULL
	WHERE restricted_person_id IS NOT NULL;
ALTER TABLE invitations ADD COLUMN person TEXT;
UPDATE invitations SET person = CAST(person_id AS TEXT), person_id = NULL
	WHERE person_id IS NOT NULL;

-- An archived page is stored in the blob store encrypted with a key of
-- its own: blob names the stored file (the SHA-256 of its encrypted
-- bytes), blob_key holds the file's key, sealed for a restricted
-- snapshot. Both are '' for a snapshot archived before, whose blob is the
-- page's bytes under their own SHA-256.
ALTER TABLE snapshots ADD COLUMN blob TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN blob_key TEXT NOT NULL DEFAULT '';

-- A photo's image is stored encrypted under a key of its own, kept in
-- data_key (sealed for a restricted photo). '' for an image stored
-- before: the store encrypts those when it makes the first data key.
ALTER TABLE photos ADD COLUMN data_key TEXT NOT NULL DEFAULT '';

-- The search index (0006_search) held the text of every view of a record,
-- a protected person's identity and restricted records' words included,
-- in the clear. From now on no sealed field is indexed (docs/privacy.md):
-- the index is emptied and every record queued, and the store indexes the
-- queue when it makes the first data key. The old text may linger in
-- free pages until VACUUM.
INSERT INTO search_fts (search_fts) VALUES ('delete-all');
DELETE FROM search_docs;
DELETE FROM search_pending;
INSERT INTO search_pending (kind, first_id, last_id) SELECT 'incident', MIN(id), MAX(id) FROM incidents HAVING COUNT(*) > 0;
INSERT INTO search_pending (kind, first_id, last_id) SELECT 'claim', MIN(id), MAX(id) FROM claims HAVING COUNT(*) > 0;
INSERT INTO search_pending (kind, first_id, last_id) SELECT 'source', MIN(id), MAX(id) FROM sources HAVING COUNT(*) > 0;
INSERT INTO search_pending (kind, first_id, last_id) SELECT 'actor', MIN(id), MAX(id) FROM actors HAVING COUNT(*) > 0;
INSERT INTO search_pending (kind, first_id, last_id) SELECT 'place', MIN(id), MAX(id) FROM places HAVING COUNT(*) > 0;
