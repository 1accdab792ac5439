-- 0005_publication (SQLite): reports, their images, and when incidents
-- became public. Why it exists: the public site publishes reports (posts
-- in Korean and English with citations, live figures and photos) and an
-- Atom feed of newly public incidents (docs/publication.md).
-- postgres/0005_publication.sql is the same schema in PostgreSQL's types.

-- A report in one language; its language versions share the slug.
-- photos is a JSON list of {image, caption, alt, credit, consent,
-- consent_note}, in the order {{photo N}} counts them.
CREATE TABLE reports (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	sensitivity      TEXT    NOT NULL CHECK (sensitivity IN ('public', 'coalition', 'restricted')),
	sensitivity_rank INTEGER NOT NULL CHECK (sensitivity_rank = CASE sensitivity WHEN 'public' THEN 0 WHEN 'coalition' THEN 1 ELSE 2 END),
	version          INTEGER NOT NULL DEFAULT 1,
	created_at       TEXT    NOT NULL,
	updated_at       TEXT    NOT NULL,
	slug             TEXT    NOT NULL,
	lang             TEXT    NOT NULL CHECK (lang IN ('ko', 'en')),
	title            TEXT    NOT NULL,
	summary          TEXT    NOT NULL DEFAULT '',
	body             TEXT    NOT NULL DEFAULT '',
	byline           TEXT    NOT NULL DEFAULT '',
	report_date      TEXT    NOT NULL DEFAULT '',
	status           TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	published_at     TEXT,
	photos           TEXT    NOT NULL DEFAULT '[]',
	UNIQUE (slug, lang)
);
CREATE INDEX reports_status ON reports (status, sensitivity_rank, report_date);

-- Images of reports, addressed by the SHA-256 of their bytes. An image is
-- never changed: storing the same bytes again finds the same row.
CREATE TABLE images (
	sha256     TEXT    PRIMARY KEY,
	media_type TEXT    NOT NULL,
	size       INTEGER NOT NULL,
	data       BLOB    NOT NULL,
	created_at TEXT    NOT NULL
);

-- When each public incident last became public, for the feed of newly
-- public incidents. Triggers keep it: an incident entering public gets a
-- row stamped with its updated_at (the store's clock, not the database's),
-- one leaving public loses it. Incidents public before this migration are
-- stamped with their updated_at, the best guess left.
CREATE TABLE public_since (
	entity    TEXT    NOT NULL,
	entity_id INTEGER NOT NULL,
	since     TEXT    NOT NULL,
	PRIMARY KEY (entity, entity_id)
);
CREATE INDEX public_since_since ON public_since (entity, since);
INSERT INTO public_since (entity, entity_id, since) SELECT 'incidents', id, updated_at FROM incidents WHERE sensitivity_rank = 0;

CREATE TRIGGER incidents_public_insert AFTER INSERT ON incidents WHEN NEW.sensitivity_rank = 0
BEGIN
	INSERT OR REPLACE INTO public_since (entity, entity_id, since) VALUES ('incidents', NEW.id, NEW.updated_at);
END;
CREATE TRIGGER incidents_public_enter AFTER UPDATE OF sensitivity_rank ON incidents
WHEN NEW.sensitivity_rank = 0 AND OLD.sensitivity_rank <> 0
BEGIN
	INSERT OR REPLACE INTO public_since (entity, entity_id, since) VALUES ('incidents', NEW.id, NEW.updated_at);
END;
CREATE TRIGGER incidents_public_leave AFTER UPDATE OF sensitivity_rank ON incidents
WHEN NEW.sensitivity_rank <> 0 AND OLD.sensitivity_rank = 0
BEGIN
	DELETE FROM public_since WHERE entity = 'incidents' AND entity_id = NEW.id;
END;
CREATE TRIGGER incidents_public_delete AFTER DELETE ON incidents
BEGIN
	DELETE FROM public_since WHERE entity = 'incidents' AND entity_id = OLD.id;
END;
