-- +goose Up
-- Each organisation's current care map as an outline (caremap.Map.Outline): what the
-- national what-if reads, in a form that loads a hundred times faster than the document,
-- so the first national question after a restart does not parse every map. Written
-- with the map; a row whose digest or format is not the map's is stale and is made
-- again from the document. Maps stored before this table are filled in at start-up.
CREATE TABLE care_map_outlines (
    org_id   text PRIMARY KEY REFERENCES organisations(id),
    digest   text NOT NULL,
    format   INTEGER NOT NULL,
    outline  bytea NOT NULL
);

-- +goose Down
DROP TABLE care_map_outlines;
