-- +goose Up
-- Daily alert volumes: how many alerts each source sent each organisation on
-- each day (UTC), by priority band, and how many of them were matched to a
-- care-map asset on arrival. The batch writer adds to it in the transaction
-- that stores the alerts, counting only alerts new to Vigil, so it outlives
-- the alerts themselves, which retention deletes. day is YYYY-MM-DD.
CREATE TABLE alert_volumes (
    org_id     text NOT NULL REFERENCES organisations(id),
    source_id  text NOT NULL,
    day        text NOT NULL,
    band       text NOT NULL,
    alerts     INTEGER NOT NULL,
    matched    INTEGER NOT NULL,
    PRIMARY KEY (org_id, source_id, day, band)
);
CREATE INDEX alert_volumes_day ON alert_volumes (day);

-- The alerts already held, counted as they stand (times are stored in UTC,
-- so the first ten characters are the UTC day). The bands are those of
-- monitor.BandKey.
INSERT INTO alert_volumes (org_id, source_id, day, band, alerts, matched)
SELECT org_id, source_id, substr(received_at, 1, 10),
       CASE WHEN priority >= 15 THEN 'patients-at-risk' WHEN priority >= 8 THEN 'high' WHEN priority >= 4 THEN 'medium' ELSE 'low' END,
       COUNT(*), SUM(CASE WHEN asset_id <> '' THEN 1 ELSE 0 END)
FROM alerts
GROUP BY org_id, source_id, substr(received_at, 1, 10),
       CASE WHEN priority >= 15 THEN 'patients-at-risk' WHEN priority >= 8 THEN 'high' WHEN priority >= 4 THEN 'medium' ELSE 'low' END;

-- +goose Down
DROP TABLE alert_volumes;
