package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// demoHazard is one entry of the demo trust's hazard log: accepted from a
// suggestion (key) or written by hand, then taken as far as the demo needs.
type demoHazard struct {
	key      string // a care map suggestion to accept; "" to write d by hand
	d        hazard.Details
	controls []hazard.Control
	residual hazard.Assessment
	review   int // days from today; negative is overdue; 0 for none
	approve  bool
	status   hazard.Status
	note     string
}

func demoHazards() []demoHazard {
	return []demoHazard{
		{key: "caremap/epr/loss", review: -9, approve: true,
			controls: []hazard.Control{
				{Kind: hazard.DesignControl, Text: "Immutable off-site copies of the EPR database, restorable within 8 hours", InPlace: true},
				{Kind: hazard.TestControl, Text: "Restore the EPR from the off-site copy every quarter and time it"},
				{Kind: hazard.ProcessControl, Text: "ED and AMU downtime boxes checked and restocked monthly", InPlace: true},
				{Kind: hazard.TrainingControl, Text: "A downtime drill for ED and AMU night staff twice a year"},
			},
			residual: hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Low}},
		{key: "caremap/citypath-lims/corruption", review: 60,
			controls: []hazard.Control{
				{Kind: hazard.TestControl, Text: "Reconcile a sample of results between the LIMS and the EPR every day"},
				{Kind: hazard.ProcessControl, Text: "Lab phones every critical result and reads it back"},
			},
			residual: hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.Medium}},
		{key: "caremap/citypath-lims/loss", review: 90, status: hazard.Transferred,
			note: "Held by CityPath Diagnostics under their DCB0129 hazard log (their reference CP-HZ-14). We review their report each quarter."},
		{key: "caremap/pump-library/loss", review: 180, approve: true, status: hazard.Closed, note: "Pumps keep their last library; the server is now monitored and backed up.",
			controls: []hazard.Control{{Kind: hazard.DesignControl, Text: "Pumps keep the last drug library they loaded when the server is down", InPlace: true}},
			residual: hazard.Assessment{Consequence: caremap.Significant, Likelihood: caremap.VeryLow}},
		{d: hazard.Details{Title: "Wrong patient's record opened after a shared smartcard session", Type: hazard.WrongPatient,
			Description:      "A clinician acts on the record left open under a colleague's smartcard session on a shared ward PC.",
			Causes:           []string{"Smartcard left in a shared workstation", "Session not locked between patients"},
			Effect:           "Results or notes are read or written against the wrong patient on the ward.",
			Harm:             "Wrong treatment given to a patient; minor to significant harm before the error is caught.",
			ExistingControls: "Positive patient identification at the bedside; smartcard removal locks the session.",
			Links:            []hazard.Link{{Kind: hazard.LinkAsset, ID: "smartcard", Title: "Smartcards and NHS Care Identity Service"}, {Kind: hazard.LinkAsset, ID: "workstations", Title: "Ward and clinic workstations"}},
			Initial:          hazard.Assessment{Consequence: caremap.Significant, Likelihood: caremap.Medium}},
			controls: []hazard.Control{{Kind: hazard.TrainingControl, Text: "Lock-your-screen lesson for every ward role", InPlace: true}},
			residual: hazard.Assessment{Consequence: caremap.Significant, Likelihood: caremap.Low}, review: 120, approve: true},
		{d: hazard.Details{Title: "Remote access gateway exploited", Type: hazard.DataBreach,
			Description:      "An attacker uses a known weakness in the remote access gateway to reach the clinical network and patient records.",
			Causes:           []string{"An unpatched, actively exploited weakness in the gateway"},
			Effect:           "Patient records exposed; systems may be taken offline to contain the attack.",
			Harm:             "Loss of confidentiality for many patients, and delays to care if systems are shut down.",
			ExistingControls: "Multi-factor authentication on remote access.",
			Links: []hazard.Link{{Kind: hazard.LinkAsset, ID: "firewall", Title: "Perimeter firewall and remote access"},
				{Kind: hazard.LinkFinding, ID: "F-0007", Title: "CVE-2024-3400 in the perimeter firewall"}},
			Initial: hazard.Assessment{Consequence: caremap.Major, Likelihood: caremap.High}},
			controls: []hazard.Control{{Kind: hazard.DesignControl, Text: "Patch the gateway within 48 hours of a known-exploited weakness"}},
			review:   30},
	}
}

