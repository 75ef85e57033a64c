-- +goose Up
-- Post-incident reviews (CAF D2): once an incident is resolved, what happened,
-- what went well, what to improve, the lessons, the clinical impact seen and a
-- named person's sign-off. One review per incident.
CREATE TABLE incident_reviews (
    org_id            text NOT NULL REFERENCES organisations(id),
    incident_id       text NOT NULL REFERENCES incidents(id),
    summary           text NOT NULL,
    highlights        text NOT NULL,
    went_well         text NOT NULL,
    to_improve        text NOT NULL,
    lessons           text NOT NULL,
    services_affected text NOT NULL,
    patients_affected integer NOT NULL,
    downtime_used     text NOT NULL,
    downtime_notes    text NOT NULL,
    hazard_id         text NOT NULL,
    hazard_code       text NOT NULL,
    signed_off_by_id  text NOT NULL,
    signed_off_by     text NOT NULL,
    signed_off_at     TIMESTAMP,
    written_by        text NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, incident_id)
);

-- The review's actions, each with an owner and a due date, tracked to done.
CREATE TABLE incident_review_actions (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    incident_id text NOT NULL REFERENCES incidents(id),
    summary     text NOT NULL,
    owner_id    text NOT NULL,
    owner_name  text NOT NULL,
    due_on      TIMESTAMP NOT NULL,
    done_at     TIMESTAMP,
    done_by     text NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX incident_review_actions_incident ON incident_review_actions (org_id, incident_id, due_on);

-- +goose Down
DROP TABLE incident_review_actions;
DROP TABLE incident_reviews;
