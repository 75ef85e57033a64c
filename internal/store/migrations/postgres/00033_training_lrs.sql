-- +goose Up
-- Each organisation's Learning Record Store, where its quiz results go as
-- xAPI statements: the address, the Basic key and secret it gives Vigil
-- (kept to be sent, never shown again), and whether sending is on.
CREATE TABLE training_lrs (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    endpoint    text NOT NULL,
    auth_key    text NOT NULL,
    auth_secret text NOT NULL,
    enabled     boolean NOT NULL,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- The statements owed to the Learning Record Store, written in the same
-- transaction as the attempt they tell of and sent from here: queued
-- (waiting, or tried and failing with last_error), delivered, or parked
-- (refused by the store as wrong; waits for an admin to send it again).
-- The id is the statement's own, made by Vigil, so a second send is
-- recognised by the store as the same statement.
CREATE TABLE training_lrs_statements (
    org_id        text NOT NULL REFERENCES organisations(id),
    id            text NOT NULL,
    attempt_id    text NOT NULL,
    verb          text NOT NULL,
    body          text NOT NULL,
    status        text NOT NULL,
    attempts      integer NOT NULL,
    next_at       timestamptz NOT NULL,
    last_error    text NOT NULL,
    created_at    timestamptz NOT NULL,
    delivered_at  timestamptz,
    PRIMARY KEY (org_id, id)
);
CREATE INDEX training_lrs_statements_due ON training_lrs_statements (status, next_at);

-- +goose Down
DROP TABLE training_lrs_statements;
DROP TABLE training_lrs;
