-- What a build step last built its table from (issue #14: a refresh costs what changed): a
-- step whose inputs' fingerprint is unchanged keeps its table. Written in the transaction that
-- rebuilds the table.
CREATE TABLE IF NOT EXISTS build_inputs (
    step        VARCHAR PRIMARY KEY,  -- e.g. 'core_talent_pool'
    fingerprint VARCHAR NOT NULL      -- sha256 of the step's inputs
);
