package notify_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

type countingTransport struct{ calls atomic.Int32 }

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.calls.Add(1)
	return nil, errors.New("the test allows no network")
}

// TestWebhookToAnExampleAddressIsRecordedNotPosted: a webhook at a name
// reserved for examples, as the demo's is, gets its delivery recorded with
// what would have gone, and given up at once with the reason; nothing is
// posted and nothing is retried.
func TestWebhookToAnExampleAddressIsRecordedNotPosted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, nil)
		transport := &countingTransport{}
		f.svc = notify.New(db, f.orgs, mapstore.New(db), f.mon, f.inc, notify.Options{Sender: f.mail, BaseURL: "https://vigil.example",
			Client: &http.Client{Transport: transport}, Clock: f.clock.now})
		hook, _, err := f.svc.CreateWebhook(ctx, f.analyst, "Demo channel", "https://teams.riverside.example/webhooks/x", notify.Teams)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Every incident", Subject: notify.Incidents, MinPriority: 1, WebhookID: hook.ID}); err != nil {
			t.Fatal(err)
		}
		f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		f.tick(t, notify.LongestRetry)
		ds, err := f.svc.Deliveries(ctx, f.analyst, hook.ID)
		if err != nil || len(ds) != 1 {
			t.Fatalf("deliveries %d (%v), want 1", len(ds), err)
		}
		d := ds[0]
		if d.Status != notify.Failed || d.Attempts != 1 || !strings.Contains(d.LastError, "example address") || len(d.Body) == 0 {
			t.Errorf("delivery %s after %d attempts, %q, %d bytes; want given up at once with the reason and the body kept", d.Status, d.Attempts, d.LastError, len(d.Body))
		}
		if n := transport.calls.Load(); n != 0 {
			t.Errorf("Vigil tried to post %d times to an example address", n)
		}
	})
}

func TestExampleHost(t *testing.T) {
	for host, want := range map[string]bool{
		"teams.riverside.example": true, "example": true, "hooks.example.com": true, "example.org.": true, "x.invalid": true, "a.test": true,
		"EXAMPLE.NET": true, "hooks.slack.com": false, "example.com.evil.org": false, "myexample.com": false, "contest": false, "nhs.uk": false,
	} {
		if got := notify.ExampleHost(host); got != want {
			t.Errorf("ExampleHost(%q) = %v, want %v", host, got, want)
		}
	}
}
