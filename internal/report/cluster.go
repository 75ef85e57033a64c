package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/report/email"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// A campaign is the reports of one lure. Each report's match keys (the
// message, its attachments, link domains, sender domain, subject) belong to
// the first campaign that had them; a report joins the oldest campaign that
// has any of its keys, or starts one, and its new keys join that campaign.

// clustered is what filing needs of the campaign a report joined.
type clustered struct {
	ID          string
	Verdict     Verdict
	VerdictNote string
}

// join puts the report in its campaign, with the campaign's verdict if it has one.
func (r *Report) join(c clustered, now time.Time) {
	r.CampaignID = c.ID
	if c.Verdict != "" {
		r.Status, r.Verdict, r.VerdictNote, r.VerdictAt = Closed, c.Verdict, c.VerdictNote, &now
	}
}

// toCluster is one report to put in its campaign.
type toCluster struct {
	report   Report
	analysis *email.Analysis
}

// clusterAll puts reports of one organisation in their campaigns, in a few
// statements for the whole batch however large the campaigns have grown: a
// phishing wave files thousands into one. The transaction must have taken
// the organisation's turn (takeClusterTurn). It answers each report's
// campaign, and the audit events of the campaigns it started.
func clusterAll(ctx context.Context, tx *store.Tx, orgID string, items []toCluster, own []string, now time.Time) ([]clustered, []audit.Entry, error) {
	keysOf := make([][]string, len(items))
	var all []string
	for i, it := range items {
		keysOf[i] = matchKeys(it.analysis, own)
		all = append(all, keysOf[i]...)
	}
	owner, err := keyOwners(ctx, tx, orgID, all)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(items))
	var started rowsOf
	var entries []audit.Entry
	var newKeys rowsOf
	for i, it := range items {
		for _, k := range keysOf[i] {
			if c, ok := owner[k]; ok && (ids[i] == "" || c < ids[i]) { // the oldest campaign wins
				ids[i] = c
			}
		}
		if ids[i] == "" {
			c := Campaign{ID: store.NewID(), Title: campaignTitle(it.report, it.analysis)}
			if a := it.analysis; a != nil && a.From != nil {
				c.SenderDomain = a.From.Domain
			}
			started.add(c.ID, orgID, c.Title, c.SenderDomain, now, now)
			entries = append(entries, audit.Entry{Actor: vigil.SystemActor(orgID), Change: audit.Change{Action: "create", EntityType: "campaign",
				EntityID: c.ID, Summary: "Started a campaign for a reported e-mail", After: map[string]any{"title": c.Title, "keys": keysOf[i]}}})
			ids[i] = c.ID
		}
		for _, k := range keysOf[i] {
			if _, ok := owner[k]; !ok {
				owner[k] = ids[i]
				newKeys.add(orgID, k, ids[i])
			}
		}
	}
	if len(started.rows) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO report_campaigns (id, org_id, title, sender_domain, created_at, last_report_at) VALUES `+started.values(), started.args...); err != nil {
			return nil, nil, fmt.Errorf("start campaigns: %w", err)
		}
	}
	if len(newKeys.rows) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO report_campaign_keys (org_id, match_key, campaign_id) VALUES `+newKeys.values(), newKeys.args...); err != nil {
			return nil, nil, fmt.Errorf("record campaign keys: %w", err)
		}
	}
	verdicts, err := touchCampaigns(ctx, tx, orgID, ids, now)
	if err != nil {
		return nil, nil, err
	}
	out := make([]clustered, len(items))
	for i, id := range ids {
		out[i] = verdicts[id]
	}
	return out, entries, nil
}

// keyOwners answers the campaign each of keys already belongs to.
func keyOwners(ctx context.Context, tx *store.Tx, orgID string, keys []string) (map[string]string, error) {
	owner := map[string]string{}
	if len(keys) == 0 {
		return owner, nil
	}
	args, marks := inList([]any{orgID}, keys)
	rows, err := tx.Query(ctx, `SELECT match_key, campaign_id FROM report_campaign_keys WHERE org_id = $1 AND match_key IN (`+marks+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("match campaigns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, c string
		if err := rows.Scan(&k, &c); err != nil {
			return nil, err
		}
		owner[k] = c
	}
	return owner, rows.Err()
}

// touchCampaigns notes that the campaigns had a report now, and answers
// their verdicts: a report of a decided campaign takes its verdict at once.
func touchCampaigns(ctx context.Context, tx *store.Tx, orgID string, ids []string, now time.Time) (map[string]clustered, error) {
	args, marks := inList([]any{orgID, now}, ids)
	rows, err := tx.Query(ctx, `UPDATE report_campaigns SET last_report_at = $2 WHERE org_id = $1 AND id IN (`+marks+`)
		RETURNING id, verdict, verdict_note`, args...)
	if err != nil {
		return nil, fmt.Errorf("touch campaigns: %w", err)
	}
	defer rows.Close()
	out := map[string]clustered{}
	for rows.Next() {
		var c clustered
		if err := rows.Scan(&c.ID, &c.Verdict, &c.VerdictNote); err != nil {
			return nil, err
		}
		out[c.ID] = c
	}
	return out, rows.Err()
}

// inList appends distinct values to args and answers their placeholders.
func inList(args []any, values []string) ([]any, string) {
	seen := map[string]bool{}
	var marks []string
	for _, v := range values {
		if seen[v] {
			continue
		}
		seen[v] = true
		args = append(args, v)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	return args, strings.Join(marks, ", ")
}
