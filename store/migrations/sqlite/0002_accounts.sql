-- 0002_accounts (SQLite): user accounts for the web interface. Why it
-- exists: people sign in with a password and a second factor (TOTP), are
-- invited by admins with one-time links, and keep sessions in the
-- database so that "log out everywhere" and lockouts work across restarts
-- and processes. postgres/0002_accounts.sql is the same schema.
--
-- Secrets are never stored: passwords as argon2id PHC strings, session
-- and invite secrets as their hex SHA-256. The TOTP secret must be
-- readable to check codes, so it is stored as base32 (see docs/security.md).

CREATE TABLE users (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	email          TEXT    NOT NULL UNIQUE,
	name           TEXT    NOT NULL DEFAULT '',
	role           TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'contributor', 'viewer')),
	clearance      TEXT    NOT NULL CHECK (clearance IN ('public', 'coalition', 'restricted')),
	password_hash  TEXT    NOT NULL,
	-- '' when the user has no second factor; totp_pending is a secret
	-- being set up, not yet confirmed with a code.
	totp_secret    TEXT    NOT NULL DEFAULT '',
	totp_pending   TEXT    NOT NULL DEFAULT '',
	-- the last TOTP time step used: a code is accepted only for a later
	-- step, so no code works twice
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	version        INTEGER NOT NULL DEFAULT 1,
	created_at     TEXT    NOT NULL,
	updated_at     TEXT    NOT NULL,
	CHECK (role <> 'contributor' OR clearance <> 'restricted')
);

CREATE TABLE sessions (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	user_id      INTEGER NOT NULL REFERENCES users (id),
	token_hash   TEXT    NOT NULL UNIQUE,
	stage        TEXT    NOT NULL CHECK (stage IN ('totp', 'enrol', 'full')),
	created_at   TEXT    NOT NULL,
	last_seen_at TEXT    NOT NULL,
	expires_at   TEXT    NOT NULL,
	revoked_at   TEXT,
	ip           TEXT    NOT NULL DEFAULT '',
	user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE invites (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	email      TEXT    NOT NULL,
	role       TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'contributor', 'viewer')),
	clearance  TEXT    NOT NULL CHECK (clearance IN ('public', 'coalition', 'restricted')),
	token_hash TEXT    NOT NULL UNIQUE,
	created_by TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL,
	expires_at TEXT    NOT NULL,
	used_at    TEXT,
	user_id    INTEGER REFERENCES users (id),
	revoked_at TEXT,
	CHECK (role <> 'contributor' OR clearance <> 'restricted')
);
CREATE INDEX invites_email ON invites (email);
CREATE INDEX invites_user ON invites (user_id);

-- Every sign-in attempt that was checked, by email (whether or not an
-- account has it, so a lockout says nothing about which addresses exist)
-- and client address. Rows older than a day are pruned.
CREATE TABLE login_attempts (
	id    INTEGER PRIMARY KEY AUTOINCREMENT,
	at    TEXT    NOT NULL,
	email TEXT    NOT NULL,
	ip    TEXT    NOT NULL DEFAULT '',
	kind  TEXT    NOT NULL CHECK (kind IN ('password', 'totp')),
	ok    INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);
CREATE INDEX login_attempts_at ON login_attempts (at);

-- An email locked out after too many failures, until locked_until.
CREATE TABLE login_locks (
	email        TEXT PRIMARY KEY,
	locked_until TEXT NOT NULL
);
