-- The facts the statistics read, in columns of their own (issue 17); see
-- the SQLite migration of the same number for the choices.

ALTER TABLE worker ADD COLUMN employment_status TEXT;
ALTER TABLE worker ADD COLUMN it_skill TEXT;
ALTER TABLE worker ADD COLUMN social_insurance TEXT;
ALTER TABLE worker ADD COLUMN unemployment_insurance BOOLEAN;
ALTER TABLE worker ADD COLUMN health_insurance BOOLEAN;

UPDATE worker SET
    employment_status = profile::jsonb ->> 'employment_status',
    it_skill = profile::jsonb ->> 'it_skill',
    social_insurance = profile::jsonb ->> 'social_insurance',
    unemployment_insurance = (profile::jsonb ->> 'unemployment_insurance')::boolean,
    health_insurance = (profile::jsonb ->> 'health_insurance')::boolean;

ALTER TABLE labour_event ADD COLUMN unit TEXT;
ALTER TABLE labour_event ADD COLUMN status TEXT;

UPDATE labour_event SET
    unit = (event::jsonb #>> '{unit,structure}') || ':' || (event::jsonb #>> '{unit,code}'),
    status = event::jsonb ->> 'status';
