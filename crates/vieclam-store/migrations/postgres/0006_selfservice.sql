-- A person's requests over their own data (issue 13; Decree 13/2023/NĐ-CP
-- art. 16): the deletion request, and the officer's decision on it.
--
-- Choices:
-- * One row per request. A request names the account that asked
--   (`user_id`) and the worker record it speaks for (`worker_id`). The
--   worker id has no foreign key on purpose: an erased record is deleted,
--   and the request stays as the proof that it was, naming a number, not
--   a person.
-- * `unit` (`structure:code`) and `province_code` are where the record was
--   kept when the request was made (the worker's residence then): the
--   officers of that area list it. The decision is checked again against
--   where the record is when it is decided.
-- * One open request per account, held by a partial unique index: a
--   second request answers the open one.
-- * `status` is open, erased or refused (vieclam-domain's
--   `DeletionStatus`); a decided request has its decider, time and (for a
--   refusal) the reason the person reads.
-- * Sign-up itself needs no table: the account, the record and the link
--   between them are the existing rows, written in one transaction.

CREATE TABLE deletion_request (
    id              BIGSERIAL PRIMARY KEY,
    province_code   TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES user_account (id),
    worker_id       BIGINT,
    unit            TEXT NOT NULL,
    reason          TEXT,
    status          TEXT NOT NULL CHECK (status IN ('open', 'erased', 'refused')),
    decided_by      BIGINT REFERENCES user_account (id),
    decided_at      TIMESTAMPTZ,
    decision_reason TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'open') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX deletion_request_one_open ON deletion_request (user_id) WHERE status = 'open';
CREATE INDEX deletion_request_province ON deletion_request (province_code, status);
CREATE INDEX deletion_request_unit ON deletion_request (unit, status);