// SeedSafety gives the demo trust a hazard log with hazards at several risk
// levels and statuses, an issued safety case, and two plan reviews. It acts
// as the demo Clinical Safety Officer and security analyst, so the log's
// history names them. Call it after SeedCareMap.
func SeedSafety(ctx context.Context, svc Services) error {
	cso, err := trustPerson(ctx, svc, "cso@riverside.example")
	if err != nil {
		return err
	}
	analyst, err := trustPerson(ctx, svc, "analyst@riverside.example")
	if err != nil {
		return err
	}
	if have, err := svc.Hazards.Hazards(ctx, cso); err != nil || len(have) > 0 {
		return err
	}
	today := hazard.Day(store.Now())
	all := demoHazards()
	for i, dh := range all {
		if err := seedHazard(ctx, svc.Hazards, cso, analyst, dh, today); err != nil {
			return fmt.Errorf("seed demo hazard %d: %w", i+1, err)
		}
		if i == 3 { // the safety case was issued before the last two were logged
			if _, err := svc.SafetyCases.Issue(ctx, cso, hazard.DefaultDeclaration); err != nil {
				return fmt.Errorf("issue the demo safety case: %w", err)
			}
		}
	}
	return seedPlans(ctx, svc.Plans, cso, analyst, today)
}

// trustPerson acts as a person of the demo trust.
func trustPerson(ctx context.Context, svc Services, email string) (vigil.Scope, error) {
	o, err := svc.Orgs.OrganisationByCode(ctx, Code)
	if err != nil {
		return vigil.Scope{}, err
	}
	return demoPerson(ctx, svc, o.System("Vigil demo"), email)
}

func demoPerson(ctx context.Context, svc Services, sc vigil.Scope, email string) (vigil.Scope, error) {
	id, _, err := svc.Orgs.ActivePersonByEmail(ctx, sc, email)
	if err != nil || id == "" {
		return vigil.Scope{}, fmt.Errorf("find the demo person %s: %v", email, err)
	}
	return svc.Orgs.ScopeOf(ctx, id)
}

func seedHazard(ctx context.Context, log *hazard.Log, cso, analyst vigil.Scope, dh demoHazard, today time.Time) error {
	d := dh.d
	if dh.key != "" {
		s, err := log.Suggestion(ctx, analyst, dh.key)
		if err != nil {
			return err
		}
		d = s.Draft
	}
	d.FurtherControls, d.Residual = dh.controls, dh.residual
	if dh.review != 0 {
		d.ReviewBy = today.AddDate(0, 0, dh.review)
	}
	var h hazard.Hazard
	var err error
	if dh.key != "" {
		h, err = log.Accept(ctx, analyst, dh.key, d)
	} else {
		h, err = log.Create(ctx, analyst, d)
	}
	if err != nil {
		return err
	}
	if dh.approve {
		if h, err = log.Approve(ctx, cso, h.ID, h.Version); err != nil {
			return err
		}
	}
	if dh.status != "" && dh.status != hazard.Open {
		_, err = log.SetStatus(ctx, cso, h.ID, h.Version, dh.status, dh.note)
	}
	return err
}

func seedPlans(ctx context.Context, plans *hazard.Plans, cso, analyst vigil.Scope, today time.Time) error {
	// Next Tuesday at 02:00 UK time, whatever today is.
	days := (int(time.Tuesday) - int(today.Weekday()) + 7) % 7
	if days == 0 {
		days = 7
	}
	next := today.AddDate(0, 0, days)
	patch := time.Date(next.Year(), next.Month(), next.Day(), 2, 0, 0, 0, hazard.London)
	if _, err := plans.Create(ctx, analyst, hazard.PlanDetails{Title: "EPR database security patches", Kind: hazard.Patching,
		Description: "Monthly operating system and database patches for the EPR database servers, with a restart of each node.",
		Assets:      []string{"epr-db"}, Mode: impact.ModeUnavailable, Start: patch, Duration: 4 * caremap.Hour}); err != nil {
		return fmt.Errorf("seed the demo patching plan: %w", err)
	}
	last := today.AddDate(0, 0, -20)
	mfa, err := plans.Create(ctx, analyst, hazard.PlanDetails{Title: "Multi-factor authentication for remote access", Kind: hazard.MFARollout,
		Description: "Switch remote access to require an authenticator app. Sessions drop once while the gateway restarts.",
		Assets:      []string{"firewall"}, Mode: impact.ModeDegraded, Start: time.Date(last.Year(), last.Month(), last.Day(), 19, 0, 0, 0, hazard.London), Duration: caremap.Hour})
	if err != nil {
		return fmt.Errorf("seed the demo MFA plan: %w", err)
	}
	_, err = plans.Decide(ctx, cso, mfa.ID, mfa.Version, hazard.ApprovedWithConditions,
		"Tell community nursing the day before; keep the old sign-in for on-call consultants for two weeks.")
	return err
}
