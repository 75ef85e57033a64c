-- +goose Up
-- Following a CSAF trusted provider: the newest changes.csv or ROLIE timestamp already
-- handled, so the next run fetches only documents changed since; and the documents that
-- were refused (hash, signature, TLP or schema), each with why, so people can see them.
ALTER TABLE vuln_feed_sources ADD COLUMN provider_since timestamptz;

CREATE TABLE vuln_feed_refusals (
    org_id       text NOT NULL REFERENCES organisations(id),
    feed_url     text NOT NULL,
    document_url text NOT NULL,
    shared       boolean NOT NULL,
    reason       text NOT NULL,
    refused_at   timestamptz NOT NULL,
    PRIMARY KEY (org_id, feed_url, document_url)
);

-- +goose Down
DROP TABLE vuln_feed_refusals;
ALTER TABLE vuln_feed_sources DROP COLUMN provider_since;
