-- +goose Up
-- Lures reported in several organisations: the national centre's verdicts on
-- them, and the match keys each verdict was given for, so that staff who
-- report the same lure later are warned too.

CREATE TABLE national_verdicts (
    id            text PRIMARY KEY,
    org_id        text NOT NULL REFERENCES organisations(id), -- the national centre that decided
    campaign_id   text NOT NULL, -- the national campaign: its oldest member campaign
    title         text NOT NULL,
    verdict       text NOT NULL,
    note          text NOT NULL DEFAULT '',
    warning_text  text NOT NULL DEFAULT '',
    decided_by    text NOT NULL,
    decided_at    TIMESTAMP NOT NULL
);
CREATE INDEX national_verdicts_org ON national_verdicts (org_id, decided_at);
CREATE INDEX national_verdicts_campaign ON national_verdicts (campaign_id, decided_at);

CREATE TABLE national_verdict_keys (
    verdict_id  text NOT NULL REFERENCES national_verdicts(id),
    match_key   text NOT NULL,
    PRIMARY KEY (verdict_id, match_key)
);
CREATE INDEX national_verdict_keys_key ON national_verdict_keys (match_key);

-- Finding the keys several organisations share reads report_campaign_keys by key.
CREATE INDEX report_campaign_keys_key ON report_campaign_keys (match_key);

-- +goose Down
DROP INDEX report_campaign_keys_key;
DROP TABLE national_verdict_keys;
DROP TABLE national_verdicts;
