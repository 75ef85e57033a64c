-- +goose Up
-- The steps of a report's "what to do" checklist an analyst has ticked, so
-- the next person on shift sees where the work got to.
CREATE TABLE report_checklist (
    org_id    text NOT NULL REFERENCES organisations(id),
    report_id text NOT NULL REFERENCES reports(id),
    step      integer NOT NULL,
    done_by   text NOT NULL,
    done_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, report_id, step)
);

-- +goose Down
DROP TABLE report_checklist;
