-- +goose Up
-- Self-assessment answers, one row per answer given: the latest row for an outcome is
-- the current answer, and the earlier rows are its history.
CREATE TABLE assessment_answers (
    id              text PRIMARY KEY,
    org_id          text NOT NULL REFERENCES organisations(id),
    framework_id    text NOT NULL,
    outcome_id      text NOT NULL,
    status          text NOT NULL,
    evidence        text NOT NULL,
    notes           text NOT NULL,
    action          text NOT NULL,
    action_owner    text NOT NULL,
    action_due      TIMESTAMP,
    answered_by_id  text NOT NULL,
    answered_by     text NOT NULL,
    answered_at     TIMESTAMP NOT NULL
);
CREATE INDEX assessment_answers_outcome ON assessment_answers (org_id, framework_id, outcome_id, id);

-- +goose Down
DROP TABLE assessment_answers;
