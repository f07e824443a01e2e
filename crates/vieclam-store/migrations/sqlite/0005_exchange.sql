-- The job exchange (MISSION.md §2): venues and their staff, sessions,
-- registrations with waiting lists, applications and their moves,
-- interviews, session outcomes, counselling, and unemployment-insurance
-- claims with their monthly check-ins.
--
-- Choices:
-- * A venue and a session keep the whole checked draft as JSON (`profile`,
--   `draft`), with the columns that listings filter, join or sort on
--   copied out (kind, unit, province_code, venue_id, held_on, month, booths,
--   seats): the JSON is the record, the columns an index of it, rewritten
--   with it. Unit references are `structure:code` text, as in the
--   registers; province_code is the 2025 province (the distribution key).
-- * `month` (the first day of the month of a session or a counselling) is
--   written with the row so the plans' monthly counts group on a column
--   in both engines.
-- * Capacity is held by the store: a registration takes its place in one
--   write transaction that first locks the session (BEGIN IMMEDIATE here,
--   SELECT … FOR UPDATE on PostgreSQL). `seq` is the order registrations
--   were taken in a session; a waiting registration's place in line is
--   counted at read time (1 + the waiting ones of its party before it), so
--   a cancellation never renumbers rows. A partial unique index keeps one
--   live (not cancelled) registration per party and session, another one
--   employer per booth; cancelled rows stay, so a party may register again.
-- * A registration names a worker or an employer (`party`, `party_id`),
--   so it has no foreign key to either. Records of one worker
--   (applications, interviews, outcomes, counselling, claims) reference
--   the worker and go with it when it is deleted; employers and vacancies
--   are named by id only (history outlives a closed vacancy).
-- * Statuses are the stable codes of vieclam-exchange, checked here too.
-- * Application moves and claim check-ins are append-only rows; one
--   check-in per claim and appointed day (unique).

CREATE TABLE venue (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    profile       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX venue_province ON venue (province_code);
CREATE INDEX venue_unit ON venue (unit);

CREATE TABLE venue_staff (
    venue_id INTEGER NOT NULL REFERENCES venue (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    PRIMARY KEY (venue_id, user_id)
);
CREATE INDEX venue_staff_user ON venue_staff (user_id);

CREATE TABLE exchange_session (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    venue_id      INTEGER NOT NULL REFERENCES venue (id),
    held_on       TEXT NOT NULL,
    month         TEXT NOT NULL,
    booths        INTEGER NOT NULL,
    seats         INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'open', 'running', 'closed', 'reported', 'cancelled')),
    plan_id       TEXT,
    draft         TEXT NOT NULL,
    created_by    INTEGER,
    created_at    TEXT NOT NULL,
    updated_by    INTEGER,
    updated_at    TEXT NOT NULL,
    reported_at   TEXT,
    report        TEXT
);
CREATE INDEX exchange_session_date ON exchange_session (held_on, id);
CREATE INDEX exchange_session_province ON exchange_session (province_code, held_on);
CREATE INDEX exchange_session_unit ON exchange_session (unit, held_on);
CREATE INDEX exchange_session_venue ON exchange_session (venue_id, held_on);
CREATE INDEX exchange_session_plan ON exchange_session (plan_id) WHERE plan_id IS NOT NULL;
CREATE INDEX exchange_session_month ON exchange_session (month, kind, unit);

CREATE TABLE registration (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id    INTEGER NOT NULL REFERENCES exchange_session (id),
    party         TEXT NOT NULL CHECK (party IN ('worker', 'employer')),
    party_id      INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('accepted', 'waiting', 'cancelled')),
    seq           INTEGER NOT NULL,
    booth         INTEGER,
    channel       TEXT NOT NULL CHECK (channel IN ('online', 'officer', 'walk_in')),
    vacancies     TEXT NOT NULL DEFAULT '[]',
    province_code TEXT NOT NULL,
    registered_by INTEGER,
    accepted_at   TEXT,
    cancelled_by  INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (session_id, seq)
);
CREATE UNIQUE INDEX registration_live ON registration (session_id, party, party_id) WHERE state <> 'cancelled';
CREATE UNIQUE INDEX registration_booth ON registration (session_id, booth) WHERE state = 'accepted' AND booth IS NOT NULL;
CREATE INDEX registration_line ON registration (session_id, party, state, seq);
CREATE INDEX registration_party ON registration (party, party_id, id);

