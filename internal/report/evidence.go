package report

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Triage offers the reporting culture to the self-assessment (CAF B6.a,
// culture) and the board: how many people report, and how fast they hear
// back. It reads the same Metrics the triage pages show.
var _ evidence.Source = (*Triage)(nil)

// cultureWeeks is the window the figures cover.
const cultureWeeks = 4

// Evidence says what the reporting figures show for B6.a.
func (s *Triage) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	m, err := s.Metrics(ctx, scope, cultureWeeks, now)
	if err != nil {
		return nil, err
	}
	if m.Reports == 0 {
		return []evidence.Item{{Outcome: "B6.a", Summary: fmt.Sprintf("No staff reports of suspicious activity in the last %d weeks.", cultureWeeks),
			Link: "/triage/metrics", LinkNeeds: vigil.TriageReports, At: now}}, nil
	}
	summary := fmt.Sprintf("In the last %d weeks, %d people made %d reports of suspicious activity; %d were judged, with a median of %s from report to feedback, and %.0f%% of the people who reported heard back on everything they reported.",
		cultureWeeks, m.UniqueReporters, m.Reports, m.Decided, hoursWords(m.MedianTimeToVerdict), 100*m.FeedbackShare)
	return []evidence.Item{{Outcome: "B6.a", Summary: summary, Link: "/triage/metrics", LinkNeeds: vigil.TriageReports, At: now}}, nil
}

// Measures are the reporting culture's figures for the board.
func (s *Triage) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	m, err := s.Metrics(ctx, scope, cultureWeeks, now)
	if err != nil {
		return nil, err
	}
	out := []evidence.Measure{
		{Key: "reports.count", Label: fmt.Sprintf("Reports of suspicious activity in the last %d weeks", cultureWeeks), Value: float64(m.Reports),
			Unit: "reports", Better: evidence.HigherIsBetter, Link: "/triage/metrics", LinkNeeds: vigil.TriageReports},
		{Key: "reports.reporters", Label: fmt.Sprintf("People who reported in the last %d weeks", cultureWeeks), Value: float64(m.UniqueReporters),
			Unit: "people", Better: evidence.HigherIsBetter, Link: "/triage/metrics", LinkNeeds: vigil.TriageReports},
		{Key: "reports.heard-back", Label: "Reporters who heard back on everything they reported", Value: 100 * m.FeedbackShare,
			Unit: "%", Better: evidence.HigherIsBetter, Link: "/triage/metrics", LinkNeeds: vigil.TriageReports},
	}
	if m.Decided > 0 {
		out = append(out, evidence.Measure{Key: "reports.time-to-feedback", Label: "Median time from report to feedback",
			Value: m.MedianTimeToVerdict.Hours(), Unit: "hours", Better: evidence.LowerIsBetter, Link: "/triage/metrics", LinkNeeds: vigil.TriageReports})
	}
	return out, nil
}

func hoursWords(d time.Duration) string {
	if d < time.Hour {
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
	return fmt.Sprintf("%.1f hours", d.Hours())
}
