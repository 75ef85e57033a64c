package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/monitor/natsbus"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestAlertsThroughJetStream runs Vigil with --nats-url: a POST is answered
// once JetStream holds the alerts, and the node's worker stores them.
func TestAlertsThroughJetStream(t *testing.T) {
	url := os.Getenv("VIGIL_TEST_NATS")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	stream := "VIGIL_APPTEST_" + strings.ToUpper(store.NewID())
	probe, err := natsbus.Connect(context.Background(), natsbus.Config{URL: url, Stream: stream})
	if err != nil {
		t.Skipf("no JetStream server: %v", err)
	}
	t.Cleanup(func() { probe.DeleteStream(context.Background()); probe.Close() })
	a := apptest.StartWith(t, apptest.SQLite, func(c *app.Config) { c.Alerts.NATSURL, c.Alerts.NATSStream = url, stream })
	token := tokenFor(t, a, apptest.TrustCode, vigil.WriteAlerts)
	body := wazuhLine("1714558999.1", "12", "dc-01") + wazuhLine("1714558999.2", "12", "dc-01")
	for _, want := range []int{2, 0} {
		res := a.API(t, token, "POST", "/api/v1/alerts", "application/x-ndjson", strings.NewReader(body))
		var out struct {
			Accepted   int `json:"accepted"`
			Duplicates int `json:"duplicates"`
		}
		if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(res.Body), &out) != nil || out.Accepted != want || out.Accepted+out.Duplicates != 2 {
			t.Fatalf("POST alerts: %d %s, want %d accepted", res.StatusCode, res.Body, want)
		}
	}
	ctx := context.Background()
	o, _ := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		sources, err := a.Alerts.Sources(ctx, o.System("test"))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sources {
			if s.Name == "test" && s.Total == 2 {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the worker did not store the 2 alerts: %+v", sources)
		}
	}
}
