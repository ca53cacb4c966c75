-- Accounts, sessions, API keys and who may use which collection.
-- Before the first account exists Docent is a single-owner install: rows made then have a
-- NULL owner and are handed to the first admin when that account is created.

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  -- argon2id (PHC string); never leaves the server.
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'member')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_by_email ON users (lower(email));

-- Only the SHA-256 of a session token is stored, so a leaked table cannot sign anyone in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- The first characters of the key, shown in lists so a person can tell keys apart.
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX api_keys_by_user ON api_keys (user_id, created_at);

-- Collection names are per owner: two people may each have a "default".
ALTER TABLE collections ADD COLUMN owner_id uuid REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE collections DROP CONSTRAINT collections_name_key;
CREATE UNIQUE INDEX collections_by_owner_name ON collections (owner_id, name) NULLS NOT DISTINCT;

-- People an owner shared a collection with: they may search, read and add to it.
CREATE TABLE collection_members (
  collection_id uuid NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (collection_id, user_id)
);
CREATE INDEX collection_members_by_user ON collection_members (user_id);

ALTER TABLE chats ADD COLUMN owner_id uuid REFERENCES users (id) ON DELETE CASCADE;
CREATE INDEX chats_by_owner ON chats (owner_id, updated_at DESC);

-- Fixed-window request counters, shared by every Docent instance on this database.
CREATE TABLE rate_limit_windows (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);
