-- +goose Up
-- Speak up: staff reports, the e-mails they report, campaigns, verdicts and feedback.

CREATE TABLE report_campaigns (
    id                  text PRIMARY KEY,
    org_id              text NOT NULL REFERENCES organisations(id),
    title               text NOT NULL,
    sender_domain       text NOT NULL DEFAULT '',
    verdict             text NOT NULL DEFAULT '',
    verdict_note        text NOT NULL DEFAULT '',
    decided_by          text NOT NULL DEFAULT '',
    decided_at          timestamptz,
    alert_text          text NOT NULL DEFAULT '',
    alert_published_at  timestamptz,
    created_at          timestamptz NOT NULL,
    last_report_at      timestamptz NOT NULL
);
CREATE INDEX report_campaigns_org ON report_campaigns (org_id, id);

-- What makes two reports one campaign: each key belongs to the first campaign that had it.
CREATE TABLE report_campaign_keys (
    org_id       text NOT NULL REFERENCES organisations(id),
    match_key    text NOT NULL,
    campaign_id  text NOT NULL REFERENCES report_campaigns(id),
    PRIMARY KEY (org_id, match_key)
);

-- One row per organisation, updated by every clustering transaction so that two
-- reports of a new campaign arriving together on PostgreSQL take turns.
CREATE TABLE report_cluster_locks (
    org_id  text PRIMARY KEY REFERENCES organisations(id),
    turns   INTEGER NOT NULL
);

CREATE TABLE reports (
    id                text PRIMARY KEY,
    org_id            text NOT NULL REFERENCES organisations(id),
    kind              text NOT NULL,
    status            text NOT NULL,
    source            text NOT NULL,
    source_key        text,
    reporter_id       text REFERENCES users(id),
    reporter_address  text NOT NULL DEFAULT '',
    anonymous         boolean NOT NULL DEFAULT false,
    details           text NOT NULL DEFAULT '{}',
    subject           text NOT NULL DEFAULT '',
    analysis          text NOT NULL DEFAULT '',
    analysis_note     text NOT NULL DEFAULT '',
    reply_message_id  text NOT NULL DEFAULT '',
    campaign_id       text REFERENCES report_campaigns(id),
    verdict           text NOT NULL DEFAULT '',
    verdict_note      text NOT NULL DEFAULT '',
    verdict_at        timestamptz,
    created_at        timestamptz NOT NULL,
    sent_at           timestamptz,
    processed_at      timestamptz,
    updated_at        timestamptz NOT NULL,
    UNIQUE (org_id, source_key)
);
CREATE INDEX reports_org ON reports (org_id, status, id);
CREATE INDEX reports_reporter ON reports (reporter_id, id);
CREATE INDEX reports_campaign ON reports (campaign_id, id);

-- Reported e-mails exactly as received: bytes only, never served as what they claim to be.
CREATE TABLE report_raw (
    report_id  text PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    org_id     text NOT NULL REFERENCES organisations(id),
    file_name  text NOT NULL DEFAULT '',
    size       bigint NOT NULL,
    sha256     text NOT NULL,
    content    bytea NOT NULL
);

-- Feedback e-mails waiting to go, written in the same transaction as the verdict.
CREATE TABLE report_feedback (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    report_id   text NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    verdict     text NOT NULL,
    status      text NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  text NOT NULL DEFAULT '',
    next_at     timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX report_feedback_due ON report_feedback (status, next_at);

-- Phishing-simulation results: counts only, never who clicked.
CREATE TABLE report_simulations (
    id           text PRIMARY KEY,
    org_id       text NOT NULL REFERENCES organisations(id),
    name         text NOT NULL,
    recipients   INTEGER NOT NULL,
    clicked      INTEGER NOT NULL,
    reported     INTEGER NOT NULL,
    imported_by  text NOT NULL,
    imported_at  timestamptz NOT NULL
);
CREATE INDEX report_simulations_org ON report_simulations (org_id, id);

-- +goose Down
DROP TABLE report_simulations;
DROP TABLE report_feedback;
DROP TABLE report_raw;
DROP TABLE reports;
DROP TABLE report_cluster_locks;
DROP TABLE report_campaign_keys;
DROP TABLE report_campaigns;
