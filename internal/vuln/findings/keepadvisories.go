package findings

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
)

// lookupChunk is how many advisories are compared with the stored ones in one query.
const lookupChunk = 500

// storedAdvisory is what decides whether an incoming advisory replaces the one held.
type storedAdvisory struct {
	digest, modified string
	withdrawn        bool
	namesKept        bool // false for a row stored before names were, rewritten when imported again
}

// newer reports whether an advisory with this digest and modification time replaces
// the one held. Two different versions with the same modification time (a folder
// holding the same record twice) are ordered by digest, so importing again keeps the
// same one.
func (old storedAdvisory) newer(digest, modified string) bool {
	return modified > old.modified || modified == old.modified && digest > old.digest
}

// upsertAdvisory adds rows or replaces the ones held; the database checks again that a
// replacement is newer, so two imports racing on another node cannot put an older
// version back.
const (
	advisoryInsert = `INSERT INTO vuln_advisories (org_id, source, advisory_id, shared, ids, summary, modified, withdrawn, digest, body, imported_at, names_kept)`
	advisoryUpsert = `ON CONFLICT (org_id, source, advisory_id) DO UPDATE SET shared = excluded.shared, ids = excluded.ids,
		summary = excluded.summary, modified = excluded.modified, withdrawn = excluded.withdrawn, digest = excluded.digest,
		body = excluded.body, imported_at = excluded.imported_at, names_kept = excluded.names_kept
		WHERE excluded.modified > vuln_advisories.modified
			OR (excluded.modified = vuln_advisories.modified AND excluded.digest > vuln_advisories.digest)
			OR NOT vuln_advisories.names_kept`
	namesInsert = `INSERT INTO vuln_advisory_names (org_id, source, advisory_id, shared, name)`
	namesIgnore = `ON CONFLICT DO NOTHING`
)

// encodedAdvisory is an advisory as it is stored.
type encodedAdvisory struct {
	a                *advisory.Advisory
	key              string // source and id
	body             string
	digest, modified string
}

// keepAll adds or replaces each advisory unless the one held is the same or newer,
// a chunk at a time: what is held is read first, a query per chunk, and the rows to
// write go out in batches. Memory stays at a chunk's encoded bodies plus, for each
// advisory of the import, the digest and time that decide whether it replaces another.
func keepAll(ctx context.Context, tx *store.Tx, scope vigil.Scope, as []advisory.Advisory, now time.Time, res *Imported) error {
	batch, err := tx.Batch(ctx, advisoryInsert, 12, advisoryUpsert)
	if err != nil {
		return err
	}
	defer batch.Close()
	names, err := tx.Batch(ctx, namesInsert, 5, namesIgnore)
	if err != nil {
		return err
	}
	defer names.Close()
	// Everything held is read before anything is written: PostgreSQL plans look-ups in
	// a table growing inside the same transaction badly.
	held, err := heldAdvisories(ctx, tx, scope.OrgID, as)
	if err != nil {
		return err
	}
	seen := map[string]storedAdvisory{} // what this import has decided, by key
	pending := map[string]bool{}        // keys in the batch not yet written
	chunk := make([]encodedAdvisory, 0, lookupChunk)
	for start := 0; start < len(as); start += lookupChunk {
		chunk = chunk[:0]
		for i := start; i < min(start+lookupChunk, len(as)); i++ {
			e, err := encodeAdvisory(&as[i])
			if err != nil {
				return err
			}
			chunk = append(chunk, e)
		}
		written := map[string]*encodedAdvisory{} // by key: the version this chunk keeps
		var replaced []*encodedAdvisory
		for i := range chunk {
			e := &chunk[i]
			old, had := seen[e.key]
			if !had {
				old, had = held[e.key]
			}
			switch {
			case had && !old.newer(e.digest, e.modified) && old.namesKept:
				res.Unchanged++
				continue
			case had && !old.newer(e.digest, e.modified):
				// Stored before names were: the same again, with its names.
				res.Unchanged++
				replaced = append(replaced, e)
			case had:
				replaced = append(replaced, e)
				res.Updated++
			default:
				res.New++
			}
			if e.a.IsWithdrawn() && !old.withdrawn {
				res.Withdrawn++
			}
			seen[e.key] = storedAdvisory{digest: e.digest, modified: e.modified, withdrawn: e.a.IsWithdrawn(), namesKept: true}
			written[e.key] = e
			// PostgreSQL refuses one statement that changes a row twice.
			if pending[e.key] {
				if err := batch.Flush(ctx); err != nil {
					return err
				}
				clear(pending)
			}
			pending[e.key] = true
			if err := batch.Add(ctx, scope.OrgID, e.a.Source, e.a.ID, shared(scope), idList(e.a.IDs()), e.a.Summary,
				e.modified, e.a.IsWithdrawn(), e.digest, e.body, now, true); err != nil {
				return fmt.Errorf("keep advisory %s: %w", e.a.ID, err)
			}
		}
		if err := keepNames(ctx, tx, names, scope, replaced, written); err != nil {
			return err
		}
	}
	if err := batch.Flush(ctx); err != nil {
		return err
	}
	return names.Flush(ctx)
}

