-- Normalized, deduplicated core tables (rebuilt by `skillmarket build`).

CREATE TABLE IF NOT EXISTS core_postings (
    posting_id          VARCHAR NOT NULL,      -- canonical posting (dedup cluster) id
    source              VARCHAR NOT NULL,      -- source of the representative record
    source_posting_id   VARCHAR NOT NULL,
    company             VARCHAR,
    title               VARCHAR,
    role_family         VARCHAR NOT NULL,
    seniority           VARCHAR NOT NULL,
    country             VARCHAR,
    region              VARCHAR,
    city                VARCHAR,
    metro_code          VARCHAR,
    is_remote           BOOLEAN,
    posted_date         DATE,
    first_seen          DATE,
    last_seen           DATE,
    employment_type     VARCHAR,
    pay_min             DOUBLE,
    pay_max             DOUBLE,
    currency            VARCHAR,
    pay_period          VARCHAR,
    pay_min_annual      DOUBLE,
    pay_max_annual      DOUBLE,
    pay_min_annual_usd  DOUBLE,
    pay_max_annual_usd  DOUBLE,
    pay_source          VARCHAR,               -- structured | text | null
    url                 VARCHAR,
    n_sources           INTEGER NOT NULL       -- source records collapsed into this posting
);

CREATE TABLE IF NOT EXISTS core_posting_sources (
    posting_id        VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    source_posting_id VARCHAR NOT NULL,
    url               VARCHAR,
    first_seen        DATE,
    last_seen         DATE
);

CREATE TABLE IF NOT EXISTS core_posting_skills (
    posting_id VARCHAR NOT NULL,
    skill_id   VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS core_talent_pool (
    candidate_id  VARCHAR NOT NULL,
    skill_id      VARCHAR NOT NULL,
    country       VARCHAR,
    region        VARCHAR,
    city          VARCHAR,
    metro_code    VARCHAR,
    role_family   VARCHAR,
    seniority     VARCHAR,
    open_to_work  BOOLEAN,
    updated_date  DATE
);
