-- +goose Up
CREATE TABLE organisations (
    id          text PRIMARY KEY,
    code        text NOT NULL UNIQUE,
    name        text NOT NULL,
    type        text NOT NULL,
    settings    text NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL
);

CREATE TABLE sites (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE teams (
    id          text PRIMARY KEY,
    org_id      text NOT NULL REFERENCES organisations(id),
    site_id     text REFERENCES sites(id),
    name        text NOT NULL,
    kind        text NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE users (
    id             text PRIMARY KEY,
    org_id         text NOT NULL REFERENCES organisations(id),
    team_id        text REFERENCES teams(id),
    email          text NOT NULL UNIQUE,
    name           text NOT NULL,
    job_role       text NOT NULL,
    password_hash  text NOT NULL DEFAULT '',
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX users_org ON users (org_id, id);

CREATE TABLE user_roles (
    user_id  text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id   text NOT NULL REFERENCES organisations(id),
    role     text NOT NULL,
    PRIMARY KEY (user_id, org_id, role)
);

CREATE TABLE sessions (
    token_hash    text PRIMARY KEY,
    user_id       text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    org_id        text NOT NULL REFERENCES organisations(id),
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_in_attempts (
    id         text PRIMARY KEY,
    email      text NOT NULL,
    ip         text NOT NULL,
    ok         boolean NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX sign_in_attempts_email ON sign_in_attempts (email, at);
CREATE INDEX sign_in_attempts_ip ON sign_in_attempts (ip, at);

CREATE TABLE api_tokens (
    id            text PRIMARY KEY,
    org_id        text NOT NULL REFERENCES organisations(id),
    name          text NOT NULL,
    token_hash    text NOT NULL UNIQUE,
    scopes        text NOT NULL,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_tokens_org ON api_tokens (org_id, id);

CREATE TABLE audit_events (
    id           text PRIMARY KEY,
    org_id       text NOT NULL,
    actor_id     text NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    entity_type  text NOT NULL,
    entity_id    text NOT NULL,
    summary      text NOT NULL,
    before_data  text NOT NULL DEFAULT '',
    after_data   text NOT NULL DEFAULT '',
    at           timestamptz NOT NULL
);
CREATE INDEX audit_events_org ON audit_events (org_id, id);

-- The audit trail is append-only, whoever holds the connection.
-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TRIGGER audit_events_no_update ON audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE audit_events;
DROP TABLE api_tokens;
DROP TABLE sign_in_attempts;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE teams;
DROP TABLE sites;
DROP TABLE organisations;
