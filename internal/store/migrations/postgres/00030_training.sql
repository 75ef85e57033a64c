-- +goose Up
-- An organisation's own training needs analysis: the curriculum of each job
-- role (JSON), and the quiz pass mark. Without a row, the built-in defaults apply.
CREATE TABLE training_needs (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    curricula   text NOT NULL,
    pass_mark   integer NOT NULL,
    updated_by  text NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- Every finished quiz: what was chosen, the score, and whether it passed.
-- A lesson is done when its latest passing attempt, of the lesson's current
-- version, is younger than the curriculum's refresh period.
CREATE TABLE training_attempts (
    id              text PRIMARY KEY,
    org_id          text NOT NULL REFERENCES organisations(id),
    user_id         text NOT NULL REFERENCES users(id),
    lesson_id       text NOT NULL,
    lesson_version  integer NOT NULL,
    answers         text NOT NULL,
    correct         integer NOT NULL,
    questions       integer NOT NULL,
    passed          boolean NOT NULL,
    finished_at     timestamptz NOT NULL
);
CREATE INDEX training_attempts_person ON training_attempts (org_id, user_id, lesson_id, finished_at);

-- IT buddies: how to reach each buddy, and which buddy each team has.
CREATE TABLE buddy_contacts (
    user_id     text PRIMARY KEY REFERENCES users(id),
    org_id      text NOT NULL REFERENCES organisations(id),
    phone       text NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE TABLE team_buddies (
    team_id      text PRIMARY KEY REFERENCES teams(id),
    org_id       text NOT NULL REFERENCES organisations(id),
    buddy_id     text NOT NULL REFERENCES users(id),
    assigned_by  text NOT NULL,
    assigned_at  timestamptz NOT NULL
);
CREATE INDEX team_buddies_org ON team_buddies (org_id, buddy_id);

-- +goose Down
DROP TABLE team_buddies;
DROP TABLE buddy_contacts;
DROP TABLE training_attempts;
DROP TABLE training_needs;
