package notify_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// BenchmarkTick is one round of the worker on SQLite for an organisation
// with 10 rules after a burst: 500 serious alerts in 100 new groups
// arrived since the last round (500 is what one round reads per rule), and
// each rule pages each group once: 1,000 notifications, each with its
// e-mail queued and audited, and the first 100 e-mails sent.
func BenchmarkTick(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b, storetest.SQLite(b), nil)
	for i := range 10 {
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: fmt.Sprintf("Rule %d", i), Subject: notify.Alerts, MinPriority: 1,
			WebhookID: "", EmailOnCall: true}); err != nil {
			b.Fatal(err)
		}
	}
	round := 0
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		var lines strings.Builder
		for i := range 500 {
			fmt.Fprintf(&lines, `{"id":"r%d-%d","severity":"critical","title":"Scan %d","hostnames":["host-%d-%d"]}`+"\n", round, i, i%100, round, i%100)
		}
		f.ingest(b, lines.String())
		round++
		now := store.Now().Add(time.Duration(round) * time.Second)
		b.StartTimer()
		res, err := f.svc.Tick(ctx, now)
		if err != nil {
			b.Fatal(err)
		}
		if res.Paged != 10*100 || res.Sent != 100 {
			b.Fatalf("paged %d and sent %d, want %d and 100", res.Paged, res.Sent, 10*100)
		}
	}
}