CREATE TABLE application (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    vacancy_id    INTEGER NOT NULL,
    worker_id     INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    employer_id   INTEGER NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('received', 'shortlisted', 'interview', 'hired', 'rejected', 'withdrawn')),
    province_code TEXT NOT NULL,
    created_by    INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX application_live ON application (vacancy_id, worker_id) WHERE status <> 'withdrawn';
CREATE INDEX application_worker ON application (worker_id, id);
CREATE INDEX application_employer ON application (employer_id, id);
CREATE INDEX application_status ON application (status, id);

CREATE TABLE application_step (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES application (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    moved_at       TEXT NOT NULL,
    by_user        INTEGER,
    note           TEXT
);
CREATE INDEX application_step_application ON application_step (application_id, id);

CREATE TABLE interview (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     INTEGER REFERENCES exchange_session (id),
    application_id INTEGER REFERENCES application (id) ON DELETE CASCADE,
    worker_id      INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    employer_id    INTEGER NOT NULL,
    vacancy_id     INTEGER NOT NULL,
    booth          INTEGER,
    starts         TEXT NOT NULL,
    ends           TEXT NOT NULL,
    mode           TEXT NOT NULL CHECK (mode IN ('on_site', 'online')),
    link           TEXT,
    attendance     TEXT NOT NULL CHECK (attendance IN ('scheduled', 'attended', 'no_show', 'cancelled')),
    province_code  TEXT NOT NULL,
    created_by     INTEGER,
    created_at     TEXT NOT NULL,
    updated_by     INTEGER,
    updated_at     TEXT NOT NULL,
    CHECK (session_id IS NOT NULL OR application_id IS NOT NULL)
);
CREATE INDEX interview_worker ON interview (worker_id, starts);
CREATE INDEX interview_session ON interview (session_id, booth, starts) WHERE session_id IS NOT NULL;
CREATE INDEX interview_application ON interview (application_id) WHERE application_id IS NOT NULL;
CREATE INDEX interview_employer ON interview (employer_id, starts);

CREATE TABLE session_outcome (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id    INTEGER NOT NULL REFERENCES exchange_session (id),
    worker_id     INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    employer_id   INTEGER NOT NULL,
    vacancy_id    INTEGER NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('interviewed', 'shortlisted', 'hired', 'rejected')),
    event_id      INTEGER,
    province_code TEXT NOT NULL,
    recorded_by   INTEGER,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX session_outcome_session ON session_outcome (session_id, worker_id, vacancy_id, id);

CREATE TABLE counselling (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    worker_id     INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    held_on       TEXT NOT NULL,
    month         TEXT NOT NULL,
    session_id    INTEGER REFERENCES exchange_session (id),
    advice        TEXT NOT NULL,
    referred      TEXT NOT NULL DEFAULT '[]',
    outcome       TEXT NOT NULL CHECK (outcome IN ('advised', 'referred', 'training', 'placed')),
    counsellor    INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX counselling_worker ON counselling (worker_id, held_on);
CREATE INDEX counselling_province ON counselling (province_code, month);
CREATE INDEX counselling_unit ON counselling (unit, month);
CREATE INDEX counselling_held_on ON counselling (held_on, id);

CREATE TABLE ui_claim (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    worker_id     INTEGER NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    start_on      TEXT NOT NULL,
    months        INTEGER NOT NULL,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('active', 'employed', 'ended')),
    created_by    INTEGER,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX ui_claim_active ON ui_claim (worker_id) WHERE status = 'active';
CREATE INDEX ui_claim_worker ON ui_claim (worker_id, id);
CREATE INDEX ui_claim_province ON ui_claim (province_code, status);
CREATE INDEX ui_claim_unit ON ui_claim (unit, status);

CREATE TABLE ui_checkin (
    claim_id    INTEGER NOT NULL REFERENCES ui_claim (id) ON DELETE CASCADE,
    due         TEXT NOT NULL,
    made_on     TEXT NOT NULL,
    recorded_by INTEGER,
    note        TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (claim_id, due)
);
