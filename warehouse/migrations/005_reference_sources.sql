-- Reference sources beside the postings: DOL H-1B LCA offered wages, the Stack Overflow
-- Developer Survey (skill prevalence and pay), Indeed Hiring Lab tracker series and ECB monthly
-- FX rates. Each table is rebuilt whole from the raw store when its raw files change;
-- OEWS (online or imported) reuses core_wage_benchmarks from 003.

-- Grain: one row per certified, full-time LCA case (case_number; latest file wins).
CREATE TABLE IF NOT EXISTS core_h1b_wages (
    case_number            VARCHAR,
    fiscal_year            INTEGER,            -- from the file name (FY2025)
    job_title              VARCHAR NOT NULL,
    employer_name          VARCHAR NOT NULL,
    worksite_city          VARCHAR,
    worksite_state         VARCHAR,            -- USPS code
    soc_code               VARCHAR,            -- e.g. 15-2051
    soc_title              VARCHAR,
    begin_date             DATE,
    wage_from              DOUBLE NOT NULL,    -- as filed, per wage_unit
    wage_to                DOUBLE,
    wage_unit              VARCHAR NOT NULL,   -- hour | week | bi-weekly | month | year
    wage_min_annual        DOUBLE NOT NULL,    -- USD per year (hour x 2080, week x 52, ...)
    wage_max_annual        DOUBLE NOT NULL,    -- upper wage annualized, else the lower
    prevailing_wage_annual DOUBLE,
    pw_wage_level          VARCHAR,            -- I..IV
    raw_file               VARCHAR NOT NULL,
    record_index           BIGINT NOT NULL     -- spreadsheet row
);

-- Grain: survey_year x country ('all') x dev_type ('all') x skill_id.
CREATE TABLE IF NOT EXISTS core_survey_skill_prevalence (
    survey_year   INTEGER NOT NULL,
    country       VARCHAR NOT NULL,   -- ISO alpha-2 or 'all'
    dev_type      VARCHAR NOT NULL,   -- survey DevType answer, 'unspecified' or 'all'
    skill_id      VARCHAR NOT NULL,
    n_respondents BIGINT NOT NULL,    -- answered any technology question
    n_with_skill  BIGINT NOT NULL,
    share_pct     DOUBLE NOT NULL,    -- 100 x n_with_skill / n_respondents
    raw_file      VARCHAR NOT NULL
);

-- Grain: survey_year x country ('all') x skill_id ('all' = every paid respondent).
CREATE TABLE IF NOT EXISTS core_survey_pay (
    survey_year   INTEGER NOT NULL,
    country       VARCHAR NOT NULL,
    skill_id      VARCHAR NOT NULL,
    n_respondents BIGINT NOT NULL,    -- full-time, ConvertedCompYearly in (0, 2,000,000]
    comp_p25_usd  DOUBLE,
    comp_p50_usd  DOUBLE,
    comp_p75_usd  DOUBLE,
    comp_mean_usd DOUBLE,
    is_suppressed BOOLEAN NOT NULL,   -- fewer than 30 respondents
    raw_file      VARCHAR NOT NULL
);

-- Grain: series x country x sector x date.
CREATE TABLE IF NOT EXISTS core_hiring_lab_series (
    series         VARCHAR NOT NULL,  -- ai_share_postings | genai_share_postings |
                                      -- pay_transparency_pct | pay_transparency_pct_3ma
    country        VARCHAR NOT NULL,  -- ISO alpha-2
    country_name   VARCHAR,
    sector         VARCHAR NOT NULL,  -- occupational sector, or 'all'
    date           DATE NOT NULL,
    value          DOUBLE NOT NULL,
    unit           VARCHAR NOT NULL,  -- percent
    raw_file       VARCHAR NOT NULL,
    retrieved_date DATE
);

-- Grain: month x currency (the shape of analytics/taxonomy/fx_monthly.csv).
CREATE TABLE IF NOT EXISTS core_fx_monthly (
    month          VARCHAR NOT NULL,  -- YYYY-MM
    currency       VARCHAR NOT NULL,  -- ISO 4217
    usd_per_unit   DOUBLE NOT NULL,
    basis          VARCHAR NOT NULL,  -- ecb_monthly_mean
    raw_file       VARCHAR NOT NULL,
    retrieved_date DATE
);
