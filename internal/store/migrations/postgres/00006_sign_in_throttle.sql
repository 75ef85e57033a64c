-- +goose Up
-- Failed sign-ins counted per key (an account from one address, an account
-- anywhere, an address), each in its own window. A row is bumped in one
-- statement, so parallel guesses cannot all slip under the limit.
CREATE TABLE sign_in_throttle (
    key           text PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    failures      integer NOT NULL
);

-- An API token acts for the person who made it, while they still hold what it needs.
ALTER TABLE api_tokens ADD COLUMN created_by_user_id text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN created_by_user_id;
DROP TABLE sign_in_throttle;
