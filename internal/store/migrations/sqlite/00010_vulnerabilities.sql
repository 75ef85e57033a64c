-- +goose Up
-- Vulnerability intelligence. Advisories are kept one row per source and id, as the
-- advisory model's JSON; shared rows (imported by a national centre) apply to every
-- organisation, the others only to the organisation that imported them.
CREATE TABLE vuln_advisories (
    org_id       text NOT NULL REFERENCES organisations(id),
    source       text NOT NULL,
    advisory_id  text NOT NULL,
    shared       INTEGER NOT NULL,
    ids          text NOT NULL,
    summary      text NOT NULL,
    modified     text NOT NULL,
    withdrawn    INTEGER NOT NULL,
    digest       text NOT NULL,
    body         text NOT NULL,
    imported_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, source, advisory_id)
);
CREATE INDEX vuln_advisories_shared ON vuln_advisories (shared);

-- The latest KEV catalogue and EPSS scores each organisation imported, as sent.
CREATE TABLE vuln_feeds (
    org_id       text NOT NULL REFERENCES organisations(id),
    kind         text NOT NULL,
    shared       INTEGER NOT NULL,
    document     text NOT NULL,
    entries      integer NOT NULL,
    body         BLOB NOT NULL,
    imported_by  text NOT NULL,
    imported_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, kind)
);

-- What an organisation runs: SBOMs and asset lists, each attached to a care-map asset.
CREATE TABLE vuln_inventories (
    id           text PRIMARY KEY,
    org_id       text NOT NULL REFERENCES organisations(id),
    asset_id     text NOT NULL,
    document     text NOT NULL,
    format       text NOT NULL,
    components   integer NOT NULL,
    problems     text NOT NULL,
    quality      text NOT NULL,
    body         BLOB NOT NULL,
    uploaded_by  text NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    UNIQUE (org_id, asset_id, document)
);

-- One row per vulnerability and component; closed rows stay, with the reason.
CREATE TABLE vuln_findings (
    id             text PRIMARY KEY,
    org_id         text NOT NULL REFERENCES organisations(id),
    finding_key    text NOT NULL,
    inventory_id   text NOT NULL,
    asset_id       text NOT NULL,
    advisory       text NOT NULL,
    ids            text NOT NULL,
    component      text NOT NULL,
    priority       text NOT NULL,
    priority_rank  integer NOT NULL,
    clinical_risk  integer NOT NULL,
    kev            INTEGER NOT NULL,
    needs_review   INTEGER NOT NULL,
    status         text NOT NULL,
    open           INTEGER NOT NULL,
    closed_reason  text NOT NULL,
    due_on         text NOT NULL,
    body           text NOT NULL,
    first_seen     TIMESTAMP NOT NULL,
    last_seen      TIMESTAMP NOT NULL,
    UNIQUE (org_id, finding_key)
);
CREATE INDEX vuln_findings_org_rank ON vuln_findings (org_id, open, priority_rank, clinical_risk);
CREATE INDEX vuln_findings_advisory ON vuln_findings (advisory);

-- Analysts' decisions on findings, kept by vulnerability, component and the range its
-- version fell in, so a later version in the same range keeps the decision.
CREATE TABLE vuln_decisions (
    id             text PRIMARY KEY,
    org_id         text NOT NULL REFERENCES organisations(id),
    advisory       text NOT NULL,
    subject        text NOT NULL,
    range_text     text NOT NULL,
    status         text NOT NULL,
    justification  text NOT NULL,
    note           text NOT NULL,
    decided_by     text NOT NULL,
    decided_at     TIMESTAMP NOT NULL,
    UNIQUE (org_id, advisory, subject, range_text)
);

-- +goose Down
DROP TABLE vuln_decisions;
DROP TABLE vuln_findings;
DROP TABLE vuln_inventories;
DROP TABLE vuln_feeds;
DROP TABLE vuln_advisories;
