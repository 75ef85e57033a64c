package findings

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

const (
	findingInsert = `INSERT INTO vuln_findings (id, org_id, finding_key, inventory_id, asset_id, advisory, ids, component, priority,
		priority_rank, clinical_risk, kev, needs_review, status, open, closed_reason, due_on, body, first_seen, last_seen)`
	// A finding already held keeps its id, where it was found and when it was first
	// seen; the rest is replaced.
	findingUpsert = `ON CONFLICT (org_id, finding_key) DO UPDATE SET priority = excluded.priority,
		priority_rank = excluded.priority_rank, clinical_risk = excluded.clinical_risk, kev = excluded.kev,
		needs_review = excluded.needs_review, status = excluded.status, open = excluded.open, closed_reason = '',
		due_on = excluded.due_on, body = excluded.body, last_seen = excluded.last_seen`
	// closeChunk is the most findings one statement closes.
	closeChunk = 500
)

// keepFindings writes the findings of an evaluation in the order found, in batches
// (on PostgreSQL many rows a statement, instead of a look-up and a write for each
// finding). before is what was held when the evaluation's transaction began: a finding
// held keeps its id and first-seen time, from which its due date is worked out.
func keepFindings(ctx context.Context, tx *store.Tx, orgID string, order []string, found map[string]placed, before map[string]seen, now time.Time) error {
	batch, err := tx.Batch(ctx, findingInsert, 20, findingUpsert)
	if err != nil {
		return err
	}
	defer batch.Close()
	for _, k := range order {
		p := found[k]
		body, err := json.Marshal(p.record)
		if err != nil {
			return fmt.Errorf("encode finding: %w", err)
		}
		f := p.Finding
		risk := 0
		if p.Asset != nil {
			risk = p.Asset.Risk
		}
		id, firstSeen := store.NewID(), now
		if was, ok := before[k]; ok {
			id, firstSeen = was.id, was.firstSeen
		}
		err = batch.Add(ctx, id, orgID, k, p.holding.id, p.holding.asset, f.Advisory, idList(append([]string{f.Advisory}, f.Aliases...)),
			f.Component.Name, f.Decision.Priority, ssvc.Rank(ssvc.Priorities, f.Decision.Priority), risk, f.KEV != nil,
			f.Match.NeedsReview, f.Status, true, "", dueOn(f, firstSeen), string(body), firstSeen, now)
		if err != nil {
			return fmt.Errorf("keep finding %s: %w", f.Advisory, err)
		}
	}
	if err := batch.Flush(ctx); err != nil {
		return fmt.Errorf("keep findings: %w", err)
	}
	return nil
}

// closeFindings closes the findings no longer found, saying why: keys by reason.
func closeFindings(ctx context.Context, tx *store.Tx, orgID string, keys map[string][]string) error {
	for reason, ks := range keys {
		for start := 0; start < len(ks); start += closeChunk {
			chunk := ks[start:min(start+closeChunk, len(ks))]
			args := []any{false, reason, orgID}
			for _, k := range chunk {
				args = append(args, k)
			}
			q := `UPDATE vuln_findings SET open = $1, closed_reason = $2 WHERE org_id = $3 AND finding_key IN ` +
				store.Placeholders(4, 1, len(chunk))
			if _, err := tx.Exec(ctx, q, args...); err != nil {
				return fmt.Errorf("close findings: %w", err)
			}
		}
	}
	return nil
}
