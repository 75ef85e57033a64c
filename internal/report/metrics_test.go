package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

func TestMetricsCountReportsReportersAndFeedback(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWorld(t, db, true)
		phish := sample(t, "phish-password-expiry.eml")
		first := w.reportEmail(t, w.nurse, phish)
		w.reportEmail(t, w.doctor, phish)
		w.reportEmail(t, w.doctor, sample(t, "phish-safelinks-rota.eml"))
		anon, _ := w.journey.StartDraft(ctx, w.nurse, report.Other)
		if _, err := w.journey.SaveDetails(ctx, w.nurse, anon.ID, map[string][]string{"what": {"Someone asked for the door code."}}); err != nil {
			t.Fatal(err)
		}
		if err := w.journey.SetAnonymous(ctx, w.nurse, anon.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.journey.Send(ctx, w.nurse, anon.ID); err != nil {
			t.Fatal(err)
		}
		w.journey.StartDraft(ctx, w.doctor, report.Email) // drafts do not count
		if _, err := w.triage.DecideCampaign(ctx, w.analyst, first.CampaignID, report.Malicious, ""); err != nil {
			t.Fatal(err)
		}

		m, err := w.triage.Metrics(ctx, w.analyst, 4, store.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Weeks) != 4 || m.Weeks[3].Total != 4 || m.Weeks[3].ByKind[0] != 3 || m.Weeks[0].Total != 0 {
			t.Errorf("weeks: %+v", m.Weeks)
		}
		if m.From.Weekday() != time.Monday || m.To.Sub(m.From) != 4*7*24*time.Hour {
			t.Errorf("window %v to %v is not four whole weeks", m.From, m.To)
		}
		if m.Reports != 4 || m.Anonymous != 1 || m.UniqueReporters != 2 || m.Decided != 2 {
			t.Errorf("counts: %d reports, %d anonymous, %d reporters, %d decided", m.Reports, m.Anonymous, m.UniqueReporters, m.Decided)
		}
		// The nurse heard back on her only named report; the doctor is waiting on one of two.
		if m.ReportersHeardBack != 1 || m.FeedbackShare != 0.5 {
			t.Errorf("heard back: %d (%v)", m.ReportersHeardBack, m.FeedbackShare)
		}
		if len(m.Campaigns) != 2 || m.Campaigns[0].ID != first.CampaignID || m.Campaigns[0].Reporters != 2 || m.ReportersPerCampaign != 1.5 {
			t.Errorf("campaign reach: %+v mean %v", m.Campaigns, m.ReportersPerCampaign)
		}
		if m.HasClickers {
			t.Error("a reporters-to-clickers ratio without any simulation")
		}
		// A window that ended before the reports counts none of them.
		old, err := w.triage.Metrics(ctx, w.analyst, 2, store.Now().AddDate(0, 0, -21))
		if err != nil || old.Reports != 0 {
			t.Errorf("old window: %d reports (%v)", old.Reports, err)
		}
	})
}
