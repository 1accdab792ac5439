-- 0005_monitoring (SQLite): why it exists: vigil watches RSS, Atom and
-- JSON feeds, routes items that match keyword rules to a triage inbox,
-- and preserves the pages it takes sources from as snapshots whose bytes
-- live in a content-addressed blob store (docs/monitoring.md).
-- postgres/0005_monitoring.sql is the same schema in PostgreSQL's types.
--
-- Feeds, rules and items are coalition-level at least (a CHECK refuses
-- public). Poll state (etag … next_poll_at) is machine state written by
-- the poller. Items are unique by URL and by content hash; an item is in
-- the inbox when it matched a rule (rules is not '[]'). A snapshot
-- names its blob by SHA-256; the bytes are not in the database.

CREATE TABLE feeds (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	url              TEXT    NOT NULL UNIQUE,
	title            TEXT    NOT NULL DEFAULT '',
	language         TEXT    NOT NULL DEFAULT '',
	active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	etag             TEXT    NOT NULL DEFAULT '',
	last_modified    TEXT    NOT NULL DEFAULT '',
	last_polled_at   TEXT,
	last_status      INTEGER NOT NULL DEFAULT 0,
	last_error       TEXT    NOT NULL DEFAULT '',
	failures         INTEGER NOT NULL DEFAULT 0,
	next_poll_at     TEXT
);
CREATE INDEX feeds_due ON feeds (active, next_poll_at);

CREATE TABLE keyword_rules (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	term             TEXT    NOT NULL,
	lang             TEXT    NOT NULL DEFAULT '',
	UNIQUE (term, lang)
);

-- The rules of the issue that asked for monitoring, so that a new
-- database routes the obvious items from the first poll. Seeding them
-- here, like audit_head's row, writes no audit entry.
INSERT INTO keyword_rules (sensitivity, sensitivity_rank, created_at, updated_at, term, lang) VALUES
	('coalition', 1, '2024-05-20T00:00:00.000000Z', '2024-05-20T00:00:00.000000Z', '강제북송', 'ko'),
	('coalition', 1, '2024-05-20T00:00:00.000000Z', '2024-05-20T00:00:00.000000Z', '북송', 'ko'),
	('coalition', 1, '2024-05-20T00:00:00.000000Z', '2024-05-20T00:00:00.000000Z', '탈북민', 'ko'),
	('coalition', 1, '2024-05-20T00:00:00.000000Z', '2024-05-20T00:00:00.000000Z', 'repatriat*', 'en'),
	('coalition', 1, '2024-05-20T00:00:00.000000Z', '2024-05-20T00:00:00.000000Z', 'defector*', 'en');

CREATE TABLE snapshots (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	source_id        INTEGER REFERENCES sources (id),
	url              TEXT    NOT NULL,
	final_url        TEXT    NOT NULL DEFAULT '',
	status           INTEGER NOT NULL,
	headers          TEXT    NOT NULL DEFAULT '[]',
	retrieved_at     TEXT    NOT NULL,
	sha256           TEXT    NOT NULL CHECK (length(sha256) = 64),
	size             INTEGER NOT NULL,
	content_type     TEXT    NOT NULL DEFAULT '',
	title            TEXT    NOT NULL DEFAULT '',
	text             TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX snapshots_source_id ON snapshots (source_id);
CREATE INDEX snapshots_sha256 ON snapshots (sha256);

CREATE TABLE feed_items (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	feed_id          INTEGER NOT NULL REFERENCES feeds (id),
	url              TEXT    NOT NULL UNIQUE,
	guid             TEXT    NOT NULL DEFAULT '',
	title            TEXT    NOT NULL DEFAULT '',
	text             TEXT    NOT NULL DEFAULT '',
	language         TEXT    NOT NULL DEFAULT '',
	published        TEXT,
	published_at     TEXT,
	content_hash     TEXT    NOT NULL UNIQUE,
	rules            TEXT    NOT NULL DEFAULT '[]',
	status           TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted', 'dismissed')),
	dismiss_reason   TEXT    NOT NULL DEFAULT '',
	source_id        INTEGER REFERENCES sources (id)
);
CREATE INDEX feed_items_feed_id ON feed_items (feed_id);
CREATE INDEX feed_items_status ON feed_items (status, id);
CREATE INDEX feed_items_source_id ON feed_items (source_id);
