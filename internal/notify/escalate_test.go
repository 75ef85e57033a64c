package notify_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// onCallRule sets a weekly rota of Aisha then Ben, with Aisha's week
// running, and a rule that e-mails whoever is on call about incidents and
// wants an acknowledgement within 15 minutes.
func (f *fixture) onCallRule(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.SetRota(ctx, f.analyst, notify.RotaDraft{ShiftHours: 168, StartsAt: f.clock.now().Add(-time.Hour), UserIDs: []string{f.aishaID, f.benID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Patients at risk", Subject: notify.Incidents, MinPriority: 15, EmailOnCall: true, AckMinutes: 15}); err != nil {
		t.Fatal(err)
	}
}

func timelineKinds(t *testing.T, f *fixture, id string) (kinds []incident.EventKind, text string) {
	t.Helper()
	events, err := f.inc.Timeline(context.Background(), f.analyst, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		kinds = append(kinds, e.Kind)
		text += e.Summary + "\n"
	}
	return kinds, text
}

func TestUnacknowledgedIncidentEscalatesToTheNextPersonThenTheCentre(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		inc := f.openIncident(t)
		f.clock.set(store.Now())

		f.tick(t, 0)
		if got := f.mail.take(); !slices.Equal(got, []string{`"Aisha Begum" <aisha@trust.example>`}) {
			t.Fatalf("first e-mail to %v, want Aisha, who is on call", got)
		}
		f.tick(t, 14*time.Minute)
		if got := f.mail.take(); len(got) != 0 {
			t.Fatalf("e-mailed %v before the 15 minutes were up", got)
		}
		f.tick(t, 15*time.Minute)
		if got := f.mail.take(); !slices.Equal(got, []string{`"Ben Carter" <ben@trust.example>`}) {
			t.Fatalf("escalation to %v, want Ben, next on the rota", got)
		}
		f.tick(t, 29*time.Minute)
		if got := f.mail.take(); len(got) != 0 {
			t.Fatalf("e-mailed %v before Ben's 15 minutes were up", got)
		}
		f.tick(t, 30*time.Minute)
		if got := f.mail.take(); !slices.Equal(got, []string{`"Dana Duty" <duty@csoc.example>`}) {
			t.Fatalf("escalation to %v, want the national centre's analyst", got)
		}
		f.tick(t, 3*time.Hour)
		if got := f.mail.take(); len(got) != 0 {
			t.Fatalf("e-mailed %v after the centre was told: nothing is beyond it", got)
		}
		pages, err := f.svc.Pages(ctx, f.analyst, notify.PageFilter{IncidentID: inc.ID})
		if err != nil || len(pages) != 1 || pages[0].Step != notify.StepCentre || pages[0].Acknowledged() {
			t.Fatalf("pages %+v, %v", pages, err)
		}
		kinds, text := timelineKinds(t, f, inc.ID)
		if !slices.Contains(kinds, incident.Paged) || strings.Count(text, "Not acknowledged in time") != 2 ||
			!strings.Contains(text, "escalated to Ben Carter (next on the rota)") || !strings.Contains(text, "escalated to the national centre") {
			t.Errorf("timeline:\n%s", text)
		}
		events, err := audit.NewStore(db).List(ctx, f.trust.System("test"), "", 200)
		if err != nil {
			t.Fatal(err)
		}
		escalations := 0
		for _, e := range events {
			if e.Action == "escalate" && e.EntityType == "incident" && e.EntityID == inc.ID {
				escalations++
			}
		}
		if escalations != 2 {
			t.Errorf("%d escalations audited, want 2", escalations)
		}
	})
}

func TestAcknowledgingStopsTheEscalation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		inc := f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		f.mail.take()
		f.clock.set(f.clock.now().Add(10 * time.Minute))
		n, err := f.svc.AcknowledgeIncident(ctx, f.analyst, inc.ID)
		if err != nil || n != 1 {
			t.Fatalf("acknowledged %d, %v", n, err)
		}
		if _, err := f.svc.AcknowledgeIncident(ctx, f.analyst, inc.ID); vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("second acknowledgement: %v, want nothing waiting", err)
		}
		f.tick(t, time.Hour)
		if got := f.mail.take(); len(got) != 0 {
			t.Errorf("e-mailed %v after Aisha acknowledged", got)
		}
		kinds, text := timelineKinds(t, f, inc.ID)
		if !slices.Contains(kinds, incident.Acknowledged) || !strings.Contains(text, "Aisha Begum acknowledged") || strings.Contains(text, "Not acknowledged") {
			t.Errorf("timeline:\n%s", text)
		}
	})
}

