package alerttest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
	"github.com/vigil-health/vigil/internal/alert/format"
)

// Every generated record decodes in its format, keeps the alert promises,
// has its own dedup key across batches, formats and runs, and about half
// name servers of the demo care map.
func TestBatchDecodesInEveryFormat(t *testing.T) {
	keys := map[string]bool{}
	for _, f := range []alert.Format{alert.Wazuh, alert.ECS, alert.OCSF, alert.Generic} {
		onMap := 0
		for n, run := range []string{"a", "a", "b"} {
			body := alerttest.Batch(f, run, n%2*60, 60)
			batch, err := format.Read(context.Background(), bytes.NewReader(body), format.Options{Format: f, Received: time.Now()},
				func(a alert.Alert) error {
					if bad := alerttest.Check(a); len(bad) > 0 {
						t.Errorf("%s: %v", f, bad)
					}
					if keys[a.DedupKey] {
						t.Errorf("%s: dedup key %s twice", f, a.DedupKey)
					}
					keys[a.DedupKey] = true
					for _, o := range a.Observables {
						if (o.Kind == alert.Hostname || o.Kind == alert.AgentName) && (o.Value == "epr-app-01" || o.Value == "dc-01" || o.Value == "tie-01") {
							onMap++
						}
					}
					return nil
				})
			if err != nil || len(batch.Rejected) > 0 {
				t.Fatalf("%s: %v %+v", f, err, batch.Rejected)
			}
		}
		if onMap != 90 {
			t.Errorf("%s: %d of 180 alerts on named servers, want 90", f, onMap)
		}
	}
}
