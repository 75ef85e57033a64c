package incident_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type fixture struct {
	mon      *monitor.Monitor
	inc      *incident.Incidents
	analyst  vigil.Scope
	cso      vigil.Scope
	practice vigil.Scope
	alertID  string
}

// newFixture is the demo trust with its care map and a Clinical Safety
// Officer, a GP practice, and one alert from the trust's record server.
func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice := add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice)
	u, err := orgs.CreateUser(ctx, trust.System("test"), org.PersonDetails{Email: "cso@trust.example", Name: "Martin Ellis", JobRole: "doctor", Roles: []string{"staff", "clinical-safety-officer"}})
	if err != nil {
		t.Fatal(err)
	}
	maps := mapstore.New(db)
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maps.Replace(ctx, trust.System("test"), m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	ranks := impact.NewCache(4)
	mon := monitor.New(db, maps, ranks, nil, monitor.Options{})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { mon.Run(runCtx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	f := fixture{mon: mon, inc: incident.New(db, maps, orgs, mon, nil),
		analyst:  vigil.PersonScope(trust.Ref(), "u-analyst", "Aisha Begum", "", []vigil.Role{vigil.Staff, vigil.SecurityAnalyst}),
		cso:      vigil.PersonScope(trust.Ref(), u.ID, "Martin Ellis", "", []vigil.Role{vigil.Staff, vigil.ClinicalSafetyOfficer}),
		practice: vigil.PersonScope(practice.Ref(), "u-gp", "Ann Lee", "", []vigil.Role{vigil.Staff, vigil.SecurityAnalyst}),
	}
	var alerts []alert.Alert
	body := `{"id":"x1","severity":"critical","title":"Ransomware note found","hostnames":["epr-app-01"]}` + "\n" +
		`{"id":"x2","severity":"high","title":"Ransomware note found","hostnames":["epr-app-01"]}` + "\n"
	if _, err := format.Read(ctx, strings.NewReader(body), format.Options{Format: alert.Generic}, func(a alert.Alert) error { alerts = append(alerts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := mon.Ingest(ctx, f.analyst, "Defender", alerts); err != nil {
		t.Fatal(err)
	}
	q, err := mon.Queue(ctx, f.analyst, 0)
	if err != nil || len(q) != 1 {
		t.Fatalf("queue: %v %d", err, len(q))
	}
	f.alertID = q[0].Lead.ID
	return f
}

func TestOpenIncidentFromAnAlert(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		inc, err := f.inc.Open(ctx, f.analyst, incident.Draft{Playbook: "ransomware", Severity: alert.Critical, AlertIDs: []string{f.alertID}})
		if err != nil {
			t.Fatal(err)
		}
		if inc.Code() != "INC-001" || inc.Title != "Ransomware" || len(inc.AssetIDs) != 1 || inc.AssetIDs[0] != "epr" {
			t.Errorf("incident %s %q on %v", inc.Code(), inc.Title, inc.AssetIDs)
		}
		c := inc.Continuity
		if len(c.Services) == 0 || c.Services[0].Procedure == "" || c.Services[0].Risk < 4 || !strings.Contains(c.Assumed, "14 days") {
			t.Errorf("continuity %+v", c)
		}
		if len(c.Tell) != 1 || c.Tell[0] != "Martin Ellis (Clinical Safety Officer)" {
			t.Errorf("who to tell: %v", c.Tell)
		}
		linked, err := f.mon.OfIncident(ctx, f.analyst, inc.ID)
		if err != nil || len(linked) != 2 {
			t.Fatalf("linked alerts: %d (%v), want the whole group of 2", len(linked), err)
		}
		if q, _ := f.mon.Queue(ctx, f.analyst, 0); len(q) != 0 {
			t.Errorf("alerts in an incident still in the queue: %d", len(q))
		}
		tasks, err := f.inc.Tasks(ctx, f.analyst, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := incident.PlaybookByID("ransomware")
		if len(tasks) != len(p.Security)+len(p.Clinical) || tasks[len(tasks)-1].Side != incident.Clinical {
			t.Errorf("tasks %+v", tasks)
		}
		if err := f.inc.CompleteTask(ctx, f.analyst, inc.ID, tasks[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.inc.CompleteTask(ctx, f.analyst, inc.ID, tasks[0].ID); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("a task done twice: %v", err)
		}
		confirmed, err := f.inc.ConfirmedIncidents(ctx, f.cso)
		if err != nil || len(confirmed) != 0 {
			t.Errorf("an incident under investigation offered as confirmed: %v %v", confirmed, err)
		}
		next := time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC)
		if _, err := f.inc.Record(ctx, f.analyst, inc.ID, incident.Update{Note: "Isolated the record servers", IsAction: true, Status: incident.Contained, NextUpdate: next}); err != nil {
			t.Fatal(err)
		}
		got, err := f.inc.Get(ctx, f.analyst, inc.ID)
		if err != nil || got.Status != incident.Contained || !got.NextUpdate.Equal(next) {
			t.Errorf("after update: %+v %v", got, err)
		}
		timeline, err := f.inc.Timeline(ctx, f.analyst, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range timeline {
			kinds = append(kinds, string(e.Kind))
		}
		if strings.Join(kinds, ",") != "opened,alerts,task,action,status,note" {
			t.Errorf("timeline kinds %v", kinds)
		}
		confirmed, err = f.inc.ConfirmedIncidents(ctx, f.cso)
		if err != nil || len(confirmed) != 1 || confirmed[0].AssetIDs[0] != "epr" {
			t.Errorf("confirmed incidents %v %v", confirmed, err)
		}
	})
}

func TestIncidentsBelongToTheirOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		inc, err := f.inc.Open(ctx, f.analyst, incident.Draft{Playbook: "supplier-outage", Severity: alert.High, AssetIDs: []string{"citypath-lims"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.inc.Get(ctx, f.practice, inc.ID); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice read the trust's incident: %v", err)
		}
		if _, err := f.inc.Record(ctx, f.practice, inc.ID, incident.Update{Note: "x"}); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice updated the trust's incident: %v", err)
		}
		if list, err := f.inc.List(ctx, f.practice); err != nil || len(list) != 0 {
			t.Errorf("the practice lists %d incidents (%v)", len(list), err)
		}
		if _, err := f.inc.Open(ctx, f.practice, incident.Draft{Playbook: "ransomware", Severity: alert.High, AlertIDs: []string{f.alertID}}); vigil.CodeOf(err) != vigil.NotFound {
			t.Errorf("the practice opened an incident from the trust's alert: %v", err)
		}
		if _, err := f.inc.Open(ctx, f.cso, incident.Draft{Playbook: "ransomware", Severity: alert.High}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a CSO without incidents:write opened an incident: %v", err)
		}
		if _, err := f.inc.Open(ctx, f.analyst, incident.Draft{Playbook: "nope", Severity: alert.High}); vigil.CodeOf(err) != vigil.Invalid {
			t.Errorf("an unknown playbook: %v", err)
		}
	})
}
