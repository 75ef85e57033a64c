package mapstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/store"
)

// Each stored map has its outline (caremap.Map.Outline) beside it, written in the same
// transaction, so that the national centre can read 200 large maps in under a second of
// processor time after a restart instead of parsing 200 documents for minutes. An outline is kept per
// organisation for the current map only, with the digest and format it was made at: one
// that does not match is stale and is never used.

func writeOutline(ctx context.Context, tx *store.Tx, orgID, digest string, outline []byte) error {
	_, err := tx.Exec(ctx, `INSERT INTO care_map_outlines (org_id, digest, format, outline) VALUES ($1, $2, $3, $4)
		ON CONFLICT (org_id) DO UPDATE SET digest = excluded.digest, format = excluded.format, outline = excluded.outline`,
		orgID, digest, caremap.OutlineFormat, outline)
	if err != nil {
		return fmt.Errorf("store care map outline: %w", err)
	}
	return nil
}

// FillOutlines makes the outline of every stored map that lacks a current one: maps
// stored before outlines existed, or by a version of Vigil with another outline format.
// It reads one document at a time and stops when ctx ends; it is safe to run on several
// nodes at once. It returns how many outlines it wrote.
func (s *Store) FillOutlines(ctx context.Context) (int, error) {
	rows, err := s.db.Query(ctx, `SELECT c.org_id, c.digest FROM care_maps c
		LEFT JOIN care_map_outlines o ON o.org_id = c.org_id AND o.digest = c.digest AND o.format = $1
		WHERE o.org_id IS NULL ORDER BY c.org_id`, caremap.OutlineFormat)
	if err != nil {
		return 0, fmt.Errorf("list care maps without outlines: %w", err)
	}
	var stale [][2]string
	for rows.Next() {
		var orgID, digest string
		if err := rows.Scan(&orgID, &digest); err != nil {
			rows.Close()
			return 0, fmt.Errorf("list care maps without outlines: %w", err)
		}
		stale = append(stale, [2]string{orgID, digest})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("list care maps without outlines: %w", err)
	}
	filled := 0
	for _, st := range stale {
		if err := ctx.Err(); err != nil {
			return filled, err
		}
		m, err := s.document(ctx, st[0], st[1])
		if errors.Is(err, errMoved) {
			continue // replaced meanwhile, and Replace wrote the new map's outline
		}
		if err != nil {
			return filled, err
		}
		wrote, err := s.writeCurrentOutline(ctx, st[0], st[1], m.Outline())
		if err != nil {
			return filled, err
		}
		if wrote {
			filled++
		}
	}
	return filled, nil
}

// writeCurrentOutline stores outline as the outline of the map at digest, outside the
// transaction that stored the map, and says whether it did. It writes only while that map
// is still the organisation's current one: an outline of a replaced map would be stale
// the moment it was written.
func (s *Store) writeCurrentOutline(ctx context.Context, orgID, digest string, outline []byte) (bool, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO care_map_outlines (org_id, digest, format, outline)
		SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM care_maps WHERE org_id = $1 AND digest = $2)
		ON CONFLICT (org_id) DO UPDATE SET digest = excluded.digest, format = excluded.format, outline = excluded.outline`,
		orgID, digest, caremap.OutlineFormat, outline)
	if err != nil {
		return false, fmt.Errorf("store care map outline: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store care map outline: %w", err)
	}
	return n > 0, nil
}
