package incident_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func TestReviewActionOverdue(t *testing.T) {
	due := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now  time.Time
		done bool
		want bool
	}{
		{due.Add(-time.Hour), false, false},
		{due.Add(23 * time.Hour), false, false}, // still the due day
		{due.Add(24 * time.Hour), false, true},  // the day after
		{due.Add(72 * time.Hour), true, false},  // done is never overdue
	} {
		a := incident.ReviewAction{Due: due}
		if c.done {
			a.DoneAt = due
		}
		if got := a.Overdue(c.now); got != c.want {
			t.Errorf("due %s, now %s, done %v: overdue %v, want %v", due, c.now, c.done, got, c.want)
		}
	}
}

// TestReviewRules: a review waits for the incident to be resolved, starts
// from the timeline, is refused field by field, belongs to the incident's
// organisation, needs a named person to sign it off, loses the sign-off
// when changed, and every change is audited.
func TestReviewRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		inc, err := f.inc.Open(ctx, f.analyst, incident.Draft{Playbook: "supplier-outage", Severity: alert.High, AssetIDs: []string{"citypath-lims"}})
		if err != nil {
			t.Fatal(err)
		}
		good := incident.ReviewDraft{Summary: "The lab link failed.", Lessons: "Test the phone list.", PatientsAffected: 12, Downtime: incident.DowntimeWorked}
		if _, err := f.inc.SaveReview(ctx, f.analyst, inc.ID, good); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("a review of an incident under investigation: %v", err)
		}
		if _, err := f.inc.Record(ctx, f.analyst, inc.ID, incident.Update{Status: incident.Resolved}); err != nil {
			t.Fatal(err)
		}
		d, err := f.inc.DraftReview(ctx, f.analyst, inc.ID)
		if err != nil || !strings.Contains(d.Highlights, "Status changed from Investigating to Resolved") || d.ServicesAffected == "" {
			t.Errorf("the draft: %+v %v", d, err)
		}
		_, err = f.inc.SaveReview(ctx, f.analyst, inc.ID, incident.ReviewDraft{PatientsAffected: -1, Summary: strings.Repeat("x", incident.MaxReviewText+1)})
		var verr *vigil.Error
		if vigil.CodeOf(err) != vigil.Invalid || !errors.As(err, &verr) || len(verr.Fields) != 4 {
			t.Errorf("a bad review: %v", err)
		}
		if _, err := f.inc.SaveReview(ctx, f.cso, inc.ID, good); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a CSO without incidents:write wrote the review: %v", err)
		}
		if _, err := f.inc.SaveReview(ctx, f.analyst, inc.ID, good); err != nil {
			t.Fatal(err)
		}

		// The practice reaches none of it.
		if _, err := f.inc.Review(ctx, f.practice, inc.ID); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice read the review: %v", err)
		}
		if states, err := f.inc.ReviewStates(ctx, f.practice); err != nil || len(states) != 0 {
			t.Errorf("the practice sees review states: %v %v", states, err)
		}
		if states, err := f.inc.ReviewStates(ctx, f.analyst); err != nil || len(states) != 1 || states[inc.ID] {
			t.Errorf("the trust's review states: %v %v", states, err)
		}
		if _, err := f.inc.SaveReview(ctx, f.practice, inc.ID, good); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice wrote the review: %v", err)
		}
		if _, err := f.inc.SignOffReview(ctx, f.practice, inc.ID); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice signed the review off: %v", err)
		}
		if _, err := f.inc.AddReviewAction(ctx, f.practice, inc.ID, incident.ActionDraft{Summary: "x", OwnerID: f.cso.Person(), Due: time.Now()}); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice added an action: %v", err)
		}

		if _, err := f.inc.AddReviewAction(ctx, f.analyst, inc.ID, incident.ActionDraft{Summary: "Call them", OwnerID: "nobody", Due: time.Now()}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("an action owned by nobody: %v", err)
		}
		a, err := f.inc.AddReviewAction(ctx, f.analyst, inc.ID, incident.ActionDraft{Summary: "Update the phone list", OwnerID: f.cso.Person(), Due: time.Now().AddDate(0, 0, -2)})
		if err != nil || a.OwnerName != "Martin Ellis" {
			t.Fatalf("the action: %+v %v", a, err)
		}
		if err := f.inc.CompleteReviewAction(ctx, f.practice, inc.ID, a.ID); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice completed the trust's action: %v", err)
		}

		system := vigil.SystemScope(f.analyst.Org(), "test", []vigil.Role{vigil.SecurityAnalyst})
		if _, err := f.inc.SignOffReview(ctx, system, inc.ID); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("Vigil itself signed the review off: %v", err)
		}
		r, err := f.inc.SignOffReview(ctx, f.analyst, inc.ID)
		if err != nil || r.SignedOffBy != "Aisha Begum" || !r.SignedOff() || len(r.Actions) != 1 || !r.Actions[0].Overdue(time.Now()) {
			t.Fatalf("signed off: %+v %v", r, err)
		}
		if _, err := f.inc.SignOffReview(ctx, f.analyst, inc.ID); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("signed off twice: %v", err)
		}
		if r, err = f.inc.SaveReview(ctx, f.analyst, inc.ID, good); err != nil || r.SignedOff() {
			t.Errorf("a changed review kept its sign-off: %+v %v", r, err)
		}
		if _, err := f.inc.AddReviewHazard(ctx, f.analyst, inc.ID); err == nil {
			t.Error("a hazard was added with no hazard log connected")
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM audit_events WHERE entity_type IN ('incident-review', 'incident-review-action') AND org_id = $1`, f.analyst.OrgID).Scan(&n); err != nil || n != 4 {
			t.Errorf("audit rows of the review: %d %v, want written, action, signed off, changed", n, err)
		}
	})
}
