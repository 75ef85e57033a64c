-- +goose Up
-- Reviews of security plans: a change that takes systems down, when, and the Clinical
-- Safety Officer's decision, with the impact analysis as it stood when they decided.
CREATE TABLE plan_reviews (
    id                 text PRIMARY KEY,
    org_id             text NOT NULL REFERENCES organisations(id),
    ref                integer NOT NULL,
    title              text NOT NULL,
    change_kind        text NOT NULL,
    description        text NOT NULL,
    assets             text NOT NULL,
    mode               text NOT NULL,
    starts_at          TIMESTAMP NOT NULL,
    duration_minutes   integer NOT NULL,
    status             text NOT NULL,
    decision_note      text NOT NULL,
    decided_by_id      text NOT NULL,
    decided_by         text NOT NULL,
    decided_at         TIMESTAMP,
    decided_analysis   text NOT NULL,
    version            integer NOT NULL,
    created_by_id      text NOT NULL,
    created_by         text NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    UNIQUE (org_id, ref)
);
CREATE INDEX plan_reviews_org_start ON plan_reviews (org_id, starts_at);

-- +goose Down
DROP TABLE plan_reviews;
