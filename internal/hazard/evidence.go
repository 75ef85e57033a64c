package hazard

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/evidence"
	"github.com/vigil-health/vigil/internal/vigil"
)

// The hazard log offers the self-assessment its evidence for A2.a (risk
// management) and A1.c (decision-making: plans reviewed for clinical
// safety), and the board its open hazards by risk level.

var _ evidence.Source = (*Log)(nil)

// logFigures are the counts both the evidence and the measures use.
type logFigures struct {
	open, closed, high, undesirable, acceptable, overdue, unapproved int
	plansDecided, plansAwaiting                                      int
}

func (l *Log) figures(ctx context.Context, scope vigil.Scope, now time.Time) (logFigures, error) {
	var f logFigures
	hs, err := l.Hazards(ctx, scope)
	if err != nil {
		return f, err
	}
	for _, h := range hs {
		if h.Status == Closed {
			f.closed++
			continue
		}
		f.open++
		switch r := h.Risk(); {
		case r >= 4:
			f.high++
		case r == 3:
			f.undesirable++
		default:
			f.acceptable++
		}
		if h.ReviewDue(now) {
			f.overdue++
		}
		if !h.Approved() {
			f.unapproved++
		}
	}
	err = l.db.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status <> $2 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = $2 THEN 1 ELSE 0 END), 0)
		FROM plan_reviews WHERE org_id = $1 AND starts_at >= $3`, scope.OrgID, Awaiting, now.AddDate(-1, 0, 0)).Scan(&f.plansDecided, &f.plansAwaiting)
	if err != nil {
		return f, fmt.Errorf("count plan reviews: %w", err)
	}
	return f, nil
}

// Evidence says what the hazard log shows for the self-assessment.
func (l *Log) Evidence(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Item, error) {
	f, err := l.figures(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	if f.open+f.closed == 0 && f.plansDecided+f.plansAwaiting == 0 {
		return nil, nil
	}
	log := fmt.Sprintf("The cyber hazard log holds %d open hazards (%d at risk 4 or 5) and %d closed; %d reviews are overdue and %d risk assessments await the Clinical Safety Officer.",
		f.open, f.high, f.closed, f.overdue, f.unapproved)
	plans := fmt.Sprintf("In the last year, %d security plans that take systems down were reviewed by the Clinical Safety Officer; %d await a decision.",
		f.plansDecided, f.plansAwaiting)
	return []evidence.Item{
		{Outcome: "A2.a", Summary: log, Link: "/hazards", LinkNeeds: vigil.ReadHazards, At: now},
		{Outcome: "A1.c", Summary: plans, Link: "/plan-reviews", LinkNeeds: vigil.ReadHazards, At: now},
	}, nil
}

// Measures are the hazard log's figures for the board.
func (l *Log) Measures(ctx context.Context, scope vigil.Scope, now time.Time) ([]evidence.Measure, error) {
	f, err := l.figures(ctx, scope, now)
	if err != nil {
		return nil, err
	}
	return []evidence.Measure{
		{Key: "hazards.high", Label: "Open hazards at risk 4 or 5 (unacceptable)", Value: float64(f.high), Unit: "hazards", Better: evidence.LowerIsBetter, Link: "/hazards"},
		{Key: "hazards.undesirable", Label: "Open hazards at risk 3 (undesirable)", Value: float64(f.undesirable), Unit: "hazards", Better: evidence.LowerIsBetter, Link: "/hazards"},
		{Key: "hazards.acceptable", Label: "Open hazards at risk 1 or 2 (acceptable)", Value: float64(f.acceptable), Unit: "hazards", Better: evidence.LowerIsBetter, Link: "/hazards"},
		{Key: "hazards.reviews-overdue", Label: "Hazard reviews overdue", Value: float64(f.overdue), Unit: "hazards", Better: evidence.LowerIsBetter, Link: "/hazards/reviews"},
		{Key: "plans.awaiting", Label: "Security plans awaiting the Clinical Safety Officer", Value: float64(f.plansAwaiting), Unit: "plans", Better: evidence.LowerIsBetter, Link: "/plan-reviews"},
	}, nil
}
