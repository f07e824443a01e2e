-- Foundation schema for the embedded SQLite backend.
--
-- Choices:
-- * Dates are ISO-8601 TEXT and timestamps RFC 3339 TEXT in UTC, the forms
--   sqlx reads back into chrono types; they sort correctly as text.
-- * Every table that grows with the population (accounts, audit entries, and
--   later the registries) carries province_code, the distribution key that a
--   PostgreSQL-compatible distributed engine would shard on. SQLite ignores
--   it; it costs a few bytes a row.
-- * A unit is keyed by (structure, code) because the 2025 reform reused codes.
-- * The audit log is append-only: triggers refuse updates and deletes.

CREATE TABLE reference_dataset (
    name        TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    n_rows      INTEGER NOT NULL,
    loaded_at   TEXT NOT NULL
);

CREATE TABLE admin_unit (
    structure     TEXT NOT NULL CHECK (structure IN ('legacy', '2025')),
    code          TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    parent_code   TEXT,
    province_code TEXT NOT NULL,
    valid_from    TEXT,
    valid_to      TEXT,
    lat           REAL,
    lon           REAL,
    area_km2      REAL,
    PRIMARY KEY (structure, code)
);
CREATE INDEX admin_unit_parent ON admin_unit (structure, parent_code);

CREATE TABLE admin_unit_crosswalk (
    legacy_code TEXT NOT NULL,
    code_2025   TEXT NOT NULL,
    relation    TEXT NOT NULL CHECK (relation IN ('whole', 'part', 'default-part')),
    PRIMARY KEY (legacy_code, code_2025)
);
CREATE INDEX admin_unit_crosswalk_2025 ON admin_unit_crosswalk (code_2025);

CREATE TABLE user_account (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    username        TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL,
    scope_structure TEXT,
    scope_code      TEXT,
    province_code   TEXT,
    display_name    TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    CHECK ((scope_structure IS NULL) = (scope_code IS NULL))
);

CREATE TABLE user_session (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expiry ON user_session (expires_at);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor_user_id  INTEGER,
    actor_role     TEXT NOT NULL,
    action         TEXT NOT NULL,
    subject_kind   TEXT NOT NULL,
    subject_id     TEXT NOT NULL,
    unit_structure TEXT,
    unit_code      TEXT,
    province_code  TEXT,
    outcome        TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
    reason         TEXT,
    request_id     TEXT
);
CREATE INDEX audit_log_subject ON audit_log (subject_kind, subject_id);
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at);
CREATE INDEX audit_log_province ON audit_log (province_code, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
