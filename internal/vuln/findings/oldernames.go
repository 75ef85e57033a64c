package findings

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

// namingChunk is how many older advisories are named in one transaction.
const namingChunk = 1000

// nameOlderAdvisories keeps the names of advisories stored before names were, once per
// process: evaluations find advisories only by their names. It decodes each such
// advisory once; afterwards the check is a flag. It holds a lock of its own, not the
// cache's: evaluations racing here wait for one naming, and nothing else waits on it.
func (s *Service) nameOlderAdvisories(ctx context.Context) error {
	s.indexes.naming.Lock()
	defer s.indexes.naming.Unlock()
	if s.indexes.named {
		return nil
	}
	for {
		n, err := s.nameSomeOlderAdvisories(ctx)
		if err != nil {
			return err
		}
		if n < namingChunk {
			break
		}
	}
	s.indexes.named = true
	return nil
}

func (s *Service) nameSomeOlderAdvisories(ctx context.Context) (int, error) {
	n := 0
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		n = 0
		rows, err := tx.Query(ctx, `SELECT org_id, source, advisory_id, shared, body FROM vuln_advisories WHERE names_kept = $1 LIMIT `+fmt.Sprint(namingChunk), false)
		if err != nil {
			return fmt.Errorf("read advisories to name: %w", err)
		}
		type older struct {
			org, source, id, body string
			shared                bool
		}
		var list []older
		for rows.Next() {
			var o older
			if err := rows.Scan(&o.org, &o.source, &o.id, &o.shared, &o.body); err != nil {
				rows.Close()
				return fmt.Errorf("read advisories to name: %w", err)
			}
			list = append(list, o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read advisories to name: %w", err)
		}
		names, err := tx.Batch(ctx, namesInsert, 5, namesIgnore)
		if err != nil {
			return err
		}
		defer names.Close()
		for _, o := range list {
			var a advisory.Advisory
			if err := json.Unmarshal([]byte(o.body), &a); err != nil {
				return fmt.Errorf("read stored advisory %s: %w", o.id, err)
			}
			for _, name := range advisoryNames(&a) {
				if err := names.Add(ctx, o.org, o.source, o.id, o.shared, name); err != nil {
					return fmt.Errorf("name advisory %s: %w", o.id, err)
				}
			}
			if _, err := tx.Exec(ctx, `UPDATE vuln_advisories SET names_kept = $1 WHERE org_id = $2 AND source = $3 AND advisory_id = $4`,
				true, o.org, o.source, o.id); err != nil {
				return fmt.Errorf("name advisory %s: %w", o.id, err)
			}
		}
		n = len(list)
		return names.Flush(ctx)
	})
	return n, err
}
