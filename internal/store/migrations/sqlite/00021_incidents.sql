-- +goose Up
-- Security incidents: the response (status, owner, timeline, tasks) and the
-- clinical continuity plan worked out from the care map when the incident was
-- opened, kept as JSON so the plan people acted on stays as it was.
CREATE TABLE incidents (
    id             text PRIMARY KEY,
    org_id         text NOT NULL REFERENCES organisations(id),
    ref            integer NOT NULL,
    title          text NOT NULL,
    playbook       text NOT NULL,
    status         text NOT NULL,
    severity       integer NOT NULL,
    owner_id       text NOT NULL,
    owner_name     text NOT NULL,
    asset_ids      text NOT NULL,
    continuity     text NOT NULL,
    next_update_at TIMESTAMP,
    created_by     text NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    closed_at      TIMESTAMP,
    UNIQUE (org_id, ref)
);
CREATE INDEX incidents_org_status ON incidents (org_id, status, created_at);

CREATE TABLE incident_events (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    incident_id text NOT NULL REFERENCES incidents(id),
    at          TIMESTAMP NOT NULL,
    actor_id    text NOT NULL,
    actor       text NOT NULL,
    kind        text NOT NULL,
    summary     text NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (org_id, incident_id, at);

CREATE TABLE incident_tasks (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    incident_id text NOT NULL REFERENCES incidents(id),
    position    integer NOT NULL,
    side        text NOT NULL,
    summary     text NOT NULL,
    done_at     TIMESTAMP,
    done_by     text NOT NULL
);
CREATE INDEX incident_tasks_incident ON incident_tasks (org_id, incident_id, position);

-- +goose Down
DROP TABLE incident_tasks;
DROP TABLE incident_events;
DROP TABLE incidents;
