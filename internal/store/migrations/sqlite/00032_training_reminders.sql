-- +goose Up
-- The weekly training reminder e-mails: at most one per person per week
-- (the week in UK time, such as 2026-W48), written when the week's
-- reminders are worked out and sent from here, tried again when the relay
-- fails.
CREATE TABLE training_reminders (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    user_id     text NOT NULL REFERENCES users(id),
    week        text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    status      text NOT NULL,
    attempts    integer NOT NULL,
    next_at     TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP,
    last_error  text NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, user_id, week)
);
CREATE INDEX training_reminders_due ON training_reminders (status, next_at);

-- The weeks whose reminders an organisation has had worked out, so that
-- they are worked out once however often the job wakes.
CREATE TABLE training_reminder_weeks (
    org_id     text NOT NULL REFERENCES organisations(id),
    week       text NOT NULL,
    queued_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, week)
);

-- People who asked for no reminder e-mails.
CREATE TABLE training_reminder_stops (
    org_id      text NOT NULL REFERENCES organisations(id),
    user_id     text NOT NULL REFERENCES users(id),
    stopped_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

-- +goose Down
DROP TABLE training_reminder_stops;
DROP TABLE training_reminder_weeks;
DROP TABLE training_reminders;
