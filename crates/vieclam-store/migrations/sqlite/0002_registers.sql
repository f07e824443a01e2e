-- The registers: workers, employers, vacancies, labour events, and flags of
-- likely duplicate workers.
--
-- Choices:
-- * Each record keeps its whole checked profile as JSON text (`profile`), so
--   every field round-trips exactly, and copies the fields that queries
--   filter, join or sort on into columns of their own. The JSON is the
--   record; the columns are an index of it, rewritten with it.
-- * Unit references are stored as one `structure:code` text (e.g.
--   '2025:10417', 'legacy:00004') because codes were reused by the reform.
-- * province_code is the 2025 province of the record's unit: the
--   distribution key (see ARCHITECTURE.md).
-- * A citizen ID or a tax code names one record: unique where present.
-- * A worker's current state is derived from labour events; `state` and the
--   current_* columns cache the derivation and are rewritten with each event.

CREATE TABLE worker (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code     TEXT NOT NULL,
    citizen_id        TEXT UNIQUE,
    full_name         TEXT NOT NULL,
    name_key          TEXT NOT NULL,
    birth_date        TEXT NOT NULL,
    sex               TEXT NOT NULL,
    residence         TEXT NOT NULL,
    current_residence TEXT NOT NULL,
    current_status    TEXT NOT NULL,
    qualification     TEXT NOT NULL,
    consent_share     INTEGER NOT NULL,
    profile           TEXT NOT NULL,
    state             TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX worker_province ON worker (province_code);
CREATE INDEX worker_current_residence ON worker (current_residence);
CREATE INDEX worker_identity ON worker (name_key, birth_date);
-- Workers without a citizen ID are few and are the ones duplicates are
-- looked for among, on every insert.
CREATE INDEX worker_identity_without_id ON worker (name_key, birth_date) WHERE citizen_id IS NULL;

CREATE TABLE employer (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    tax_code      TEXT UNIQUE,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    address_unit  TEXT NOT NULL,
    profile       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX employer_province ON employer (province_code);
CREATE INDEX employer_address ON employer (address_unit);
CREATE INDEX employer_name ON employer (name_key);

CREATE TABLE vacancy (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    employer_id   INTEGER NOT NULL REFERENCES employer (id),
    title         TEXT NOT NULL,
    natural_key   TEXT NOT NULL UNIQUE,
    occupation    TEXT,
    work_unit     TEXT NOT NULL,
    status        TEXT NOT NULL,
    deadline      TEXT,
    posting       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX vacancy_province ON vacancy (province_code);
CREATE INDEX vacancy_employer ON vacancy (employer_id);
CREATE INDEX vacancy_work_unit ON vacancy (work_unit);

CREATE TABLE labour_event (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code TEXT NOT NULL,
    worker_id     INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    event_date    TEXT NOT NULL,
    kind          TEXT NOT NULL,
    event         TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    recorded_by   INTEGER
);
CREATE INDEX labour_event_worker ON labour_event (worker_id, event_date);
CREATE INDEX labour_event_province ON labour_event (province_code, event_date, kind);

CREATE TABLE duplicate_flag (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    province_code   TEXT NOT NULL,
    worker_id       INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    other_worker_id INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'distinct', 'same_person')),
    created_at      TEXT NOT NULL,
    resolved_by     INTEGER,
    resolved_at     TEXT,
    UNIQUE (worker_id, other_worker_id)
);
CREATE INDEX duplicate_flag_province ON duplicate_flag (province_code, status);

ALTER TABLE user_account ADD COLUMN worker_id INTEGER REFERENCES worker (id) ON DELETE SET NULL;
ALTER TABLE user_account ADD COLUMN employer_id INTEGER REFERENCES employer (id) ON DELETE SET NULL;
