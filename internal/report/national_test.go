package report_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// centre adds a national centre with a central analyst, and a second
// practice whose staff have not reported anything yet.
func (w *world) centre(t *testing.T) (analyst vigil.Scope, lateStaff vigil.Scope) {
	t.Helper()
	ctx := context.Background()
	add := func(code, name string, typ org.Type, email string, roles ...vigil.Role) vigil.Scope {
		o, err := w.orgs.CreateOrganisation(ctx, org.Organisation{Code: code, Name: name, Type: typ})
		if err != nil {
			t.Fatal(err)
		}
		names := []string{"staff"}
		for _, r := range roles {
			names = append(names, string(r))
		}
		u, err := w.orgs.CreateUser(ctx, o.System("test"), org.PersonDetails{Email: email, Name: "Person at " + code, JobRole: "it-digital", Roles: names})
		if err != nil {
			t.Fatal(err)
		}
		return vigil.PersonScope(o.Ref(), u.ID, u.Name, u.Email, append([]vigil.Role{vigil.Staff}, roles...))
	}
	analyst = add("CSOC", "National cyber centre", org.NationalCentre, "duty@csoc.example", vigil.CentralAnalyst)
	lateStaff = add("Y09999", "Birch Road Surgery", org.GPPractice, "reception@birch.example")
	return analyst, lateStaff
}

func TestALureReportedInTwoOrganisationsIsOneNationalCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		central, _ := w.centre(t)
		phish := sample(t, "phish-password-expiry.eml")

		inTrust := w.reportEmail(t, w.nurse, phish)
		w.reportEmail(t, w.doctor, phish)
		inPractice := w.reportEmail(t, w.gpAnalyst, phish)
		w.reportEmail(t, w.nurse, sample(t, "phish-safelinks-rota.eml")) // only the trust saw this one

		now := time.Now()
		national, err := w.triage.NationalCampaigns(ctx, central, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(national) != 1 {
			t.Fatalf("%d national campaigns, want the one lure both organisations reported: %+v", len(national), national)
		}
		n := national[0]
		if n.Organisations() != 2 || n.Reports != 3 || n.Title != inTrust.Subject {
			t.Errorf("national campaign: %d organisations, %d reports, title %q", n.Organisations(), n.Reports, n.Title)
		}
		if n.ID != min(inTrust.CampaignID, inPractice.CampaignID) {
			t.Errorf("id %s is not the oldest member campaign (%s, %s)", n.ID, inTrust.CampaignID, inPractice.CampaignID)
		}
		if len(n.Clues) == 0 || n.Clues[0].Kind == "" || n.Clues[0].Value == "" {
			t.Errorf("no clue says what ties the reports: %+v", n.Clues)
		}
		for _, m := range n.Members {
			if m.OrgName == "" || m.Reports == 0 {
				t.Errorf("member without a name or reports: %+v", m)
			}
		}

		// A trust's own analyst cannot see across organisations, or warn them.
		if _, err := w.triage.NationalCampaigns(ctx, w.analyst, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("trust analyst listing national campaigns: %v", err)
		}
		if _, err := w.triage.DecideNationally(ctx, w.analyst, n.ID, report.NationalDecision{Verdict: report.Malicious}, now); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("trust analyst deciding nationally: %v", err)
		}
	})
}

func TestTheCentresVerdictWarnsEveryOrganisationThatMetTheLure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, false)
		central, birch := w.centre(t)
		phish := sample(t, "phish-password-expiry.eml")
		inTrust := w.reportEmail(t, w.nurse, phish)
		w.reportEmail(t, w.gpAnalyst, phish)
		now := time.Now()
		national, err := w.triage.NationalCampaigns(ctx, central, now)
		if err != nil || len(national) != 1 {
			t.Fatalf("national campaigns: %d, %v", len(national), err)
		}
		id := national[0].ID

		var invalid *vigil.Error
		_, err = w.triage.DecideNationally(ctx, central, id, report.NationalDecision{Verdict: report.Safe, WarningText: "Do not open it."}, now)
		if !errors.As(err, &invalid) || invalid.Fields["warning_text"] == "" {
			t.Errorf("a warning with a safe verdict: %v", err)
		}
		warning := "Fake NHSmail password expiry e-mails are going round. Do not enter your password."
		if _, err := w.triage.DecideNationally(ctx, central, id, report.NationalDecision{Verdict: report.Malicious, Note: "Blocked nationally.", WarningText: warning}, now); err != nil {
			t.Fatal(err)
		}
		warned := func(sc vigil.Scope) bool {
			t.Helper()
			ws, err := w.journey.Warnings(ctx, sc, now)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range ws {
				if x.National && x.Text == warning {
					return true
				}
			}
			return false
		}
		if !warned(w.nurse) || !warned(w.gpAnalyst) {
			t.Error("staff of an organisation that reported the lure were not warned")
		}
		if warned(birch) {
			t.Error("staff of an organisation that never met the lure were warned")
		}
		// The organisations' own verdicts are theirs to give.
		own, err := w.triage.Campaign(ctx, w.analyst, inTrust.CampaignID)
		if err != nil || own.Verdict != "" {
			t.Errorf("the trust's own campaign after the national verdict: %q, %v", own.Verdict, err)
		}
		if n := w.count(t, `SELECT count(*) FROM audit_events WHERE org_id = $1 AND entity_type = 'campaign' AND action = 'publish'`, w.trust.ID); n != 1 {
			t.Errorf("the trust's audit trail has %d records of the warning, want 1", n)
		}
		again, err := w.triage.NationalCampaign(ctx, central, id, now)
		if err != nil || again.Verdict == nil || again.Verdict.Verdict != report.Malicious || again.Verdict.DecidedBy != central.Name {
			t.Errorf("national campaign after the verdict: %+v, %v", again.Verdict, err)
		}

		// Staff who meet the lure after the verdict are warned too.
		w.reportEmail(t, birch, phish)
		if !warned(birch) {
			t.Error("an organisation reporting the lure after the verdict was not warned")
		}

		// A new verdict without a warning takes the warning down.
		if _, err := w.triage.DecideNationally(ctx, central, id, report.NationalDecision{Verdict: report.Malicious}, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if warned(w.nurse) {
			t.Error("the warning stayed up after the centre recorded its verdict without one")
		}
	})
}
