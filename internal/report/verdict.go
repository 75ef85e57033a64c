package report

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// ParseVerdict checks a verdict for a report of the given kind.
func ParseVerdict(kind Kind, s string) (Verdict, error) {
	v := Verdict(s)
	if slices.Contains(VerdictsFor(kind), v) {
		return v, nil
	}
	return "", vigil.InvalidFields("Choose a verdict.", map[string]string{"verdict": "Choose what it was."})
}

// DecideCampaign gives a campaign its verdict. Every report in it takes the
// verdict, and every reporter whose report's verdict changed hears back.
// Deciding again corrects a mistake: the reporters are told the new verdict.
func (s *Triage) DecideCampaign(ctx context.Context, scope vigil.Scope, id string, v Verdict, note string) (Campaign, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Campaign{}, err
	}
	v, err := ParseVerdict(Email, string(v))
	if err != nil {
		return Campaign{}, err
	}
	if note, err = cleanNote(note); err != nil {
		return Campaign{}, err
	}
	var out Campaign
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.campaign(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		now := store.Now()
		// A warning to all staff stands only while the campaign is judged malicious.
		unpublish := v != Malicious && before.WarningPublishedAt != nil
		if _, err := tx.Exec(ctx, `UPDATE report_campaigns SET verdict = $1, verdict_note = $2, decided_by = $3, decided_at = $4,
			alert_published_at = CASE WHEN $5 THEN NULL ELSE alert_published_at END WHERE id = $6 AND org_id = $7`,
			v, note, scope.Name, now, unpublish, id, scope.OrgID); err != nil {
			return fmt.Errorf("decide campaign: %w", err)
		}
		reports, err := s.queryReports(ctx, tx, reportSelect(false)+`WHERE r.campaign_id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
		if err != nil {
			return err
		}
		for _, r := range reports {
			if err := s.close(ctx, tx, r, v, note, now); err != nil {
				return err
			}
		}
		// A campaign is one lure however many copies came: learn it once, from its first report.
		first, err := s.oneReport(ctx, tx, reportSelect(true)+`WHERE r.campaign_id = $1 AND r.org_id = $2 AND r.status <> $3 ORDER BY r.id LIMIT 1`,
			id, scope.OrgID, Draft)
		if err != nil && !vigil.IsNotFound(err) {
			return err
		}
		if err := learnFrom(ctx, tx, scope.OrgID, first.Analysis(), before.Verdict, v); err != nil {
			return err
		}
		if v == Malicious && before.Verdict != Malicious {
			if err := s.draftWarning(ctx, tx, scope, before, first.Analysis()); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "decide", EntityType: "campaign", EntityID: id,
			Summary: fmt.Sprintf("Gave the campaign %q the verdict %s (%d reports)", before.Title, v, len(reports)),
			Before:  map[string]any{"verdict": before.Verdict, "note": before.VerdictNote},
			After:   map[string]any{"verdict": v, "note": note, "alert_withdrawn": unpublish}}); err != nil {
			return err
		}
		out, err = s.campaign(ctx, tx, scope.OrgID, id)
		return err
	})
	return out, err
}

// DecideReport gives a report outside any campaign — a call, a lost
// smartcard — its verdict, and its reporter hears back.
func (s *Triage) DecideReport(ctx context.Context, scope vigil.Scope, id string, v Verdict, note string) (Report, error) {
	if err := scope.Require(vigil.TriageReports); err != nil {
		return Report{}, err
	}
	var err error
	if note, err = cleanNote(note); err != nil {
		return Report{}, err
	}
	var out Report
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.oneReport(ctx, tx, reportSelect(true)+`WHERE r.id = $1 AND r.org_id = $2 AND r.status <> $3`, id, scope.OrgID, Draft)
		if err != nil {
			return err
		}
		if r.CampaignID != "" {
			return vigil.Errorf(vigil.Conflict, "This report is part of a campaign. Give the verdict on the campaign, so that everyone who reported it hears the same.")
		}
		if v, err = ParseVerdict(r.Kind, string(v)); err != nil {
			return err
		}
		if err := s.close(ctx, tx, r, v, note, store.Now()); err != nil {
			return err
		}
		if err := learnFrom(ctx, tx, scope.OrgID, r.Analysis(), r.Verdict, v); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "decide", EntityType: "report", EntityID: id,
			Summary: fmt.Sprintf("Gave a %s report the verdict %s", r.Kind.Title(), v),
			Before:  map[string]any{"verdict": r.Verdict}, After: map[string]any{"verdict": v, "note": note}}); err != nil {
			return err
		}
		out, err = s.oneReport(ctx, tx, reportSelect(false)+`WHERE r.id = $1 AND r.org_id = $2`, id, scope.OrgID)
		return err
	})
	if err != nil {
		return Report{}, err
	}
	return s.withName(ctx, scope, out)
}

// close gives one report its verdict and, when the verdict is news to the
// reporter, queues their feedback e-mail.
func (s *base) close(ctx context.Context, tx *store.Tx, r Report, v Verdict, note string, now time.Time) error {
	if r.Verdict == v && r.VerdictNote == note {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET status = $1, verdict = $2, verdict_note = $3, verdict_at = $4, updated_at = $4
		WHERE id = $5 AND org_id = $6`, Closed, v, note, now, r.ID, r.OrgID); err != nil {
		return fmt.Errorf("close report: %w", err)
	}
	if r.Verdict == v {
		return nil // only the note changed: it shows on My reports, no second e-mail
	}
	return s.queueFeedback(ctx, tx, r, feedback.Verdict(v), now)
}

