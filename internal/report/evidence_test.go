package report_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

func TestReportingCultureIsEvidenceAndBoardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, true)
		phish := sample(t, "phish-password-expiry.eml")
		first := w.reportEmail(t, w.nurse, phish)
		w.reportEmail(t, w.doctor, phish)
		w.reportEmail(t, w.doctor, sample(t, "phish-safelinks-rota.eml"))
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, first.CampaignID, report.Malicious, ""); err != nil {
			t.Fatal(err)
		}
		now := store.Now()
		items, err := w.triage.Evidence(ctx, w.analyst, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Outcome != "B6.a" || !strings.Contains(items[0].Summary, "2 people made 3 reports") ||
			!strings.Contains(items[0].Summary, "50% of the people who reported heard back") {
			t.Errorf("evidence %+v", items)
		}
		ms, err := w.triage.Measures(ctx, w.analyst, now)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]evidence.Measure{}
		for _, m := range ms {
			got[m.Key] = m
		}
		if got["reports.count"].Value != 3 || got["reports.reporters"].Value != 2 || got["reports.heard-back"].Value != 50 {
			t.Errorf("measures %+v", ms)
		}
		if m, ok := got["reports.time-to-feedback"]; !ok || m.Better != evidence.LowerIsBetter || m.Unit != "hours" {
			t.Errorf("time to feedback %+v", m)
		}
		// Another organisation's figures are its own.
		theirs, err := w.triage.Measures(ctx, w.gpAnalyst, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range theirs {
			if m.Key == "reports.count" && m.Value != 0 {
				t.Errorf("the other organisation counts %v reports", m.Value)
			}
		}
	})
}
