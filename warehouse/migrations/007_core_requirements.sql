-- core_postings: what the posting asks for (issue #11), read from its text by
-- analytics.normalize.requirements. Added as columns; `skillmarket build` rewrites the table whole.
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS years_experience_min INTEGER; -- lower end of the first requirement; null: not stated
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS degree_min VARCHAR;           -- none | bachelor | master | phd (contract.vocab.DEGREE_LEVELS); null: not stated
