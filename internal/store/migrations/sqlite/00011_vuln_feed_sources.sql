-- +goose Up
-- Feeds fetched on a schedule from configured addresses: what the source last said
-- (its ETag and Last-Modified, to ask again only for what changed) and how the last
-- attempts went, so people can see a feed that has stopped arriving.
CREATE TABLE vuln_feed_sources (
    org_id        text NOT NULL REFERENCES organisations(id),
    url           text NOT NULL,
    kind          text NOT NULL,
    shared        INTEGER NOT NULL,
    etag          text NOT NULL,
    last_modified text NOT NULL,
    checked_at    TIMESTAMP NOT NULL,
    succeeded_at  TIMESTAMP,
    changed_at    TIMESTAMP,
    last_error    text NOT NULL,
    last_result   text NOT NULL,
    PRIMARY KEY (org_id, url)
);

-- +goose Down
DROP TABLE vuln_feed_sources;
