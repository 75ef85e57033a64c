package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// TestVulnFeedsCSAFProviderRefusals: when a national centre's CSAF provider feed refused
// documents, an analyst in a trust sees on the uploads page which documents, and why,
// under that feed.
func TestVulnFeedsCSAFProviderRefusals(t *testing.T) {
	for _, e := range []apptest.Engine{apptest.SQLite, apptest.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			a := apptest.StartWith(t, e, nil)
			ctx := context.Background()
			central, _, err := a.Operator(ctx, "CSOC")
			if err != nil {
				t.Fatal(err)
			}
			sc := central.System("scheduled feed refresh")
			const feed = "csaf:https://psirt.example/.well-known/csaf/provider-metadata.json"
			at := time.Now().UTC().Add(-time.Hour)
			src := findings.FeedSource{Kind: findings.Advisories, URL: feed, Checked: at, Succeeded: at, Every: 24 * time.Hour,
				LastResult: "CSAF provider: 3 documents listed, 3 changed since the last run; 1 imported (2 advisories: 2 new, 0 updated, 0 unchanged), 2 refused."}
			if err := a.Vulns.RecordFetch(ctx, sc, src); err != nil {
				t.Fatal(err)
			}
			refused := []findings.Refusal{
				{DocumentURL: "https://psirt.example/.well-known/csaf/white/2026/psirt-2026-0007.json", At: at,
					Reason: "Refused: its SHA-512 hash is 00aa, but https://psirt.example/.well-known/csaf/white/2026/psirt-2026-0007.json.sha512 says 11bb: the document is not what the provider published"},
				{DocumentURL: "https://psirt.example/.well-known/csaf/white/2026/psirt-2026-0009.json", At: at,
					Reason: "Not imported: it is TLP:AMBER, and Vigil imports only TLP:WHITE (TLP:CLEAR) because what it imports is shared."},
			}
			if err := a.Vulns.RecordRefusals(ctx, sc, feed, refused, nil); err != nil {
				t.Fatal(err)
			}
			page := apptest.Text(a.SignIn(t, apptest.Analyst).Get("/vulnerabilities/uploads").Body)
			for _, want := range []string{"Advisories (for every organisation) " + feed + " Working",
				"1 imported (2 advisories: 2 new", "2 documents not imported",
				"psirt-2026-0007.json", "Refused: its SHA-512 hash is 00aa", "the document is not what the provider published",
				"psirt-2026-0009.json", "Not imported: it is TLP:AMBER"} {
				if !strings.Contains(page, want) {
					t.Errorf("the uploads page does not say %q:\n%s", want, page)
				}
			}
		})
	}
}
