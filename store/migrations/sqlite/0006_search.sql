-- 0006_search (SQLite): the full-text search index. Why it exists: search
-- across incidents, claims, sources, actors and places must find Korean
-- words inside compounds and inflections (북송 in 강제북송) and English
-- words by stem, using an index rather than a table scan (docs/search.md).
-- postgres/0006_search.sql is the same index with a tsvector and GIN.
--
-- The text is segmented in Go (package search: Hangul/Han bigrams, English
-- stems) and the tokens are stored space-separated in an FTS5 table with
-- the ascii tokenizer, which splits on spaces and keeps every non-ASCII
-- character inside a token. The migration adds an empty index; the store
-- keeps it current on every write, and `vigil search reindex` rebuilds it
-- from the records.
--
-- One record has one document per distinct view of it: a document is
-- visible to clearance ranks min_rank..max_rank. A protected person has a
-- document with the pseudonym (ranks up to coalition) and one with the
-- real identity (restricted only), so no lower clearance can find a real
-- name.
CREATE TABLE search_docs (
	id        INTEGER PRIMARY KEY,
	kind      TEXT    NOT NULL CHECK (kind IN ('incident', 'claim', 'source', 'actor', 'place')),
	record_id INTEGER NOT NULL,
	min_rank  INTEGER NOT NULL CHECK (min_rank BETWEEN 0 AND 2),
	max_rank  INTEGER NOT NULL CHECK (max_rank BETWEEN min_rank AND 2),
	title_ko  TEXT    NOT NULL DEFAULT '',
	title_en  TEXT    NOT NULL DEFAULT '',
	title_zh  TEXT    NOT NULL DEFAULT '',
	body      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX search_docs_record ON search_docs (kind, record_id);

-- Contentless: the tokens are indexed, not stored (search_docs holds the
-- text for snippets); rowid is search_docs.id.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content = '', contentless_delete = 1, tokenize = 'ascii');

-- Ranges of records written by an import and not yet indexed: the import
-- queues them in its transaction, and IndexPending indexes them in small
-- transactions afterwards, so a bulk import stays a bulk write.
CREATE TABLE search_pending (
	id       INTEGER PRIMARY KEY,
	kind     TEXT    NOT NULL,
	first_id INTEGER NOT NULL,
	last_id  INTEGER NOT NULL
);
