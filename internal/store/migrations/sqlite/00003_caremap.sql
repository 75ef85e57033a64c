-- +goose Up
-- Each organisation's care map, stored whole as its canonical JSON export (see
-- internal/caremap/mapstore for why), with the counts pages and audit records show.
CREATE TABLE care_maps (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    revision    INTEGER NOT NULL,
    digest      text NOT NULL,
    services    INTEGER NOT NULL,
    assets      INTEGER NOT NULL,
    suppliers   INTEGER NOT NULL,
    updated_by  text NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    -- Last, so that reading the short columns does not walk a large document.
    document    text NOT NULL
);

-- Saved what-if scenarios, and what their last run found, so a re-run can say what changed.
CREATE TABLE impact_scenarios (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    name        text NOT NULL,
    events      text NOT NULL,
    created_by  text NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    last_run    text NOT NULL DEFAULT '',
    UNIQUE (org_id, name)
);
CREATE INDEX impact_scenarios_org ON impact_scenarios (org_id, id);

-- +goose Down
DROP TABLE impact_scenarios;
DROP TABLE care_maps;
