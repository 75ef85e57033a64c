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
// has its own dedup key across batches, and names a host.
func TestBatchDecodesInEveryFormat(t *testing.T) {
	for _, f := range []alert.Format{alert.Wazuh, alert.ECS, alert.OCSF, alert.Generic} {
		keys := map[string]bool{}
		onMap := 0
		for n := range 2 {
			body := alerttest.Batch(f, n*60, 60)
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
		if len(keys) != 120 || onMap != 60 {
			t.Errorf("%s: %d distinct alerts, %d on named hosts; want 120 and 60", f, len(keys), onMap)
		}
	}
}
