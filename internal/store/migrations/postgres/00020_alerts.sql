-- +goose Up
-- Security alerts from the organisation's detection tools. A source is one
-- sender (an API token, or a syslog listener); a dedup key is unique within
-- its source, so a retried batch adds nothing. asset_id is the care-map asset
-- the alert was matched to when it arrived ('' when none matched), and
-- priority the source's severity weighed by that asset's clinical risk.
CREATE TABLE alert_sources (
    id               text PRIMARY KEY,
    org_id           text NOT NULL REFERENCES organisations(id),
    name             text NOT NULL,
    expected_minutes integer NOT NULL,
    last_seen_at     timestamptz,
    silent_since     timestamptz,
    alerts_total     bigint NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE alerts (
    id             text PRIMARY KEY,
    org_id         text NOT NULL REFERENCES organisations(id),
    source_id      text NOT NULL REFERENCES alert_sources(id),
    dedup_key      text NOT NULL,
    format         text NOT NULL,
    tool           text NOT NULL,
    source_ref     text NOT NULL,
    received_at    timestamptz NOT NULL,
    occurred_at    timestamptz NOT NULL,
    severity       integer NOT NULL,
    severity_raw   text NOT NULL,
    rule_id        text NOT NULL,
    rule_name      text NOT NULL,
    category       text NOT NULL,
    techniques     text NOT NULL,
    observables    text NOT NULL,
    title          text NOT NULL,
    raw            bytea,
    asset_id       text NOT NULL,
    matched_by     text NOT NULL,
    clinical_risk  integer NOT NULL,
    priority       integer NOT NULL,
    group_key      text NOT NULL,
    status         text NOT NULL,
    triaged_at     timestamptz,
    triaged_by     text NOT NULL,
    incident_id    text NOT NULL,
    UNIQUE (org_id, source_id, dedup_key)
);
CREATE INDEX alerts_queue ON alerts (org_id, status, priority, occurred_at);
CREATE INDEX alerts_received ON alerts (org_id, received_at);
CREATE INDEX alerts_group ON alerts (org_id, group_key);

-- +goose Down
DROP TABLE alerts;
DROP TABLE alert_sources;