// queueFeedback writes a feedback e-mail to the outbox, in the transaction
// that decided it. Anonymous reporters and mailbox senders who are not
// people in Vigil get none: there is nobody, or nobody known, to write to.
// "Resolved" has no e-mail of its own; the reporter sees it on My reports.
func (s *base) queueFeedback(ctx context.Context, tx *store.Tx, r Report, v feedback.Verdict, now time.Time) error {
	if !s.opts.MailFeedback || r.ReporterID == "" || r.Anonymous || !slices.Contains(feedback.Verdicts(), v) {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO report_feedback (id, org_id, report_id, verdict, status, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, store.NewID(), r.OrgID, r.ID, v, outboxPending, now); err != nil {
		return fmt.Errorf("queue feedback: %w", err)
	}
	return nil
}

// settle files a report once it is sent: an e-mail joins its campaign and
// takes the campaign's verdict at once when there is one, and the reporter's
// feedback is queued. Reporters who used the web pages have seen the
// confirmation page; the others get a receipt by e-mail.
func (s *base) settle(ctx context.Context, tx *store.Tx, r *Report, a *email.Analysis, own []string, now time.Time) error {
	var campaignID any
	if r.Kind.HasCampaign() {
		if err := takeClusterTurn(ctx, tx, r.OrgID); err != nil {
			return err
		}
		cs, started, err := clusterAll(ctx, tx, r.OrgID, []toCluster{{*r, a}}, own, now)
		if err != nil {
			return err
		}
		if err := audit.RecordEach(ctx, tx, started); err != nil {
			return err
		}
		r.join(cs[0], now)
		campaignID = r.CampaignID
	}
	if _, err := tx.Exec(ctx, `UPDATE reports SET status = $1, campaign_id = $2, verdict = $3, verdict_note = $4, verdict_at = $5,
		processed_at = $6, updated_at = $6 WHERE id = $7 AND org_id = $8`,
		r.Status, campaignID, r.Verdict, r.VerdictNote, r.VerdictAt, now, r.ID, r.OrgID); err != nil {
		return fmt.Errorf("file report: %w", err)
	}
	switch {
	case r.Verdict != "":
		return s.queueFeedback(ctx, tx, *r, feedback.Verdict(r.Verdict), now)
	case r.Source != FromWeb:
		return s.queueFeedback(ctx, tx, *r, feedback.Acknowledged, now)
	}
	return nil
}
