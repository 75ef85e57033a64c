-- +goose Up
-- What IT buddies did with their teams: visits, training sessions,
-- questions answered, help in an incident. The note is short and never
-- holds patient data; the form says so.
CREATE TABLE buddy_contact_log (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    buddy_id    text NOT NULL REFERENCES users(id),
    team_id     text NOT NULL REFERENCES teams(id),
    kind        text NOT NULL,
    day         TIMESTAMP NOT NULL,
    minutes     integer NOT NULL,
    note        text NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX buddy_contact_log_day ON buddy_contact_log (org_id, day);
CREATE INDEX buddy_contact_log_buddy ON buddy_contact_log (org_id, buddy_id, day);

-- How many teams one buddy may support before they count as overloaded and
-- stop being suggested; no row means Vigil's default.
CREATE TABLE buddy_settings (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    max_teams   integer NOT NULL,
    updated_by  text NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE buddy_settings;
DROP TABLE buddy_contact_log;
