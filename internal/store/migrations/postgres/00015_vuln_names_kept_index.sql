-- +goose Up
-- The first evaluation after a start looks for advisories stored before their names
-- were kept. Without an index that read every stored advisory, a quarter of a second
-- or more with a whole ecosystem's feed held, to find none.
CREATE INDEX vuln_advisories_names_kept ON vuln_advisories (names_kept);

-- +goose Down
DROP INDEX vuln_advisories_names_kept;
