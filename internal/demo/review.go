package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// seedReviewedIncident gives the demo trust a closed incident with its
// post-incident review: a pathology interface outage after an attack at the
// supplier, the lessons, one action done and one open, signed off by the
// organisation's administrator. Its hazard is left for a newcomer to add
// to the hazard log with one click.
func seedReviewedIncident(ctx context.Context, svc Services, analyst vigil.Scope) error {
	admin, err := trustPerson(ctx, svc, "admin@riverside.example")
	if err != nil {
		return err
	}
	cso, err := trustPerson(ctx, svc, "cso@riverside.example")
	if err != nil {
		return err
	}
	inc, err := svc.Incidents.Open(ctx, analyst, incident.Draft{Title: "Pathology results interface down after an attack at the supplier",
		Playbook: "supplier-outage", Severity: alert.Critical, AssetIDs: []string{"lims-interface"}})
	if err != nil {
		return fmt.Errorf("open the demo reviewed incident: %w", err)
	}
	tasks, err := svc.Incidents.Tasks(ctx, analyst, inc.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if err := svc.Incidents.CompleteTask(ctx, analyst, inc.ID, t.ID); err != nil {
			return err
		}
	}
	for _, u := range []incident.Update{
		{IsAction: true, Note: "Wards told to use the phone-results procedure; ED runners taking urgent bloods to the lab.", Status: incident.Contained},
		{Note: "The supplier restored the interface; results are flowing to the EPR again.", Status: incident.Resolved},
		{Note: "Backlog of results checked against the lab's paper log.", Status: incident.Closed},
	} {
		if _, err := svc.Incidents.Record(ctx, analyst, inc.ID, u); err != nil {
			return fmt.Errorf("update the demo reviewed incident: %w", err)
		}
	}
	d, err := svc.Incidents.DraftReview(ctx, analyst, inc.ID)
	if err != nil {
		return err
	}
	d.Summary = "An attack at the pathology supplier took its results interface offline for about 9 hours. Results did not reach the EPR, so wards worked from phoned results. The attack came through the supplier's remote access, not through our network."
	d.WentWell = "The phone-results procedure started within 20 minutes. ED runners kept urgent bloods moving. The supplier gave updates every two hours."
	d.ToImprove = "The phone-results contact list was a year out of date. Two wards did not know the procedure and waited for results that never came."
	d.Lessons = "A supplier outage is a clinical event: the downtime procedure must be rehearsed on every ward, not only in the lab. We need the supplier's out-of-hours contacts before we need them."
	d.PatientsAffected = 140
	d.Downtime = incident.DowntimeStruggled
	d.DowntimeNotes = "It kept patients safe, but slowly: phoned results took about 40 minutes longer on wards that had not practised it."
	if _, err := svc.Incidents.SaveReview(ctx, analyst, inc.ID, d); err != nil {
		return fmt.Errorf("write the demo review: %w", err)
	}
	today := store.Now().UTC().Truncate(24 * time.Hour)
	done, err := svc.Incidents.AddReviewAction(ctx, analyst, inc.ID, incident.ActionDraft{Summary: "Update the supplier's out-of-hours contact sheet",
		OwnerID: analyst.Person(), Due: today.AddDate(0, 0, -7)})
	if err != nil {
		return err
	}
	if err := svc.Incidents.CompleteReviewAction(ctx, analyst, inc.ID, done.ID); err != nil {
		return err
	}
	if _, err := svc.Incidents.AddReviewAction(ctx, analyst, inc.ID, incident.ActionDraft{Summary: "Rehearse the phone-results procedure on every ward",
		OwnerID: cso.Person(), Due: today.AddDate(0, 1, 0)}); err != nil {
		return err
	}
	_, err = svc.Incidents.SignOffReview(ctx, admin, inc.ID)
	return err
}
