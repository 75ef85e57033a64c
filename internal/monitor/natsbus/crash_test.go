package natsbus_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/monitor/natsbus"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// shortAckWait makes alerts held by a dead worker come back within the test.
const shortAckWait = 2 * time.Second

// work runs a worker on its own connection until the test ends.
func work(t *testing.T, cfg natsbus.Config, m *monitor.Monitor) {
	t.Helper()
	cfg.AckWait = shortAckWait
	b, err := natsbus.Connect(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Work(ctx, m, 100, 50*time.Millisecond) }()
	t.Cleanup(func() { cancel(); <-done; b.Close() })
}

// TestAWorkerCrashesBeforeItsAcknowledgement: a node takes a batch off the
// stream, commits half of it, and its connection drops before it
// acknowledges anything, as when the process is killed. Another node gets the
// whole batch again once the acknowledgement time has passed, and every
// alert is stored exactly once: the half already committed is dropped by the
// database's dedup key.
func TestAWorkerCrashesBeforeItsAcknowledgement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		bus, cfg := connect(t)
		f := newFixture(t, db)
		f.mon.UseBus(bus)
		const total, taken, committed = 1000, 300, 150
		if got, err := f.mon.Ingest(context.Background(), f.sender, "Wazuh", alerts(0, total)); err != nil || got.Accepted != total {
			t.Fatalf("publish: %+v %v", got, err)
		}

		nc, err := nats.Connect(cfg.URL)
		if err != nil {
			t.Fatal(err)
		}
		js, err := jetstream.New(nc)
		if err != nil {
			t.Fatal(err)
		}
		cons, err := js.CreateOrUpdateConsumer(context.Background(), cfg.Stream, jetstream.ConsumerConfig{
			Durable: cfg.Durable, AckPolicy: jetstream.AckExplicitPolicy, AckWait: shortAckWait, MaxAckPending: 800})
		if err != nil {
			t.Fatal(err)
		}
		msgs, err := cons.Fetch(taken, jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		var envs []monitor.Envelope
		for msg := range msgs.Messages() {
			var e monitor.Envelope
			if err := json.Unmarshal(msg.Data(), &e); err != nil {
				t.Fatal(err)
			}
			envs = append(envs, e)
		}
		if len(envs) != taken {
			t.Fatalf("the doomed worker took %d alerts, want %d", len(envs), taken)
		}
		if _, err := f.mon.StoreEnvelopes(context.Background(), envs[:committed]); err != nil {
			t.Fatal(err)
		}
		nc.Close() // killed: nothing acknowledged
		if n := f.stored(t); n != committed {
			t.Fatalf("before the other worker: %d stored, want %d", n, committed)
		}

		work(t, cfg, f.mon)
		waitFor(t, "every alert stored", func() bool { return f.stored(t) >= total })
		waitFor(t, "the stream to empty", func() bool { n, err := bus.Pending(context.Background()); return err == nil && n == 0 })
		if n := f.stored(t); n != total {
			t.Errorf("stored %d alerts, want exactly %d", n, total)
		}
	})
}

// TestAlertsWaitWhileTheDatabaseFails: while the database refuses the
// worker's writes (here the alerts table is briefly away), nothing is
// acknowledged and the alerts stay on the stream; once it answers again,
// the redelivered alerts are stored, each once.
func TestAlertsWaitWhileTheDatabaseFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		bus, cfg := connect(t)
		f := newFixture(t, db)
		f.mon.UseBus(bus)
		ctx := context.Background()
		if _, err := db.Exec(ctx, `ALTER TABLE alerts RENAME TO alerts_away`); err != nil {
			t.Fatal(err)
		}
		work(t, cfg, f.mon)
		const total = 500
		if got, err := f.mon.Ingest(ctx, f.sender, "Wazuh", alerts(0, total)); err != nil || got.Accepted != total {
			t.Fatalf("publish: %+v %v", got, err)
		}
		// Long enough for the worker to try, fail and be given the alerts again.
		time.Sleep(1500 * time.Millisecond)
		if n, err := bus.Pending(ctx); err != nil || n != total {
			t.Fatalf("while the database fails: %d alerts on the stream (%v), want all %d", n, err, total)
		}
		if delivered := deliveries(t, cfg); delivered < total {
			t.Fatalf("the worker was given %d alerts while the database failed: the test proves nothing", delivered)
		}
		if _, err := db.Exec(ctx, `ALTER TABLE alerts_away RENAME TO alerts`); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "every alert stored", func() bool { return f.stored(t) >= total })
		waitFor(t, "the stream to empty", func() bool { n, err := bus.Pending(ctx); return err == nil && n == 0 })
		if n := f.stored(t); n != total {
			t.Errorf("stored %d alerts, want exactly %d", n, total)
		}
	})
}

// deliveries is how many times the workers' consumer has handed out alerts,
// counting redeliveries.
func deliveries(t *testing.T, cfg natsbus.Config) uint64 {
	t.Helper()
	nc, err := nats.Connect(cfg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := js.Consumer(context.Background(), cfg.Stream, cfg.Durable)
	if err != nil {
		t.Fatal(err)
	}
	info, err := cons.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.Delivered.Consumer
}
