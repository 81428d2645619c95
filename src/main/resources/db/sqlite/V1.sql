-- Fulcrum schema, version 1. Ids are stored twice on purpose: id_key (case-folded) is what ARM compares, id is
-- the spelling to render.
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE subscriptions (
  subscription_id TEXT PRIMARY KEY COLLATE NOCASE,
  display_name    TEXT NOT NULL,
  tenant_id       TEXT NOT NULL,
  state           TEXT NOT NULL
);
CREATE TABLE principals (
  client_id   TEXT PRIMARY KEY COLLATE NOCASE,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  secret_hash TEXT NOT NULL
);
CREATE TABLE role_assignments (
  client_id       TEXT NOT NULL COLLATE NOCASE REFERENCES principals (client_id),
  subscription_id TEXT NOT NULL COLLATE NOCASE REFERENCES subscriptions (subscription_id),
  PRIMARY KEY (client_id, subscription_id)
);
CREATE TABLE resources (
  id_key           TEXT PRIMARY KEY,
  id               TEXT NOT NULL,
  subscription_key TEXT NOT NULL,
  group_key        TEXT NOT NULL,
  type_key         TEXT NOT NULL,
  name_key         TEXT NOT NULL,
  parent_key       TEXT,
  type             TEXT NOT NULL,
  body             TEXT NOT NULL,
  etag             TEXT NOT NULL,
  created_time     TEXT NOT NULL,
  changed_time     TEXT NOT NULL
);
CREATE INDEX resources_by_group ON resources (subscription_key, group_key, id_key);
CREATE INDEX resources_by_type ON resources (subscription_key, type_key, id_key);
CREATE INDEX resources_by_parent ON resources (parent_key);
CREATE TABLE operations (
  id              TEXT PRIMARY KEY,
  subscription_id TEXT NOT NULL,
  status          TEXT NOT NULL,
  error_json      TEXT,
  result_status   INTEGER NOT NULL,
  result_body     TEXT,
  created_time    TEXT NOT NULL
);
