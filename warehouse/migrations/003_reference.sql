-- Reference data: BLS OEWS incumbent wages and the role -> SOC crosswalk.
-- Grain of core_wage_benchmarks: one row per release x area x SOC occupation (cross-industry).

CREATE TABLE IF NOT EXISTS core_wage_benchmarks (
    release          VARCHAR NOT NULL,   -- e.g. 2025A01 (May 2025)
    area_type        VARCHAR NOT NULL,   -- national | state | metro
    area_code        VARCHAR NOT NULL,   -- OEWS 7-digit area code
    area_name        VARCHAR NOT NULL,
    state_code       VARCHAR,            -- 2-digit FIPS
    soc_code         VARCHAR NOT NULL,   -- e.g. 15-2051
    soc_title        VARCHAR NOT NULL,
    employment       DOUBLE,
    mean_annual      DOUBLE,
    p10_annual       DOUBLE,
    p25_annual       DOUBLE,
    p50_annual       DOUBLE,
    p75_annual       DOUBLE,
    p90_annual       DOUBLE,
    is_top_coded     BOOLEAN NOT NULL,   -- a percentile was '#' (>= $239,200/yr)
    footnotes        VARCHAR,
    retrieved_date   DATE,
    origin           VARCHAR NOT NULL    -- where the release came from (package or URL)
);

CREATE TABLE IF NOT EXISTS core_soc_crosswalk (
    role_family VARCHAR NOT NULL,
    soc_code    VARCHAR NOT NULL,
    soc_rank    INTEGER NOT NULL      -- 1 = primary reference
);
