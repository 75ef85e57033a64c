-- +goose Up
-- An organisation's own quick answers, field by field as the form takes
-- them; one with a built-in answer's id replaces it. Retired answers are
-- kept for the audit trail but no longer shown.
CREATE TABLE help_answers (
    org_id       text NOT NULL REFERENCES organisations(id),
    id           text NOT NULL,
    question     text NOT NULL,
    keywords     text NOT NULL,
    lesson       text NOT NULL,
    report_kind  text NOT NULL,
    body         text NOT NULL,
    retired      INTEGER NOT NULL,
    updated_by   text NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, id)
);

-- An organisation's local contacts that lessons and answers name through
-- placeholders such as {{switchboard_phone}}: one row per contact set.
CREATE TABLE help_contacts (
    org_id      text NOT NULL REFERENCES organisations(id),
    name        text NOT NULL,
    value       text NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, name)
);

-- +goose Down
DROP TABLE help_contacts;
DROP TABLE help_answers;
