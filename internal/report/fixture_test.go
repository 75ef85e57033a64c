package report_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/report/mailtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// world is a trust and a GP practice with a few people, on one database.
type world struct {
	db      *store.DB
	orgs    *org.Store
	journey *report.Journey
	triage  *report.Triage
	trust   org.Organisation

	nurse, doctor, analyst vigil.Scope // trust people
	gpAnalyst              vigil.Scope // the practice's analyst: another organisation
	mailbox                vigil.Scope // the trust's reporting mailbox
}

func newWorld(t *testing.T, db *store.DB, anonymousAllowed bool) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: db, orgs: org.NewStore(db, auth.EndSessions)}
	w.journey = report.NewJourney(db, w.orgs, report.Options{MailFeedback: true})
	w.triage = report.NewTriage(db, w.orgs, report.Options{MailFeedback: true})
	var err error
	w.trust, err = w.orgs.CreateOrganisation(ctx, org.Organisation{Code: "RXX", Name: "Northgate General Hospital NHS Trust", Type: org.AcuteTrust,
		Settings: org.Settings{ServiceDeskPhone: "0300 555 0100", EmailDomains: []string{"nhs.net", "northgate.example"}, AnonymousReporting: anonymousAllowed}})
	if err != nil {
		t.Fatal(err)
	}
	practice, err := w.orgs.CreateOrganisation(ctx, org.Organisation{Code: "Y01234", Name: "Oak Lane Surgery", Type: org.GPPractice})
	if err != nil {
		t.Fatal(err)
	}
	person := func(o org.Organisation, name, email string, roles ...vigil.Role) vigil.Scope {
		t.Helper()
		rs := []string{"staff"}
		for _, r := range roles {
			rs = append(rs, string(r))
		}
		u, err := w.orgs.CreateUser(ctx, o.System("test"), org.PersonDetails{Email: email, Name: name, JobRole: "nurse-midwife", Roles: rs})
		if err != nil {
			t.Fatal(err)
		}
		return vigil.PersonScope(o.Ref(), u.ID, u.Name, u.Email, append([]vigil.Role{vigil.Staff}, roles...))
	}
	w.nurse = person(w.trust, "Jane Smith", "jane.smith@nhs.net")
	w.doctor = person(w.trust, "Dr Amir Khan", "amir.khan@northgate.example")
	w.analyst = person(w.trust, "Sam Patel", "sam.patel@northgate.example", vigil.SecurityAnalyst)
	w.gpAnalyst = person(practice, "Lee Brown", "lee.brown@oaklane.example", vigil.SecurityAnalyst)
	w.mailbox = w.trust.System("Reporting mailbox")
	return w
}

// sample is one of the project's sample e-mails.
func sample(t testing.TB, name string) []byte { return mailtest.Sample(t, name) }

// reportEmail takes a person through the whole journey with an e-mail file.
func (w *world) reportEmail(t *testing.T, sc vigil.Scope, raw []byte) report.Report {
	t.Helper()
	ctx := context.Background()
	d, err := w.journey.StartDraft(ctx, sc, report.Email)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.journey.AttachEmail(ctx, sc, d.ID, raw, "reported.eml"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.journey.SaveDetails(ctx, sc, d.ID, map[string][]string{"clicked": {"no"}}); err != nil {
		t.Fatal(err)
	}
	r, err := w.journey.Send(ctx, sc, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (w *world) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// storeWithoutFiling stores a report as intake commits it, and stops there,
// as a node killed before filing would.
func (w *world) storeWithoutFiling(t *testing.T, key string, raw []byte) string {
	t.Helper()
	ctx := context.Background()
	id := store.NewID()
	at := store.Now().Add(-time.Minute)
	sum := sha256.Sum256(raw)
	err := w.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO reports (id, org_id, kind, status, source, source_key, reporter_id, created_at, sent_at, updated_at)
			VALUES ($1, $2, 'email', 'open', 'mailbox', $3, $4, $5, $5, $5)`, id, w.trust.ID, key, w.nurse.UserID, at); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO report_raw (report_id, org_id, file_name, size, sha256, content) VALUES ($1, $2, '', $3, $4, $5)`,
			id, w.trust.ID, len(raw), hex.EncodeToString(sum[:]), raw)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// gpMailbox is the practice's reporting mailbox.
func (w *world) gpMailbox(t *testing.T) vigil.Scope {
	t.Helper()
	o, err := w.orgs.OrganisationByCode(context.Background(), "Y01234")
	if err != nil {
		t.Fatal(err)
	}
	return o.System("Reporting mailbox")
}
