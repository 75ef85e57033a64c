-- +goose Up
-- An organisation's own lessons, kept as the Markdown file an admin
-- uploaded and read with the same checks as the built-in ones.
CREATE TABLE org_lessons (
    org_id       text NOT NULL REFERENCES organisations(id),
    lesson_id    text NOT NULL,
    source       text NOT NULL,
    uploaded_by  text NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, lesson_id)
);

-- +goose Down
DROP TABLE org_lessons;
