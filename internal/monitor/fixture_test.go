package monitor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// fixture is the demo trust with its care map, a GP practice without one,
// and the people and tokens that use alerts in each.
type fixture struct {
	db       *store.DB
	orgs     *org.Store
	maps     *mapstore.Store
	ranks    *impact.Cache
	mon      *monitor.Monitor
	analyst  vigil.Scope // security analyst of the trust
	nurse    vigil.Scope // staff of the trust
	wazuh    vigil.Scope // the trust's Wazuh token, allowed to send alerts only
	practice vigil.Scope // security analyst of the GP practice
	centre   vigil.Scope // national centre analyst
	trust    org.Organisation
}

func newFixture(t testing.TB, db *store.DB, opt monitor.Options) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice, centre := add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice), add("NCSC1", org.NationalCentre)
	maps := mapstore.New(db)
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maps.Replace(ctx, trust.System("test"), m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	ranks := impact.NewCache(4)
	f := fixture{db: db, orgs: orgs, maps: maps, ranks: ranks, trust: trust,
		mon:      monitor.New(db, maps, ranks, nil, opt),
		analyst:  vigil.PersonScope(trust.Ref(), "u-analyst", "Aisha Begum", "aisha@example.nhs.uk", []vigil.Role{vigil.Staff, vigil.SecurityAnalyst}),
		nurse:    vigil.PersonScope(trust.Ref(), "u-nurse", "Grace Okafor", "grace@example.nhs.uk", []vigil.Role{vigil.Staff}),
		wazuh:    vigil.TokenScope(trust.Ref(), "t-wazuh", "Wazuh manager", "u-admin", []vigil.Permission{vigil.WriteAlerts}),
		practice: vigil.PersonScope(practice.Ref(), "u-gp", "Ann Lee", "ann@example.nhs.uk", []vigil.Role{vigil.Staff, vigil.SecurityAnalyst}),
		centre:   vigil.PersonScope(centre.Ref(), "u-centre", "Sam Carter", "sam@example.gov.uk", []vigil.Role{vigil.Staff, vigil.CentralAnalyst}),
	}
	return f
}

// run starts the batch writer for the test.
func (f fixture) run(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.mon.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// read decodes an NDJSON body of the generic shape as the API does.
func read(t *testing.T, body string) []alert.Alert {
	t.Helper()
	var out []alert.Alert
	b, err := format.Read(context.Background(), strings.NewReader(body), format.Options{Format: alert.Generic, Received: time.Date(2026, 11, 29, 21, 0, 0, 0, time.UTC)},
		func(a alert.Alert) error { out = append(out, a); return nil })
	if err != nil || len(b.Rejected) > 0 {
		t.Fatalf("read alerts: %v %+v", err, b.Rejected)
	}
	return out
}

// generic writes one alert of the generic shape.
func generic(id, severity, title, host string) string {
	return fmt.Sprintf(`{"id":%q,"time":"2026-11-29T20:15:00Z","severity":%q,"title":%q,"rule":{"id":"r-%s"},"hostnames":[%q]}`+"\n", id, severity, title, id, host)
}