// keepNames replaces the names of the chunk's advisories that were held before and adds
// those of every advisory written.
func keepNames(ctx context.Context, tx *store.Tx, names *store.Batch, scope vigil.Scope, replaced []*encodedAdvisory, written map[string]*encodedAdvisory) error {
	if len(replaced) > 0 {
		// Names held back in the batch may be among those about to go.
		if err := names.Flush(ctx); err != nil {
			return err
		}
		bySource := map[advisory.Source][]any{}
		for _, e := range replaced {
			bySource[e.a.Source] = append(bySource[e.a.Source], e.a.ID)
		}
		for source, ids := range bySource {
			if _, err := tx.Exec(ctx, `DELETE FROM vuln_advisory_names WHERE org_id = $1 AND source = $2 AND advisory_id IN `+
				store.Placeholders(3, 1, len(ids)), append([]any{scope.OrgID, source}, ids...)...); err != nil {
				return fmt.Errorf("replace advisory names: %w", err)
			}
		}
	}
	for _, e := range written {
		for _, n := range advisoryNames(e.a) {
			if err := names.Add(ctx, scope.OrgID, e.a.Source, e.a.ID, shared(scope), n); err != nil {
				return fmt.Errorf("keep names of advisory %s: %w", e.a.ID, err)
			}
		}
	}
	return nil
}

func encodeAdvisory(a *advisory.Advisory) (encodedAdvisory, error) {
	body, err := json.Marshal(a)
	if err != nil {
		return encodedAdvisory{}, fmt.Errorf("encode advisory %s: %w", a.ID, err)
	}
	sum := sha256.Sum256(body)
	return encodedAdvisory{a: a, key: string(a.Source) + "\x00" + a.ID, body: string(body), digest: hex.EncodeToString(sum[:]),
		modified: a.Modified.UTC().Format(time.RFC3339Nano)}, nil
}

// heldAdvisories reads what the organisation holds of the advisories, lookupChunk at a
// time, one query per source.
func heldAdvisories(ctx context.Context, tx *store.Tx, orgID string, as []advisory.Advisory) (map[string]storedAdvisory, error) {
	held := map[string]storedAdvisory{}
	for start := 0; start < len(as); start += lookupChunk {
		bySource := map[advisory.Source][]any{}
		for i := start; i < min(start+lookupChunk, len(as)); i++ {
			bySource[as[i].Source] = append(bySource[as[i].Source], as[i].ID)
		}
		if err := readHeld(ctx, tx, orgID, bySource, held); err != nil {
			return nil, err
		}
	}
	return held, nil
}

func readHeld(ctx context.Context, tx *store.Tx, orgID string, bySource map[advisory.Source][]any, held map[string]storedAdvisory) error {
	for source, ids := range bySource {
		rows, err := tx.Query(ctx, `SELECT advisory_id, digest, modified, withdrawn, names_kept FROM vuln_advisories
			WHERE org_id = $1 AND source = $2 AND advisory_id IN `+store.Placeholders(3, 1, len(ids)), append([]any{orgID, source}, ids...)...)
		if err != nil {
			return fmt.Errorf("read advisories held: %w", err)
		}
		for rows.Next() {
			var id string
			var h storedAdvisory
			if err := rows.Scan(&id, &h.digest, &h.modified, &h.withdrawn, &h.namesKept); err != nil {
				rows.Close()
				return fmt.Errorf("read advisories held: %w", err)
			}
			held[string(source)+"\x00"+id] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read advisories held: %w", err)
		}
	}
	return nil
}
