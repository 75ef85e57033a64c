-- +goose Up
-- The identity provider's issuer and subject, bound at a person's first
-- OIDC sign-in: an e-mail address can be changed at the provider, the
-- subject cannot.
ALTER TABLE users ADD COLUMN oidc_subject text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN oidc_subject;
