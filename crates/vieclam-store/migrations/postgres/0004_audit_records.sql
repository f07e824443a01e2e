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
    audit_id  BIGINT NOT NULL REFERENCES audit_log (id),
    record_id BIGINT NOT NULL,
    PRIMARY KEY (audit_id, record_id)
);
CREATE INDEX audit_record_record ON audit_record (record_id);

CREATE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
