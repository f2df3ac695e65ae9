-- core_postings: what kind of pay was advertised and how precisely the place is known
-- (issue #11). Added as columns; `skillmarket build` rewrites the table whole.
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS pay_kind VARCHAR;      -- base | ote | total | null (no pay)
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS is_hybrid BOOLEAN;     -- the posting says hybrid
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS place_region VARCHAR;  -- world region of a place wider than a country (EMEA, APAC, ...)
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS place_level VARCHAR;   -- city | region | country | world_region | null
