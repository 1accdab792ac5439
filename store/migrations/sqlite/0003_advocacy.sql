-- 0006_advocacy: coalition advocacy (docs/advocacy.md). Campaigns with
-- asks, a timeline of actions and outcomes; joint letters with versions,
-- comments, sign-on invitations, signatures bound to the frozen text's
-- hash, and deliveries; events with photos. New tables only: nothing
-- existing changes.

CREATE TABLE campaigns (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	title_ko         TEXT    NOT NULL DEFAULT '',
	title_en         TEXT    NOT NULL DEFAULT '',
	title_zh         TEXT    NOT NULL DEFAULT '',
	goal_ko          TEXT    NOT NULL DEFAULT '',
	goal_en          TEXT    NOT NULL DEFAULT '',
	goal_zh          TEXT    NOT NULL DEFAULT '',
	incident_ids     TEXT    NOT NULL DEFAULT '[]',
	targets          TEXT    NOT NULL DEFAULT '[]',
	deadline         TEXT,
	notes            TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE asks (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
	target_id        INTEGER REFERENCES actors (id),
	text_ko          TEXT    NOT NULL DEFAULT '',
	text_en          TEXT    NOT NULL DEFAULT '',
	text_zh          TEXT    NOT NULL DEFAULT '',
	deadline         TEXT,
	state            TEXT    NOT NULL CHECK (state IN ('awaiting', 'acknowledged', 'raised', 'partially', 'declined', 'no_response', 'overdue')),
	state_date       TEXT    NOT NULL DEFAULT '',
	state_source_id  INTEGER REFERENCES sources (id),
	state_note       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX asks_campaign_id ON asks (campaign_id);
CREATE INDEX asks_target_id ON asks (target_id);
CREATE INDEX asks_state_source_id ON asks (state_source_id);
CREATE INDEX asks_open_deadline ON asks (state, deadline);

CREATE TABLE ask_events (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	ask_id      INTEGER NOT NULL REFERENCES asks (id) ON DELETE CASCADE,
	from_state  TEXT    NOT NULL,
	to_state    TEXT    NOT NULL,
	date        TEXT    NOT NULL,
	source_id   INTEGER REFERENCES sources (id),
	note        TEXT    NOT NULL DEFAULT '',
	actor       TEXT    NOT NULL,
	at          TEXT    NOT NULL
);
CREATE INDEX ask_events_ask_id ON ask_events (ask_id);
CREATE INDEX ask_events_source_id ON ask_events (source_id);

CREATE TABLE letters (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	campaign_id      INTEGER REFERENCES campaigns (id),
	title_ko         TEXT    NOT NULL DEFAULT '',
	title_en         TEXT    NOT NULL DEFAULT '',
	title_zh         TEXT    NOT NULL DEFAULT '',
	addressed_to_ko  TEXT    NOT NULL DEFAULT '',
	addressed_to_en  TEXT    NOT NULL DEFAULT '',
	addressed_to_zh  TEXT    NOT NULL DEFAULT '',
	status           TEXT    NOT NULL CHECK (status IN ('draft', 'frozen', 'delivered')),
	current_version  INTEGER NOT NULL DEFAULT 0,
	frozen_version   INTEGER NOT NULL DEFAULT 0,
	text_hash        TEXT    NOT NULL DEFAULT '',
	frozen_at        TEXT,
	delivered_at     TEXT
);
CREATE INDEX letters_campaign_id ON letters (campaign_id);

CREATE TABLE letter_versions (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	letter_id   INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
	number      INTEGER NOT NULL,
	title_ko    TEXT    NOT NULL DEFAULT '',
	title_en    TEXT    NOT NULL DEFAULT '',
	body_ko     TEXT    NOT NULL DEFAULT '',
	body_en     TEXT    NOT NULL DEFAULT '',
	note        TEXT    NOT NULL DEFAULT '',
	author      TEXT    NOT NULL,
	created_at  TEXT    NOT NULL,
	hash        TEXT    NOT NULL,
	UNIQUE (letter_id, number)
);

CREATE TABLE letter_comments (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	letter_id   INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
	version     INTEGER NOT NULL,
	lang        TEXT    NOT NULL DEFAULT '',
	body        TEXT    NOT NULL,
	author      TEXT    NOT NULL,
	created_at  TEXT    NOT NULL
);
CREATE INDEX letter_comments_letter_id ON letter_comments (letter_id);

-- Invitations keep only the SHA-256 of their secret (token_hash).
CREATE TABLE invitations (
	id              INTEGER PRIMARY KEY AUTOINCREMENT,
	letter_id       INTEGER NOT NULL REFERENCES letters (id),
	kind            TEXT    NOT NULL CHECK (kind IN ('organization', 'individual')),
	organization_id INTEGER REFERENCES actors (id),
	person_id       INTEGER REFERENCES actors (id),
	label           TEXT    NOT NULL DEFAULT '',
	token_hash      TEXT    NOT NULL UNIQUE,
	expires_at      TEXT    NOT NULL,
	used_at         TEXT,
	signature_id    INTEGER,
	created_by      TEXT    NOT NULL,
	created_at      TEXT    NOT NULL
);
CREATE INDEX invitations_letter_id ON invitations (letter_id);
CREATE INDEX invitations_organization_id ON invitations (organization_id);

-- Columns named restricted_* hold the identity of a signatory: the store
-- returns them only at restricted clearance (a CASE in the SELECT) and
-- never writes them to output or the audit log. They are the columns to
-- seal at rest (docs/advocacy.md).
CREATE TABLE signatures (
	id                         INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity                TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank           INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version                    INTEGER NOT NULL DEFAULT 1,
	created_at                 TEXT    NOT NULL,
	updated_at                 TEXT    NOT NULL,
	letter_id                  INTEGER NOT NULL REFERENCES letters (id),
	invitation_id              INTEGER REFERENCES invitations (id),
	kind                       TEXT    NOT NULL CHECK (kind IN ('organization', 'individual')),
	organization_id            INTEGER REFERENCES actors (id),
	representative_name        TEXT    NOT NULL DEFAULT '',
	representative_title       TEXT    NOT NULL DEFAULT '',
	authority                  TEXT    NOT NULL DEFAULT '',
	authority_verified         INTEGER NOT NULL DEFAULT 0 CHECK (authority_verified IN (0, 1)),
	verified_by                TEXT    NOT NULL DEFAULT '',
	verified_at                TEXT,
	display_name_ko            TEXT    NOT NULL DEFAULT '',
	display_name_en            TEXT    NOT NULL DEFAULT '',
	display_name_zh            TEXT    NOT NULL DEFAULT '',
	pseudonymous               INTEGER NOT NULL DEFAULT 0 CHECK (pseudonymous IN (0, 1)),
	restricted_real_name       TEXT    NOT NULL DEFAULT '',
	restricted_contact         TEXT    NOT NULL DEFAULT '',
	restricted_person_id       INTEGER REFERENCES actors (id),
	restricted_identity_digest TEXT,
	text_hash                  TEXT    NOT NULL,
	version_number             INTEGER NOT NULL,
	signed_at                  TEXT    NOT NULL,
	withdrawn_at               TEXT,
	withdraw_reason            TEXT    NOT NULL DEFAULT '',
	withdraw_code_hash         TEXT UNIQUE
);
CREATE INDEX signatures_letter_id ON signatures (letter_id, text_hash);
CREATE INDEX signatures_invitation_id ON signatures (invitation_id);
CREATE INDEX signatures_organization_id ON signatures (organization_id);
CREATE INDEX signatures_person_id ON signatures (restricted_person_id);
-- One standing signature per organization, and per individual, on one
-- text: the backstop of the store's duplicate check.
CREATE UNIQUE INDEX signatures_one_per_org ON signatures (letter_id, text_hash, organization_id) WHERE withdrawn_at IS NULL AND organization_id IS NOT NULL;
CREATE UNIQUE INDEX signatures_one_per_person ON signatures (letter_id, text_hash, restricted_identity_digest) WHERE withdrawn_at IS NULL AND restricted_identity_digest IS NOT NULL;

CREATE TABLE deliveries (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity        TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank   INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version            INTEGER NOT NULL DEFAULT 1,
	created_at         TEXT    NOT NULL,
	updated_at         TEXT    NOT NULL,
	letter_id          INTEGER NOT NULL REFERENCES letters (id),
	recipient_id       INTEGER REFERENCES actors (id),
	recipient          TEXT    NOT NULL DEFAULT '',
	channel            TEXT    NOT NULL,
	date               TEXT    NOT NULL,
	acknowledged       INTEGER NOT NULL DEFAULT 0 CHECK (acknowledged IN (0, 1)),
	acknowledged_date  TEXT    NOT NULL DEFAULT '',
	evidence_source_id INTEGER REFERENCES sources (id),
	notes              TEXT    NOT NULL DEFAULT '',
	text_hash          TEXT    NOT NULL,
	signatories        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deliveries_letter_id ON deliveries (letter_id);
CREATE INDEX deliveries_recipient_id ON deliveries (recipient_id);
CREATE INDEX deliveries_evidence_source_id ON deliveries (evidence_source_id);

CREATE TABLE events (
	id                     INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity            TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank       INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version                INTEGER NOT NULL DEFAULT 1,
	created_at             TEXT    NOT NULL,
	updated_at             TEXT    NOT NULL,
	campaign_id            INTEGER REFERENCES campaigns (id),
	kind                   TEXT    NOT NULL,
	title_ko               TEXT    NOT NULL DEFAULT '',
	title_en               TEXT    NOT NULL DEFAULT '',
	title_zh               TEXT    NOT NULL DEFAULT '',
	summary_ko             TEXT    NOT NULL DEFAULT '',
	summary_en             TEXT    NOT NULL DEFAULT '',
	summary_zh             TEXT    NOT NULL DEFAULT '',
	date                   TEXT    NOT NULL,
	date_start             TEXT,
	date_end               TEXT,
	place_id               INTEGER REFERENCES places (id),
	place_text             TEXT    NOT NULL DEFAULT '',
	organizer_ids          TEXT    NOT NULL DEFAULT '[]',
	participants           TEXT    NOT NULL DEFAULT '{}',
	participants_low       INTEGER,
	participants_best      INTEGER,
	participants_high      INTEGER,
	notes                  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX events_campaign_id ON events (campaign_id);
CREATE INDEX events_place_id ON events (place_id);

CREATE TABLE campaign_actions (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
	kind             TEXT    NOT NULL CHECK (kind IN ('letter', 'demonstration', 'meeting', 'press_release', 'statement')),
	title_ko         TEXT    NOT NULL DEFAULT '',
	title_en         TEXT    NOT NULL DEFAULT '',
	title_zh         TEXT    NOT NULL DEFAULT '',
	summary_ko       TEXT    NOT NULL DEFAULT '',
	summary_en       TEXT    NOT NULL DEFAULT '',
	summary_zh       TEXT    NOT NULL DEFAULT '',
	date             TEXT    NOT NULL,
	date_start       TEXT,
	date_end         TEXT,
	letter_id        INTEGER REFERENCES letters (id),
	event_id         INTEGER REFERENCES events (id),
	source_id        INTEGER REFERENCES sources (id)
);
CREATE INDEX campaign_actions_campaign_id ON campaign_actions (campaign_id, date_start);
CREATE INDEX campaign_actions_letter_id ON campaign_actions (letter_id);
CREATE INDEX campaign_actions_event_id ON campaign_actions (event_id);
CREATE INDEX campaign_actions_source_id ON campaign_actions (source_id);

CREATE TABLE outcomes (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	campaign_id      INTEGER NOT NULL REFERENCES campaigns (id),
	ask_id           INTEGER REFERENCES asks (id),
	change_ko        TEXT    NOT NULL DEFAULT '',
	change_en        TEXT    NOT NULL DEFAULT '',
	change_zh        TEXT    NOT NULL DEFAULT '',
	changed_by_id    INTEGER REFERENCES actors (id),
	changed_by       TEXT    NOT NULL DEFAULT '',
	date             TEXT    NOT NULL,
	date_start       TEXT,
	date_end         TEXT,
	significance_ko  TEXT    NOT NULL DEFAULT '',
	significance_en  TEXT    NOT NULL DEFAULT '',
	significance_zh  TEXT    NOT NULL DEFAULT '',
	contribution_ko  TEXT    NOT NULL DEFAULT '',
	contribution_en  TEXT    NOT NULL DEFAULT '',
	contribution_zh  TEXT    NOT NULL DEFAULT '',
	source_ids       TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX outcomes_campaign_id ON outcomes (campaign_id);
CREATE INDEX outcomes_ask_id ON outcomes (ask_id);
CREATE INDEX outcomes_changed_by_id ON outcomes (changed_by_id);

-- Photos: the image bytes as re-encoded on upload (metadata stripped).
CREATE TABLE photos (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	event_id         INTEGER NOT NULL REFERENCES events (id),
	caption_ko       TEXT    NOT NULL DEFAULT '',
	caption_en       TEXT    NOT NULL DEFAULT '',
	caption_zh       TEXT    NOT NULL DEFAULT '',
	photographer_id  INTEGER REFERENCES actors (id),
	credit           TEXT    NOT NULL DEFAULT '',
	consent          TEXT    NOT NULL CHECK (consent IN ('unknown', 'obtained', 'refused', 'not_needed')),
	risk_check       TEXT    NOT NULL CHECK (risk_check IN ('pending', 'cleared', 'blocked')),
	risk_note        TEXT    NOT NULL DEFAULT '',
	checked_by       TEXT    NOT NULL DEFAULT '',
	checked_at       TEXT,
	content_type     TEXT    NOT NULL DEFAULT '',
	width            INTEGER NOT NULL DEFAULT 0,
	height           INTEGER NOT NULL DEFAULT 0,
	bytes            INTEGER NOT NULL DEFAULT 0,
	sha256           TEXT    NOT NULL DEFAULT '',
	data             BLOB,
	-- A public photo has cleared the risk check and has consent.
	CHECK (sensitivity <> 'public' OR (risk_check = 'cleared' AND consent IN ('obtained', 'not_needed')))
);
CREATE INDEX photos_event_id ON photos (event_id);
CREATE INDEX photos_photographer_id ON photos (photographer_id);
