-- +goose Up
-- The packages and products each advisory names ("p:" and a package, "c:" and a CPE
-- vendor:product, "*" for one carrying VEX statements), so an evaluation reads and
-- decodes only the advisories that name something the organisation runs, not the whole
-- of a shared feed. names_kept is false for rows stored before this table existed;
-- Vigil fills their names in on its first evaluation. shared repeats the advisory's,
-- so a look-up by name never has to start from the advisories.
ALTER TABLE vuln_advisories ADD COLUMN names_kept INTEGER NOT NULL DEFAULT 0;
CREATE TABLE vuln_advisory_names (
    org_id       text NOT NULL,
    source       text NOT NULL,
    advisory_id  text NOT NULL,
    shared       INTEGER NOT NULL,
    name         text NOT NULL,
    PRIMARY KEY (org_id, source, advisory_id, name)
);
CREATE INDEX vuln_advisory_names_name ON vuln_advisory_names (name);

-- +goose Down
DROP TABLE vuln_advisory_names;
ALTER TABLE vuln_advisories DROP COLUMN names_kept;
