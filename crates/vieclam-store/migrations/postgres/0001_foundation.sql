-- Foundation schema for the PostgreSQL backend.
--
-- Choices:
-- * Native DATE and TIMESTAMPTZ types; codes stay TEXT to keep leading zeros.
-- * Every table that grows with the population (accounts, audit entries, and
--   later the registries) carries province_code: the distribution key for a
--   PostgreSQL-compatible distributed engine (Citus, YugabyteDB). Reference
--   tables (admin_unit, admin_unit_crosswalk) are small and would be
--   replicated to every node instead.
-- * A unit is keyed by (structure, code) because the 2025 reform reused codes.
-- * The audit log is append-only: a trigger refuses updates and deletes.

CREATE TABLE reference_dataset (
    name        TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    n_rows      BIGINT NOT NULL,
    loaded_at   TIMESTAMPTZ NOT NULL
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
    valid_from    DATE,
    valid_to      DATE,
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    area_km2      DOUBLE PRECISION,
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
    id              BIGSERIAL PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL,
    scope_structure TEXT,
    scope_code      TEXT,
    province_code   TEXT,
    display_name    TEXT NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK ((scope_structure IS NULL) = (scope_code IS NULL))
);

CREATE TABLE user_session (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES user_account (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expiry ON user_session (expires_at);

CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
    actor_user_id  BIGINT,
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

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
