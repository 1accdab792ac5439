-- 0008_grants (PostgreSQL): invites and API tokens answer to the account that
-- made them, and API tokens expire. Why it exists: an admin who is
-- disabled, demoted or given a lower clearance must not leave behind
-- links or tokens that still grant what they no longer hold, and a token
-- nobody remembers must not work for ever (docs/security.md).
-- sqlite/0008_grants.sql is the same change in SQLite's types.
--
-- The columns are nullable: invites and tokens made on the command line
-- have no account behind them.

-- The admin account that made an invite. Actors are "user:<email>" and an
-- account's email never changes, so earlier invites are matched to their
-- creators by it.
ALTER TABLE invites ADD COLUMN creator_id BIGINT REFERENCES users (id);
UPDATE invites SET creator_id = (SELECT u.id FROM users u WHERE 'user:' || u.email = invites.created_by);
CREATE INDEX invites_creator ON invites (creator_id);

-- The account a token acts for, matched the same way for earlier tokens.
ALTER TABLE api_tokens ADD COLUMN owner_id BIGINT REFERENCES users (id);
UPDATE api_tokens SET owner_id = (SELECT u.id FROM users u WHERE 'user:' || u.email = api_tokens.created_by);
CREATE INDEX api_tokens_owner ON api_tokens (owner_id);

-- When a token stops working. Earlier tokens get 90 days from this
-- upgrade, the default lifetime of a new token, so that no script stops
-- working at the moment of the upgrade; the store writes it for every
-- new token. The time is in the store's format (UTC, microseconds).
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET expires_at = to_char((now() AT TIME ZONE 'UTC') + interval '90 days', 'YYYY-MM-DD"T"HH24:MI:SS') || '.000000Z';
