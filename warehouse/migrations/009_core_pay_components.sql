-- core_postings: pay beside base pay where the source lists it (issue #12; Ashby's equity,
-- bonus and commission components). Never part of base pay. Added as columns; `skillmarket
-- build` rewrites the table whole.
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS offers_equity BOOLEAN;      -- null: the source lists no components
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS offers_bonus BOOLEAN;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS offers_commission BOOLEAN;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS equity_pct_min DOUBLE;       -- percent of the company, as given
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS equity_pct_max DOUBLE;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS bonus_min_annual DOUBLE;     -- per year, in the posting's pay currency
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS bonus_max_annual DOUBLE;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS commission_min_annual DOUBLE;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS commission_max_annual DOUBLE;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS equity_value_min_annual DOUBLE;
ALTER TABLE core_postings ADD COLUMN IF NOT EXISTS equity_value_max_annual DOUBLE;
