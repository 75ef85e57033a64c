package progress

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Training offers the self-assessment its evidence for B6.b (cyber
// security training) and the board its coverage figures.

var _ evidence.Source = (*Service)(nil)

// CoveragePage is where the figures come from.
const CoveragePage = "/training/coverage"

// Evidence says how far staff have done the training their job role needs.
func (s *Service) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	cov, err := s.coverage(ctx, scope, now)
	if err != nil || cov.People == 0 {
		return nil, err
	}
	target := "short of"
	if cov.MeetsTarget() {
		target = "meeting"
	}
	summary := fmt.Sprintf("%d%% of staff (%d of %d) are up to date with the cyber security lessons their job role needs in the training needs analysis; %d%% completed them in the last %d months, %s the %d%% measure. %d people have a lesson overdue.",
		cov.Percent(), cov.UpToDate, cov.People, cov.MeasurePercent(), MeasureMonths, target, TargetPercent, cov.Overdue)
	return []evidence.Item{{Outcome: "B6.b", Summary: summary, Link: CoveragePage, At: now}}, nil
}

// Measures are the training figures for the board.
func (s *Service) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	cov, err := s.coverage(ctx, scope, now)
	if err != nil || cov.People == 0 {
		return nil, err
	}
	return []evidence.Measure{
		{Key: "training.up-to-date", Label: "Staff up to date with their cyber security training", Value: float64(cov.Percent()),
			Unit: "%", Better: evidence.HigherIsBetter, Link: CoveragePage},
		{Key: "training.12-months", Label: fmt.Sprintf("Staff who completed their training in the last %d months (target %d%%)", MeasureMonths, TargetPercent),
			Value: float64(cov.MeasurePercent()), Unit: "%", Better: evidence.HigherIsBetter, Link: CoveragePage, Target: TargetPercent},
		{Key: "training.overdue", Label: "Staff with a training lesson overdue", Value: float64(cov.Overdue),
			Unit: "people", Better: evidence.LowerIsBetter, Link: CoveragePage},
	}, nil
}
