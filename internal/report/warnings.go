package report

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// WarningLifetime is how long a "we've seen this" warning stays on everyone's
// home page: long enough for every shift to see it, short enough that the
// page does not fill with old news.
const WarningLifetime = 14 * 24 * time.Hour

// MaxWarningLength keeps a warning short enough to read on a phone at a glance.
const MaxWarningLength = 300

// PublishWarning shows a short warning about a campaign confirmed as malicious
// to all staff of the organisation.
func (s *Triage) PublishWarning(ctx context.Context, scope vigil.Scope, campaignID, text string) error {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return err
	}
	text = clean(text, false)
	if text == "" || utf8.RuneCountInString(text) > MaxWarningLength {
		return vigil.InvalidFields("The warning could not be published.", map[string]string{
			"alert_text": fmt.Sprintf("Write a short warning for all staff, up to %d characters.", MaxWarningLength)})
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := s.campaign(ctx, tx, scope.OrgID, campaignID)
		if err != nil {
			return err
		}
		if c.Verdict != Malicious {
			return vigil.Errorf(vigil.Conflict, "Only a campaign confirmed as malicious can be shown to all staff. Give it that verdict first.")
		}
		if _, err := tx.Exec(ctx, `UPDATE report_campaigns SET alert_text = $1, alert_published_at = $2 WHERE id = $3 AND org_id = $4`,
			text, store.Now(), c.ID, scope.OrgID); err != nil {
			return fmt.Errorf("publish warning: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "publish", EntityType: "campaign", EntityID: c.ID,
			Summary: "Warned all staff about the campaign " + c.Title, After: map[string]string{"alert_text": text}})
	})
}

// WithdrawWarning takes a campaign's warning off the home page.
func (s *Triage) WithdrawWarning(ctx context.Context, scope vigil.Scope, campaignID string) error {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := s.campaign(ctx, tx, scope.OrgID, campaignID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE report_campaigns SET alert_published_at = NULL WHERE id = $1 AND org_id = $2`, c.ID, scope.OrgID); err != nil {
			return fmt.Errorf("withdraw warning: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "withdraw", EntityType: "campaign", EntityID: c.ID,
			Summary: "Took down the staff warning about the campaign " + c.Title})
	})
}

// Warnings lists the warnings every member of staff should see now, newest first.
func (s *Journey) Warnings(ctx context.Context, scope vigil.Scope, now time.Time) ([]Warning, error) {
	if err := scope.Require(vigil.ReadOrganisation); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, title, alert_text, alert_published_at FROM report_campaigns
		WHERE org_id = $1 AND verdict = $2 AND alert_published_at > $3 ORDER BY alert_published_at DESC LIMIT 5`,
		scope.OrgID, Malicious, now.Add(-WarningLifetime))
	if err != nil {
		return nil, fmt.Errorf("list warnings: %w", err)
	}
	defer rows.Close()
	var out []Warning
	for rows.Next() {
		var a Warning
		if err := rows.Scan(&a.CampaignID, &a.Title, &a.Text, &a.PublishedAt); err != nil {
			return nil, fmt.Errorf("read warning: %w", err)
		}
		a.PublishedAt = a.PublishedAt.UTC()
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list warnings: %w", err)
	}
	national, err := s.nationalWarnings(ctx, scope.OrgID, now)
	if err != nil {
		return nil, err
	}
	out = append(out, national...)
	slices.SortStableFunc(out, func(a, b Warning) int { return b.PublishedAt.Compare(a.PublishedAt) })
	return out[:min(len(out), maxWarnings)], nil
}

// maxWarnings is the most warnings the home page shows: more would push the
// report button off a phone's first screen.
const maxWarnings = 5
