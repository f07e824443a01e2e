-- The records an audited access returned or touched (issue 11): a search,
-- a list of candidates or an export names every person it showed, so that
-- "who saw this worker?" has an answer.
--
-- Choices:
-- * One row per record and entry; the kind is the entry's subject_kind.
--   Exports of a whole district write many rows, in the same transaction as
--   their entry, which is the price of an honest trail.
-- * Append-only like audit_log.

CREATE TABLE audit_record (
    audit_id  INTEGER NOT NULL REFERENCES audit_log (id),
    record_id INTEGER NOT NULL,
    PRIMARY KEY (audit_id, record_id)
);
CREATE INDEX audit_record_record ON audit_record (record_id);

CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record
BEGIN
    SELECT RAISE(ABORT, 'audit_record is append-only');
END;
CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record
BEGIN
    SELECT RAISE(ABORT, 'audit_record is append-only');
END;
