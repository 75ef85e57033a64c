-- +goose Up
-- Each organisation's classifier of reported e-mail, learnt from its own
-- verdicts (package classify), kept as its bytes.
CREATE TABLE report_models (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    model       bytea NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE report_models;
