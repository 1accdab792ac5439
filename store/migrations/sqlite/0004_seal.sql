-- 0004_seal (SQLite): encryption of restricted fields at rest. Why it
-- exists: fields that identify people at risk are sealed with
-- XChaCha20-Poly1305 under a data key (package vigil/seal,
-- docs/privacy.md). The data keys live here, each wrapped (encrypted) by
-- the key-encryption key, which never enters the database.
-- postgres/0004_seal.sql is the same change in PostgreSQL's types.

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
