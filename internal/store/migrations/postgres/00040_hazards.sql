-- +goose Up
-- The cyber hazard log (DCB0129/DCB0160): one row per hazard, its lists kept as JSON
-- text, and every change to it in hazard_changes so the log can show its own history.
CREATE TABLE hazards (
    id                    text PRIMARY KEY,
    org_id                text NOT NULL REFERENCES organisations(id),
    ref                   integer NOT NULL,
    title                 text NOT NULL,
    description           text NOT NULL,
    causes                text NOT NULL,
    effect                text NOT NULL,
    harm                  text NOT NULL,
    hazard_type           text NOT NULL,
    links                 text NOT NULL,
    existing_controls     text NOT NULL,
    further_controls      text NOT NULL,
    initial_consequence   integer NOT NULL,
    initial_likelihood    integer NOT NULL,
    residual_consequence  integer NOT NULL,
    residual_likelihood   integer NOT NULL,
    status                text NOT NULL,
    status_note           text NOT NULL,
    owner_id              text NOT NULL,
    owner_name            text NOT NULL,
    review_by             timestamptz,
    approved_by_id        text NOT NULL,
    approved_by           text NOT NULL,
    approved_at           timestamptz,
    suggestion_key        text NOT NULL,
    version               integer NOT NULL,
    created_by            text NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    UNIQUE (org_id, ref)
);
CREATE INDEX hazards_org_status ON hazards (org_id, status, review_by);

CREATE TABLE hazard_changes (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    hazard_id   text NOT NULL REFERENCES hazards(id),
    at          timestamptz NOT NULL,
    actor_id    text NOT NULL,
    actor       text NOT NULL,
    summary     text NOT NULL,
    details     text NOT NULL
);
CREATE INDEX hazard_changes_hazard ON hazard_changes (org_id, hazard_id, id);

-- Suggested hazards a Clinical Safety Officer dismissed, so they are not offered again.
CREATE TABLE hazard_dismissals (
    org_id          text NOT NULL REFERENCES organisations(id),
    suggestion_key  text NOT NULL,
    title           text NOT NULL,
    reason          text NOT NULL,
    dismissed_by    text NOT NULL,
    dismissed_at    timestamptz NOT NULL,
    PRIMARY KEY (org_id, suggestion_key)
);

-- +goose Down
DROP TABLE hazard_dismissals;
DROP TABLE hazard_changes;
DROP TABLE hazards;
