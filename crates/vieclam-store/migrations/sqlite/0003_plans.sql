-- Plans, submitted figures, reports and task progress (MISSION.md §4).
--
-- Choices:
-- * A plan is one document: its header, targets and task matrix are kept as
--   JSON (`document`), with the columns that listings filter on copied out.
--   Plans are few and read whole.
-- * Submitted figures (data_value) are never overwritten: an edit inserts a
--   new row and marks the one it replaces `superseded_at`, so who entered
--   what, when and why stays readable. period_first / period_last are month
--   numbers (year * 12 + month - 1) so overlaps are integer comparisons.
-- * A report answers one obligation (plan, unit, agency, period). Approval
--   locks the figures of its unit and period; the reason is always stored.
-- * Task progress is an append-only log; the latest row is the status.

CREATE TABLE plan (
    id            TEXT PRIMARY KEY,
    number        TEXT NOT NULL,
    issued_on     TEXT,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    period        TEXT NOT NULL,
    document      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE data_value (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator     TEXT NOT NULL,
    unit          TEXT NOT NULL,
    province_code TEXT NOT NULL,
    period        TEXT NOT NULL,
    period_first  INTEGER NOT NULL,
    period_last   INTEGER NOT NULL,
    value         REAL NOT NULL,
    agency        TEXT,
    comment       TEXT,
    entered_by    INTEGER,
    entered_at    TEXT NOT NULL,
    superseded_at TEXT
);
CREATE INDEX data_value_current ON data_value (indicator, unit, period_first) WHERE superseded_at IS NULL;
CREATE INDEX data_value_province ON data_value (province_code, indicator) WHERE superseded_at IS NULL;
CREATE INDEX data_value_history ON data_value (indicator, unit, period);

CREATE TABLE report (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    unit            TEXT NOT NULL,
    province_code   TEXT NOT NULL,
    agency          TEXT NOT NULL DEFAULT '',
    period          TEXT NOT NULL,
    period_first    INTEGER NOT NULL,
    period_last     INTEGER NOT NULL,
    submitted_at    TEXT NOT NULL,
    submitted_by    INTEGER,
    comment         TEXT,
    state           TEXT NOT NULL CHECK (state IN ('submitted', 'approved', 'returned')),
    decided_by      INTEGER,
    decided_at      TEXT,
    decision_reason TEXT,
    flags           TEXT NOT NULL DEFAULT '[]',
    UNIQUE (plan_id, unit, agency, period)
);
CREATE INDEX report_lock ON report (unit, period_first, period_last) WHERE state = 'approved';

CREATE TABLE task_update (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id    TEXT NOT NULL REFERENCES plan (id) ON DELETE CASCADE,
    group_no   TEXT NOT NULL,
    task_no    INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'delayed')),
    note       TEXT,
    updated_by INTEGER,
    updated_at TEXT NOT NULL
);
CREATE INDEX task_update_plan ON task_update (plan_id, group_no, task_no, id);
