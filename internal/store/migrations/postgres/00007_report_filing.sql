-- +goose Up
-- Reports are filed (analysed and put in their campaign) after they are
-- stored. claimed_at lets one node at a time pick up a report that was left
-- unfiled by a crash; dedup_key makes a reporter's retry of the same message
-- the same report.
ALTER TABLE reports ADD COLUMN claimed_at timestamptz;
ALTER TABLE reports ADD COLUMN dedup_key text;
CREATE UNIQUE INDEX reports_dedup ON reports (org_id, dedup_key);
CREATE INDEX reports_unfiled ON reports (sent_at) WHERE processed_at IS NULL;

-- +goose Down
DROP INDEX reports_unfiled;
DROP INDEX reports_dedup;
ALTER TABLE reports DROP COLUMN dedup_key;
ALTER TABLE reports DROP COLUMN claimed_at;
