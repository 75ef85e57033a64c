package natsbus_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/monitor/natsbus"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// natsURL is the JetStream server the tests use: VIGIL_TEST_NATS, or the
// default port on this host.
func natsURL() string {
	if u := os.Getenv("VIGIL_TEST_NATS"); u != "" {
		return u
	}
	return "nats://127.0.0.1:4222"
}

// connect opens a bus on a stream of the test's own, deleted when it ends.
func connect(t testing.TB) (*natsbus.Bus, natsbus.Config) {
	t.Helper()
	name := "VIGIL_TEST_" + strings.ToUpper(store.NewID())
	cfg := natsbus.Config{URL: natsURL(), Stream: name, Subject: "vigiltest." + strings.ToLower(name), Durable: "writer"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := natsbus.Connect(ctx, cfg)
	if err != nil {
		t.Skipf("no JetStream server: %v", err)
	}
	t.Cleanup(func() {
		b.DeleteStream(context.Background())
		b.Close()
	})
	return b, cfg
}

type fixture struct {
	db     *store.DB
	mon    *monitor.Monitor
	sender vigil.Scope
	orgID  string
}

func newFixture(t testing.TB, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	o, err := orgs.CreateOrganisation(ctx, org.Organisation{Code: "RXX", Name: "Test trust", Type: org.AcuteTrust})
	if err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, mon: monitor.New(db, mapstore.New(db), impact.NewCache(2), nil, monitor.Options{}), orgID: o.ID,
		sender: vigil.TokenScope(o.Ref(), "t-1", "Wazuh", "", []vigil.Permission{vigil.WriteAlerts})}
}

func alerts(from, n int) []alert.Alert {
	out := make([]alert.Alert, n)
	for i := range out {
		out[i] = alert.Alert{Source: alert.Source{Format: alert.Generic, Tool: "test"}, SourceID: fmt.Sprint(from + i), Severity: alert.Medium,
			Title: "Alert", Received: time.Now(), Raw: []byte(`{"x":1}`)}
		out[i].Finish()
	}
	return out
}

func (f fixture) stored(t testing.TB) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), `SELECT COUNT(*) FROM alerts WHERE org_id = $1`, f.orgID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitFor polls until cond holds or 30 seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestAlertsCrossTheBusOnce publishes a batch twice and stores it once.
func TestAlertsCrossTheBusOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		bus, _ := connect(t)
		f := newFixture(t, db)
		f.mon.UseBus(bus)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- bus.Work(ctx, f.mon, 200, 100*time.Millisecond) }()
		defer func() { cancel(); <-done }()

		batch := alerts(0, 500)
		got, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", batch)
		if err != nil || got != (monitor.Stored{Accepted: 500}) {
			t.Fatalf("first publish: %+v %v", got, err)
		}
		again, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", batch)
		if err != nil || again != (monitor.Stored{Duplicates: 500}) {
			t.Fatalf("second publish: %+v %v, want 500 duplicates", again, err)
		}
		waitFor(t, "500 alerts stored", func() bool { return f.stored(t) == 500 })
		waitFor(t, "the stream to empty", func() bool { n, err := bus.Pending(context.Background()); return err == nil && n == 0 })
		if n := f.stored(t); n != 500 {
			t.Errorf("stored %d alerts, want 500", n)
		}
	})
}

// TestAWorkerDiesMidIngest stops the worker while alerts are still coming
// and starts another: every published alert is stored exactly once.
func TestAWorkerDiesMidIngest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		bus, cfg := connect(t)
		f := newFixture(t, db)
		f.mon.UseBus(bus)
		first, stopFirst := context.WithCancel(context.Background())
		defer stopFirst()
		firstDone := make(chan error, 1)
		go func() { firstDone <- bus.Work(first, f.mon, 100, 50*time.Millisecond) }()

		const batches, size = 20, 250
		for i := range batches {
			if _, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", alerts(i*size, size)); err != nil {
				t.Fatal(err)
			}
			if i == batches/2 {
				stopFirst() // the worker dies with work in flight
				<-firstDone
			}
		}
		if n := f.stored(t); n >= batches*size {
			t.Fatalf("the first worker stored everything (%d) before it stopped: the test proves nothing", n)
		}
		// A new node with its own connection takes over the same durable consumer.
		other, err := natsbus.Connect(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		second, stopSecond := context.WithCancel(context.Background())
		secondDone := make(chan error, 1)
		go func() { secondDone <- other.Work(second, f.mon, 100, 50*time.Millisecond) }()
		defer func() { stopSecond(); <-secondDone }()
		waitFor(t, "every alert stored", func() bool { return f.stored(t) >= batches*size })
		waitFor(t, "the stream to empty", func() bool { n, err := bus.Pending(context.Background()); return err == nil && n == 0 })
		if n := f.stored(t); n != batches*size {
			t.Errorf("stored %d alerts, want exactly %d", n, batches*size)
		}
	})
}
