-- +goose Up
-- One-click acknowledge links in notification e-mails. Each is for one
-- person, one page and one step of its escalation; only a hash of the
-- token is kept, so the table cannot be read back into working links. A
-- link works once, and only until the page would escalate.
CREATE TABLE notify_ack_links (
    token_hash  text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    page_id     text NOT NULL REFERENCES notify_pages(id),
    user_id     text NOT NULL REFERENCES users(id),
    step        integer NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX notify_ack_links_page ON notify_ack_links (org_id, page_id);

-- +goose Down
DROP TABLE notify_ack_links;
