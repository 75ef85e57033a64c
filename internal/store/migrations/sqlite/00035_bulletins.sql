-- +goose Up
-- "Latest tactics" bulletins: short plain-language items for staff, written
-- by security analysts or drafted from a campaign judged malicious. A
-- national bulletin is written by the national centre (org_id is the
-- centre's) and shown to every organisation; only the centre may change it.
-- audience holds job role codes separated by commas; empty means everyone.
CREATE TABLE training_bulletins (
    id            text PRIMARY KEY,
    org_id        text NOT NULL REFERENCES organisations(id),
    national      INTEGER NOT NULL,
    title         text NOT NULL,
    looks_like    text NOT NULL,
    what_to_do    text NOT NULL,
    link          text NOT NULL,
    audience      text NOT NULL,
    status        text NOT NULL,
    publish_from  TIMESTAMP,
    expires_at    TIMESTAMP,
    campaign_id   text NOT NULL,
    created_by    text NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX training_bulletins_org ON training_bulletins (org_id, status);
CREATE INDEX training_bulletins_national ON training_bulletins (national, status);

-- +goose Down
DROP TABLE training_bulletins;
