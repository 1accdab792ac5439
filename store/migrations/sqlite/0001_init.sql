-- 0001_init (SQLite): the first schema. Why it exists: vigil keeps every
-- record of the domain (DOMAIN.md §1), the derived incident figures, a
-- hash-chained append-only audit log and API tokens in one database.
-- postgres/0001_init.sql is the same schema in PostgreSQL's types.
--
-- Conventions (docs/store.md):
--   * timestamps are TEXT, RFC 3339 UTC with microseconds
--     ('2024-05-20T09:30:00.000000Z'): lexical order is time order;
--   * EDTF dates are TEXT, with their bounds in *_start/*_end as
--     'YYYY-MM-DD' (NULL when unknown or open): lexical order is date order;
--   * names are one column per language (name_ko, name_en, name_zh) so they
--     can be searched; short lists (variants, other_names, identifiers) are
--     JSON text;
--   * sensitivity_rank (0 public, 1 coalition, 2 restricted) sits next to
--     sensitivity so clearance filters are one comparison in SQL;
--   * booleans are INTEGER 0/1.

CREATE TABLE actors (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	kind             TEXT    NOT NULL CHECK (kind IN ('person', 'organization')),
	name_ko          TEXT    NOT NULL DEFAULT '',
	name_en          TEXT    NOT NULL DEFAULT '',
	name_zh          TEXT    NOT NULL DEFAULT '',
	classification   TEXT    NOT NULL DEFAULT '',
	other_names      TEXT    NOT NULL DEFAULT '[]',
	identifiers      TEXT    NOT NULL DEFAULT '[]',
	url              TEXT    NOT NULL DEFAULT '',
	country_code     TEXT    NOT NULL DEFAULT '',
	parent_id        INTEGER REFERENCES actors (id),
	protected        INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
	pseudonym_ko     TEXT    NOT NULL DEFAULT '',
	pseudonym_en     TEXT    NOT NULL DEFAULT '',
	pseudonym_zh     TEXT    NOT NULL DEFAULT '',
	notes            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX actors_parent_id ON actors (parent_id);

CREATE TABLE places (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	kind             TEXT    NOT NULL,
	name_ko          TEXT    NOT NULL DEFAULT '',
	name_en          TEXT    NOT NULL DEFAULT '',
	name_zh          TEXT    NOT NULL DEFAULT '',
	variants         TEXT    NOT NULL DEFAULT '[]',
	geonames_id      INTEGER UNIQUE,
	lat              REAL,
	lon              REAL,
	parent_id        INTEGER REFERENCES places (id),
	country_code     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX places_parent_id ON places (parent_id);

CREATE TABLE sources (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	kind             TEXT    NOT NULL,
	publisher        TEXT    NOT NULL,
	publisher_id     INTEGER REFERENCES actors (id),
	url              TEXT    NOT NULL DEFAULT '',
	language         TEXT    NOT NULL DEFAULT '',
	title_ko         TEXT    NOT NULL DEFAULT '',
	title_en         TEXT    NOT NULL DEFAULT '',
	title_zh         TEXT    NOT NULL DEFAULT '',
	published        TEXT    NOT NULL DEFAULT '',
	published_start  TEXT,
	published_end    TEXT,
	reliability      TEXT    NOT NULL DEFAULT 'F',
	relayed_from     TEXT    NOT NULL DEFAULT '',
	notes            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sources_publisher_id ON sources (publisher_id);

CREATE TABLE incidents (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity         TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank    INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version             INTEGER NOT NULL DEFAULT 1,
	created_at          TEXT    NOT NULL,
	updated_at          TEXT    NOT NULL,
	title_ko            TEXT    NOT NULL DEFAULT '',
	title_en            TEXT    NOT NULL DEFAULT '',
	title_zh            TEXT    NOT NULL DEFAULT '',
	summary_ko          TEXT    NOT NULL DEFAULT '',
	summary_en          TEXT    NOT NULL DEFAULT '',
	summary_zh          TEXT    NOT NULL DEFAULT '',
	event               TEXT    NOT NULL,
	date                TEXT    NOT NULL DEFAULT '',
	date_start          TEXT,
	date_end            TEXT,
	date_basis          TEXT    NOT NULL DEFAULT 'claims',
	date_rationale      TEXT    NOT NULL DEFAULT '',
	place_id            INTEGER REFERENCES places (id),
	perpetrator_id      INTEGER REFERENCES actors (id),
	victim_group        TEXT    NOT NULL DEFAULT '',
	-- An editor's figure; override_rationale is NULL when there is none.
	override_low        INTEGER,
	override_best       INTEGER,
	override_high       INTEGER,
	override_rationale  TEXT,
	conflict_resolution TEXT    NOT NULL DEFAULT '',
	-- Derived by the store in the transaction of every change to the
	-- incident, its claims or its links. preferred_claim_id has no foreign
	-- key: it is rewritten whenever a claim changes.
	fig_low             INTEGER,
	fig_best            INTEGER,
	fig_high            INTEGER,
	figure_basis        TEXT    NOT NULL DEFAULT 'none',
	figure_rationale    TEXT    NOT NULL DEFAULT '',
	preferred_claim_id  INTEGER,
	conflict            INTEGER NOT NULL DEFAULT 0 CHECK (conflict IN (0, 1)),
	corroboration       INTEGER NOT NULL DEFAULT 0,
	claim_count         INTEGER NOT NULL DEFAULT 0,
	parent_id           INTEGER REFERENCES incidents (id),
	-- The part_of ancestors as a path from the root: '/3/17/' for a child
	-- of 17, itself a child of 3; '/' for a root.
	ancestors           TEXT    NOT NULL DEFAULT '/',
	-- The smallest id of the incident's same_cohort chain (its own id when
	-- it is alone).
	cohort_id           INTEGER NOT NULL DEFAULT 0
);
-- Totals read only these columns, so this index covers them (rowid is id).
CREATE INDEX incidents_totals ON incidents (event, date_start, sensitivity_rank, fig_low, fig_best, fig_high, cohort_id, ancestors);
CREATE INDEX incidents_place_id ON incidents (place_id);
CREATE INDEX incidents_perpetrator_id ON incidents (perpetrator_id);
CREATE INDEX incidents_parent_id ON incidents (parent_id);
CREATE INDEX incidents_cohort_id ON incidents (cohort_id);
CREATE INDEX incidents_date_start ON incidents (date_start);

CREATE TABLE incident_places (
	incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
	position    INTEGER NOT NULL,
	place_id    INTEGER NOT NULL REFERENCES places (id),
	role        TEXT    NOT NULL,
	PRIMARY KEY (incident_id, position)
);
CREATE INDEX incident_places_place_id ON incident_places (place_id);

CREATE TABLE claims (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	source_id        INTEGER NOT NULL REFERENCES sources (id),
	incident_id      INTEGER REFERENCES incidents (id),
	quote            TEXT    NOT NULL DEFAULT '',
	-- The figure as written, and its numbers.
	figure_text      TEXT    NOT NULL DEFAULT '',
	figure_qualifier TEXT    NOT NULL,
	figure_value     INTEGER,
	figure_low       INTEGER,
	figure_high      INTEGER,
	-- Its interval under the store's policy; low NULL = unknown, high NULL =
	-- unbounded.
	low              INTEGER,
	best             INTEGER NOT NULL,
	high             INTEGER,
	event            TEXT    NOT NULL,
	date             TEXT    NOT NULL DEFAULT '',
	date_start       TEXT,
	date_end         TEXT,
	place_id         INTEGER REFERENCES places (id),
	place_text       TEXT    NOT NULL DEFAULT '',
	perpetrator_id   INTEGER REFERENCES actors (id),
	credibility      INTEGER NOT NULL DEFAULT 6,
	notes            TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX claims_incident_id ON claims (incident_id);
CREATE INDEX claims_source_id ON claims (source_id);
CREATE INDEX claims_place_id ON claims (place_id);
CREATE INDEX claims_perpetrator_id ON claims (perpetrator_id);

CREATE TABLE incident_links (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	from_id          INTEGER NOT NULL REFERENCES incidents (id),
	to_id            INTEGER NOT NULL REFERENCES incidents (id),
	kind             TEXT    NOT NULL CHECK (kind IN ('part_of', 'same_cohort', 'follow_up_of')),
	note             TEXT    NOT NULL DEFAULT '',
	UNIQUE (from_id, to_id, kind)
);
CREATE INDEX incident_links_from_id ON incident_links (from_id);
CREATE INDEX incident_links_to_id ON incident_links (to_id);
-- An incident is part of at most one other.
CREATE UNIQUE INDEX incident_links_one_parent ON incident_links (from_id) WHERE kind = 'part_of';

CREATE TABLE posts (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	organization_id  INTEGER NOT NULL REFERENCES actors (id),
	label_ko         TEXT    NOT NULL DEFAULT '',
	label_en         TEXT    NOT NULL DEFAULT '',
	label_zh         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX posts_organization_id ON posts (organization_id);

CREATE TABLE memberships (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	person_id        INTEGER NOT NULL REFERENCES actors (id),
	organization_id  INTEGER NOT NULL REFERENCES actors (id),
	post_id          INTEGER REFERENCES posts (id),
	role_ko          TEXT    NOT NULL DEFAULT '',
	role_en          TEXT    NOT NULL DEFAULT '',
	role_zh          TEXT    NOT NULL DEFAULT '',
	start_date       TEXT    NOT NULL DEFAULT '',
	start_earliest   TEXT,
	start_latest     TEXT,
	end_date         TEXT    NOT NULL DEFAULT '',
	end_earliest     TEXT,
	end_latest       TEXT
);
CREATE INDEX memberships_person_id ON memberships (person_id);
CREATE INDEX memberships_organization_id ON memberships (organization_id);
CREATE INDEX memberships_post_id ON memberships (post_id);

CREATE TABLE instruments (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	code             TEXT    NOT NULL UNIQUE,
	name_ko          TEXT    NOT NULL DEFAULT '',
	name_en          TEXT    NOT NULL DEFAULT '',
	name_zh          TEXT    NOT NULL DEFAULT '',
	adopted          TEXT    NOT NULL DEFAULT '',
	url              TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE provisions (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	instrument_id    INTEGER NOT NULL REFERENCES instruments (id),
	article          TEXT    NOT NULL,
	title_ko         TEXT    NOT NULL DEFAULT '',
	title_en         TEXT    NOT NULL DEFAULT '',
	title_zh         TEXT    NOT NULL DEFAULT '',
	summary_ko       TEXT    NOT NULL DEFAULT '',
	summary_en       TEXT    NOT NULL DEFAULT '',
	summary_zh       TEXT    NOT NULL DEFAULT '',
	UNIQUE (instrument_id, article)
);

CREATE TABLE state_parties (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	instrument_id    INTEGER NOT NULL REFERENCES instruments (id),
	country_code     TEXT    NOT NULL,
	action           TEXT    NOT NULL,
	date             TEXT    NOT NULL,
	date_start       TEXT,
	date_end         TEXT,
	reservations     TEXT    NOT NULL DEFAULT '',
	source_url       TEXT    NOT NULL DEFAULT '',
	UNIQUE (instrument_id, country_code, action)
);

CREATE TABLE violations (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	incident_id      INTEGER NOT NULL REFERENCES incidents (id),
	provision_id     INTEGER NOT NULL REFERENCES provisions (id),
	country_code     TEXT    NOT NULL,
	analysis_ko      TEXT    NOT NULL DEFAULT '',
	analysis_en      TEXT    NOT NULL DEFAULT '',
	analysis_zh      TEXT    NOT NULL DEFAULT '',
	UNIQUE (incident_id, provision_id, country_code)
);
CREATE INDEX violations_provision_id ON violations (provision_id);

-- The audit log: one row per mutation, each hash chained to the previous
-- row's (package vigil/audit). data is TEXT, not a JSON type, so the bytes
-- hashed are the bytes stored.
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY,
	at        TEXT    NOT NULL,
	actor     TEXT    NOT NULL,
	action    TEXT    NOT NULL,
	entity    TEXT    NOT NULL,
	entity_id INTEGER NOT NULL,
	version   INTEGER NOT NULL,
	data      TEXT    NOT NULL,
	prev_hash TEXT    NOT NULL,
	hash      TEXT    NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- The last seq and hash appended; every writing transaction updates it,
-- and verification compares the chain's end with it.
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
	SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;

-- API tokens: only the SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	name         TEXT    NOT NULL,
	scope        TEXT    NOT NULL CHECK (scope IN ('read', 'write')),
	clearance    TEXT    NOT NULL CHECK (clearance IN ('public', 'coalition', 'restricted')),
	prefix       TEXT    NOT NULL,
	hash         TEXT    NOT NULL UNIQUE,
	created_by   TEXT    NOT NULL DEFAULT '',
	created_at   TEXT    NOT NULL,
	last_used_at TEXT,
	revoked_at   TEXT
);
