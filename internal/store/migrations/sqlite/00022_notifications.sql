-- +goose Up
-- Notify and escalate. Webhooks keep their signing secret (Vigil signs with
-- it, so it cannot be a hash); rules say which alerts and incidents notify
-- whom; the rota says who is on call; a page is one alert group or incident
-- that a rule asked someone to acknowledge, with how far it has escalated;
-- deliveries are the outbox of e-mails and webhook posts, holding the exact
-- body sent, and attempts record each try.
CREATE TABLE notify_webhooks (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    name        text NOT NULL,
    url         text NOT NULL,
    format      text NOT NULL,
    secret      text NOT NULL,
    created_by  text NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE notify_rules (
    id            text PRIMARY KEY,
    org_id        text NOT NULL REFERENCES organisations(id),
    name          text NOT NULL,
    subject       text NOT NULL,
    min_priority  integer NOT NULL,
    service_id    text NOT NULL,
    email_on_call INTEGER NOT NULL DEFAULT 0,
    webhook_id    text NOT NULL,
    ack_minutes   integer NOT NULL,
    scanned_until TIMESTAMP NOT NULL,
    scanned_id    text NOT NULL DEFAULT '',
    created_by    text NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    deleted_at    TIMESTAMP
);
CREATE INDEX notify_rules_org ON notify_rules (org_id);

CREATE TABLE notify_rotas (
    org_id      text PRIMARY KEY REFERENCES organisations(id),
    shift_hours integer NOT NULL,
    starts_at   TIMESTAMP NOT NULL,
    updated_by  text NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE notify_rota_people (
    org_id   text NOT NULL REFERENCES organisations(id),
    position integer NOT NULL,
    user_id  text NOT NULL REFERENCES users(id),
    PRIMARY KEY (org_id, position)
);

CREATE TABLE notify_pages (
    id           text PRIMARY KEY,
    org_id       text NOT NULL REFERENCES organisations(id),
    rule_id      text NOT NULL REFERENCES notify_rules(id),
    subject      text NOT NULL,
    subject_id   text NOT NULL,
    incident_id  text NOT NULL,
    alert_id     text NOT NULL,
    paged_name   text NOT NULL,
    title        text NOT NULL,
    priority     integer NOT NULL,
    step         integer NOT NULL,
    paged_user   text NOT NULL,
    due_at       TIMESTAMP,
    acked_at     TIMESTAMP,
    acked_by     text NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    UNIQUE (org_id, rule_id, subject, subject_id)
);
CREATE INDEX notify_pages_due ON notify_pages (due_at);
CREATE INDEX notify_pages_incident ON notify_pages (org_id, incident_id);

CREATE TABLE notify_deliveries (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    page_id     text NOT NULL,
    channel     text NOT NULL,
    webhook_id  text NOT NULL,
    recipient   text NOT NULL,
    subject     text NOT NULL,
    body        BLOB NOT NULL,
    status      text NOT NULL,
    attempts    integer NOT NULL,
    next_at     TIMESTAMP NOT NULL,
    last_error  text NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP
);
CREATE INDEX notify_deliveries_due ON notify_deliveries (status, next_at);
CREATE INDEX notify_deliveries_org ON notify_deliveries (org_id, created_at);

CREATE TABLE notify_attempts (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    delivery_id text NOT NULL REFERENCES notify_deliveries(id),
    at          TIMESTAMP NOT NULL,
    status_code integer NOT NULL,
    error       text NOT NULL,
    millis      integer NOT NULL
);
CREATE INDEX notify_attempts_delivery ON notify_attempts (org_id, delivery_id, at);

-- +goose Down
DROP TABLE notify_attempts;
DROP TABLE notify_deliveries;
DROP TABLE notify_pages;
DROP TABLE notify_rota_people;
DROP TABLE notify_rotas;
DROP TABLE notify_rules;
DROP TABLE notify_webhooks;
