package report

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
)

// Metrics say whether speaking up works: are people reporting, do they hear
// back, and how quickly.
type Metrics struct {
	From, To time.Time // the window: whole weeks, Monday to Monday, UTC
	Weeks    []Week    // oldest first

	Reports         int
	Anonymous       int // reports sent without a name
	UniqueReporters int // different people who reported, by name

	Decided             int           // reports with a verdict
	MedianTimeToVerdict time.Duration // from sending to verdict; zero when none has one
	// ReportersHeardBack are the people who have had a verdict on every
	// report they made in the window; FeedbackShare is their share of all
	// named reporters (0 to 1).
	ReportersHeardBack int
	FeedbackShare      float64

	Campaigns            []CampaignReach // the campaigns most people reported, most first
	ReportersPerCampaign float64         // mean over the window's campaigns

	Simulations []Simulation
	// ReportersPerClicker is reported ÷ clicked over every imported simulation;
	// HasClickers is false when no simulation recorded a click.
	ReportersPerClicker float64
	HasClickers         bool
}

// Week counts one week's reports by kind.
type Week struct {
	Start  time.Time
	ByKind []int // in the order of Kinds
	Total  int
}

// CampaignReach is how many people reported one campaign.
type CampaignReach struct {
	ID, Title string
	Verdict   Verdict
	Reports   int
	Reporters int
}

// MaxMetricWeeks bounds the window.
const MaxMetricWeeks = 104

// maxReachShown is how many campaigns the metrics list by name.
const maxReachShown = 10

// Metrics counts the organisation's reports over the last weeks, up to now.
func (s *Triage) Metrics(ctx context.Context, scope vigil.Scope, weeks int, now time.Time) (Metrics, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Metrics{}, err
	}
	weeks = min(max(weeks, 1), MaxMetricWeeks)
	now = now.UTC()
	monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	m := Metrics{From: monday.AddDate(0, 0, -7*(weeks-1)), To: monday.AddDate(0, 0, 7)}
	for i := range weeks {
		m.Weeks = append(m.Weeks, Week{Start: m.From.AddDate(0, 0, 7*i), ByKind: make([]int, len(Kinds))})
	}

	rows, err := s.db.Query(ctx, `SELECT r.kind, COALESCE(r.reporter_id, ''), r.anonymous, r.sent_at, r.verdict_at,
			COALESCE(r.campaign_id, ''), COALESCE(c.title, ''), COALESCE(c.verdict, '')
		FROM reports r LEFT JOIN report_campaigns c ON c.id = r.campaign_id
		WHERE r.org_id = $1 AND r.status <> $2 AND r.sent_at >= $3 AND r.sent_at < $4`, scope.OrgID, Draft, m.From, m.To)
	if err != nil {
		return Metrics{}, fmt.Errorf("count reports: %w", err)
	}
	defer rows.Close()
	heardBack := map[string]bool{} // reporter → every report has a verdict
	reach := map[string]*CampaignReach{}
	reachers := map[string]map[string]bool{}
	var toVerdict []time.Duration
	for rows.Next() {
		var kind Kind
		var reporter, campaign, title string
		var verdict Verdict
		var anonymous bool
		var sent time.Time
		var decided sql.NullTime
		if err := rows.Scan(&kind, &reporter, &anonymous, &sent, &decided, &campaign, &title, &verdict); err != nil {
			return Metrics{}, fmt.Errorf("read report: %w", err)
		}
		m.Reports++
		w := &m.Weeks[int(sent.UTC().Sub(m.From)/(7*24*time.Hour))]
		w.Total++
		if i := slices.Index(Kinds, kind); i >= 0 {
			w.ByKind[i]++
		}
		if anonymous {
			m.Anonymous++
		}
		if decided.Valid {
			m.Decided++
			toVerdict = append(toVerdict, max(decided.Time.Sub(sent), 0))
		}
		if reporter != "" {
			all, seen := heardBack[reporter]
			heardBack[reporter] = (all || !seen) && decided.Valid
		}
		if campaign != "" {
			if reach[campaign] == nil {
				reach[campaign] = &CampaignReach{ID: campaign, Title: title, Verdict: verdict}
				reachers[campaign] = map[string]bool{}
			}
			reach[campaign].Reports++
			if reporter != "" {
				reachers[campaign][reporter] = true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return Metrics{}, err
	}

	m.UniqueReporters = len(heardBack)
	for _, all := range heardBack {
		if all {
			m.ReportersHeardBack++
		}
	}
	if m.UniqueReporters > 0 {
		m.FeedbackShare = float64(m.ReportersHeardBack) / float64(m.UniqueReporters)
	}
	m.MedianTimeToVerdict = median(toVerdict)
	totalReachers := 0
	for id, c := range reach {
		c.Reporters = len(reachers[id])
		totalReachers += c.Reporters
		m.Campaigns = append(m.Campaigns, *c)
	}
	if len(reach) > 0 {
		m.ReportersPerCampaign = float64(totalReachers) / float64(len(reach))
	}
	slices.SortFunc(m.Campaigns, func(a, b CampaignReach) int {
		if a.Reporters != b.Reporters {
			return b.Reporters - a.Reporters
		}
		if a.Reports != b.Reports {
			return b.Reports - a.Reports
		}
		return cmp.Compare(b.ID, a.ID) // newer first
	})
	m.Campaigns = m.Campaigns[:min(len(m.Campaigns), maxReachShown)]

	if m.Simulations, err = s.Simulations(ctx, scope); err != nil {
		return Metrics{}, err
	}
	clicked, reported := 0, 0
	for _, sim := range m.Simulations {
		clicked, reported = clicked+sim.Clicked, reported+sim.Reported
	}
	if clicked > 0 {
		m.ReportersPerClicker, m.HasClickers = float64(reported)/float64(clicked), true
	}
	return m, nil
}

// median of durations; zero for none. Even counts take the mean of the middle two.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	mid := len(ds) / 2
	if len(ds)%2 == 1 {
		return ds[mid]
	}
	return (ds[mid-1] + ds[mid]) / 2
}
