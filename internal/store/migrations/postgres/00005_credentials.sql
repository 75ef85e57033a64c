-- +goose Up
-- Passwords and identity-provider links belong to sign-in (package auth),
-- not to the people records (package org): each package owns its tables.
CREATE TABLE passwords (
    user_id     text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    hash        text NOT NULL,
    updated_at  timestamptz NOT NULL
);
INSERT INTO passwords (user_id, hash, updated_at)
    SELECT id, password_hash, updated_at FROM users WHERE password_hash <> '';

-- An identity provider's issuer and subject, bound at a person's first OIDC
-- sign-in: an e-mail address can be changed at the provider, the subject cannot.
CREATE TABLE oidc_identities (
    subject    text PRIMARY KEY,
    user_id    text NOT NULL UNIQUE REFERENCES users(id) ON DELETE CASCADE,
    linked_at  timestamptz NOT NULL
);
INSERT INTO oidc_identities (subject, user_id, linked_at)
    SELECT oidc_subject, id, updated_at FROM users WHERE oidc_subject <> '';

ALTER TABLE users DROP COLUMN password_hash;
ALTER TABLE users DROP COLUMN oidc_subject;

-- +goose Down
ALTER TABLE users ADD COLUMN password_hash text NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN oidc_subject text NOT NULL DEFAULT '';
UPDATE users SET password_hash = COALESCE((SELECT hash FROM passwords p WHERE p.user_id = users.id), '');
UPDATE users SET oidc_subject = COALESCE((SELECT subject FROM oidc_identities i WHERE i.user_id = users.id), '');
DROP TABLE oidc_identities;
DROP TABLE passwords;
