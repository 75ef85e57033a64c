-- +goose Up
-- How often each scheduled feed is asked for a newer document, in seconds, as
-- configured for that feed (or the default), so people can see when it is next due.
ALTER TABLE vuln_feed_sources ADD COLUMN every_seconds integer NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE vuln_feed_sources DROP COLUMN every_seconds;
