-- Import attempts (PostgreSQL; issue 14): every spreadsheet an officer uploads
-- through the workspace, kept until it is resolved, so that the file with
-- a column of problems can be downloaded later and the dashboard can show
-- "import problems waiting".
--
-- Choices:
-- * `unit` is the uploading account's unit as `structure:code` (NULL for
--   the admin), `province_code` its 2025 province: the distribution key,
--   and the first filter of a listing; who may read an attempt is then
--   decided by the access rules on `unit` (an officer of the unit or of a
--   unit above it), not by SQL.
-- * `file` holds the uploaded bytes, bounded by the upload limit before
--   anything is stored; it is set to NULL once the attempt is resolved
--   and, whatever its status, 30 days after the upload (`file_purged_at`
--   says when). The problems and counts stay: they are the history.
-- * `status`: `running` while the file is checked, `to_confirm` while
--   occupation titles wait for the officer's confirmation, `refused` when
--   bad rows stopped it (nothing written), `imported`, `failed` (the file
--   could not be read at all), `dismissed` by the officer, `superseded`
--   by a later successful upload of the same register by the same unit.
--   Waiting means `to_confirm` or `refused`.
-- * `report` is JSON whose shape the server owns (the problems, the
--   counts, the titles to confirm): the store keeps it whole.

CREATE TABLE import_attempt (
    id             BIGSERIAL PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('workers', 'employers', 'vacancies')),
    unit           TEXT,
    province_code  TEXT,
    user_id        BIGINT REFERENCES user_account (id) ON DELETE SET NULL,
    file_name      TEXT NOT NULL,
    file_format    TEXT NOT NULL CHECK (file_format IN ('csv', 'xlsx')),
    file_size      BIGINT NOT NULL,
    file           BYTEA,
    status         TEXT NOT NULL CHECK (status IN ('running', 'to_confirm', 'refused',
                       'imported', 'failed', 'dismissed', 'superseded')),
    n_rows         BIGINT NOT NULL DEFAULT 0,
    n_bad_rows     BIGINT NOT NULL DEFAULT 0,
    report         TEXT NOT NULL DEFAULT '{}',
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    file_purged_at TIMESTAMPTZ
);
CREATE INDEX import_attempt_unit ON import_attempt (province_code, unit, kind, status);
CREATE INDEX import_attempt_created ON import_attempt (created_at);
