-- +goose Up
-- The board dashboard's dated figures: one value per organisation, day and measure,
-- taken daily and on demand (a later snapshot on the same day replaces the earlier).
CREATE TABLE board_snapshots (
    org_id       text NOT NULL REFERENCES organisations(id),
    day          TIMESTAMP NOT NULL,
    measure_key  text NOT NULL,
    label        text NOT NULL,
    unit         text NOT NULL,
    better       integer NOT NULL,
    value        REAL NOT NULL,
    link         text NOT NULL,
    taken_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, day, measure_key)
);

-- +goose Down
DROP TABLE board_snapshots;