func TestNobodyOnCallGoesStraightToTheNextInLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		// No rota at all: the centre is told at once.
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "All", Subject: notify.Both, MinPriority: 1, EmailOnCall: true, AckMinutes: 5}); err != nil {
			t.Fatal(err)
		}
		f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		if got := f.mail.take(); !slices.Equal(got, []string{`"Dana Duty" <duty@csoc.example>`}) {
			t.Errorf("with no rota, e-mailed %v, want the national centre", got)
		}
	})
}

func TestAlertGroupIsPagedOnceAndByService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		if _, err := f.svc.SetRota(ctx, f.analyst, notify.RotaDraft{ShiftHours: 24, StartsAt: f.clock.now().Add(-time.Hour), UserIDs: []string{f.benID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Emergency department", Subject: notify.Alerts, MinPriority: 8, ServiceID: "ed", EmailOnCall: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Some other service", Subject: notify.Alerts, MinPriority: 1, ServiceID: "nope", EmailOnCall: true}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("a service not in the care map: %v", err)
		}
		f.ingest(t, `{"id":"a1","severity":"critical","title":"Ransomware note found","hostnames":["epr-app-01"]}`+"\n"+
			`{"id":"a2","severity":"critical","title":"Ransomware note found","hostnames":["epr-app-01"]}`+"\n"+
			// Serious too, but on a machine not in the care map: no service to match.
			`{"id":"a3","severity":"critical","title":"Port scan","hostnames":["unknown-host-9"]}`+"\n")
		f.clock.set(store.Now())
		if res := f.tick(t, 0); res.Paged != 1 {
			t.Errorf("paged %d, want the one group on the record system", res.Paged)
		}
		if got := f.mail.take(); !slices.Equal(got, []string{`"Ben Carter" <ben@trust.example>`}) {
			t.Errorf("e-mailed %v, want Ben once", got)
		}
		f.tick(t, time.Minute)
		if got := f.mail.take(); len(got) != 0 {
			t.Errorf("e-mailed %v again", got)
		}
	})
}

func TestSwitchedOffPersonIsPassedOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		f.onCallRule(t)
		if _, err := f.orgs.UpdateUser(ctx, f.trust.System("test"), f.aishaID, org.PersonDetails{Email: "aisha@trust.example", Name: "Aisha Begum",
			JobRole: "it-digital", Roles: []string{"staff", "security-analyst"}, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		if got := f.mail.take(); !slices.Equal(got, []string{`"Ben Carter" <ben@trust.example>`}) {
			t.Errorf("with Aisha switched off, e-mailed %v, want Ben", got)
		}
	})
}

// TestAFloodIsWorkedThroughNotReread: more serious alerts arrive at once
// than one round reads; the next round reads on from where the last stopped,
// so every group is notified once and none is missed.
func TestAFloodIsWorkedThroughNotReread(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Everything", Subject: notify.Alerts, MinPriority: 1, EmailOnCall: true}); err != nil {
			t.Fatal(err)
		}
		var lines strings.Builder
		for i := range monitor.MaxSerious + 100 {
			fmt.Fprintf(&lines, `{"id":"f%d","severity":"critical","title":"Scan","hostnames":["host-%d"]}`+"\n", i, i)
		}
		f.ingest(t, lines.String())
		f.clock.set(store.Now())
		first := f.tick(t, time.Second)
		second := f.tick(t, 2*time.Second)
		third := f.tick(t, 3*time.Second)
		if first.Paged != monitor.MaxSerious || second.Paged != 100 || third.Paged != 0 {
			t.Errorf("paged %d, %d, %d; want %d, 100, 0", first.Paged, second.Paged, third.Paged, monitor.MaxSerious)
		}
	})
}
