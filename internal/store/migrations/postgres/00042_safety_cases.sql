-- +goose Up
-- Issued versions of each organisation's Clinical Safety Case Report, each the whole
-- report as JSON, so any version can be shown again and compared with the one before.
CREATE TABLE safety_case_versions (
    id              text PRIMARY KEY,
    org_id          text NOT NULL REFERENCES organisations(id),
    number          integer NOT NULL,
    issued_by_id    text NOT NULL,
    issued_by       text NOT NULL,
    issued_at       timestamptz NOT NULL,
    declaration     text NOT NULL,
    document        text NOT NULL,
    UNIQUE (org_id, number)
);

-- +goose Down
DROP TABLE safety_case_versions;
