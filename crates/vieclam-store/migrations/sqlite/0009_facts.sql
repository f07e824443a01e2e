-- The facts the statistics read, in columns of their own (issue 17).
--
-- Choices:
-- * A start builds the statistics cube from every worker and event. Until
--   now it parsed each JSON profile and event for a handful of values; at
--   city scale (4 million workers) that parse was most of the start. The
--   values now sit in columns beside the JSON, written with it in the same
--   statement, and the cube is built from the columns alone.
-- * The columns hold the stored codes as they are (the situation at
--   registration, the IT skill, the social-insurance kind, two flags; a
--   moved event's new unit as `structure:code`, a registered event's
--   situation): what the statistics derive from them (trained, certified,
--   …) stays in one place, the Rust code, not here.
-- * Existing rows are filled from their JSON here, once.

ALTER TABLE worker ADD COLUMN employment_status TEXT;
ALTER TABLE worker ADD COLUMN it_skill TEXT;
ALTER TABLE worker ADD COLUMN social_insurance TEXT;
ALTER TABLE worker ADD COLUMN unemployment_insurance INTEGER;
ALTER TABLE worker ADD COLUMN health_insurance INTEGER;

UPDATE worker SET
    employment_status = json_extract(profile, '$.employment_status'),
    it_skill = json_extract(profile, '$.it_skill'),
    social_insurance = json_extract(profile, '$.social_insurance'),
    unemployment_insurance = json_extract(profile, '$.unemployment_insurance'),
    health_insurance = json_extract(profile, '$.health_insurance');

ALTER TABLE labour_event ADD COLUMN unit TEXT;
ALTER TABLE labour_event ADD COLUMN status TEXT;

UPDATE labour_event SET
    unit = json_extract(event, '$.unit.structure') || ':' || json_extract(event, '$.unit.code'),
    status = json_extract(event, '$.status');
