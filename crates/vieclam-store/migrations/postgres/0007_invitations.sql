-- Invitations to apply (PostgreSQL; issue 13): an employer invites a
-- recommended worker to apply to one of its vacancies; the worker accepts
-- (which applies through the ordinary application) or declines.
--
-- Choices:
-- * The table is named in the singular like every other (`application`,
--   `registration`).
-- * One invitation per vacancy and worker, whatever its state (unique):
--   an employer asks once, and a declined invitation is not sent again.
-- * The worker is referenced and the invitation goes with the worker when
--   the record is erased; the vacancy and the employer are named by id
--   only, as applications name them (history outlives a closed vacancy).
-- * `state` is vieclam-exchange's `InvitationState` code; an answered
--   invitation has its time (`answered_at`), and an accepted one the
--   application it made (`application_id`); the checks hold both rules.
-- * `province_code` is the vacancy's 2025 province (the distribution key,
--   as on applications).

CREATE TABLE invitation (
    id             BIGSERIAL PRIMARY KEY,
    vacancy_id     BIGINT NOT NULL,
    worker_id      BIGINT NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
    employer_id    BIGINT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('sent', 'accepted', 'declined')),
    application_id BIGINT REFERENCES application (id) ON DELETE SET NULL,
    province_code  TEXT NOT NULL,
    invited_by     BIGINT,
    created_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ,
    CHECK ((state = 'sent') = (answered_at IS NULL)),
    CHECK (state = 'accepted' OR application_id IS NULL)
);
CREATE UNIQUE INDEX invitation_once ON invitation (vacancy_id, worker_id);
CREATE INDEX invitation_worker ON invitation (worker_id, id);
CREATE INDEX invitation_employer ON invitation (employer_id, id);
