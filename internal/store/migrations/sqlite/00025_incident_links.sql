-- +goose Up
-- Speak-up reports and vulnerability findings linked to an incident. The
-- title is kept as it was when linked, so the link still reads sensibly if
-- the report or finding changes later.
CREATE TABLE incident_links (
    org_id      text NOT NULL REFERENCES organisations(id),
    incident_id text NOT NULL REFERENCES incidents(id),
    kind        text NOT NULL,
    target_id   text NOT NULL,
    title       text NOT NULL,
    path        text NOT NULL,
    linked_by   text NOT NULL,
    linked_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, incident_id, kind, target_id)
);
CREATE INDEX incident_links_target ON incident_links (org_id, kind, target_id);

-- +goose Down
DROP TABLE incident_links;
