// Package mapstore keeps each organisation's care map, revision by revision, in the
// database. What-if scenarios on it are package whatif's; rankings are impact's.
//
// A care map is stored whole, as its canonical JSON export (caremap.Map.JSON), with a
// revision number that goes up by one with every change and the digest of its content
// (Map.Version). There are no tables of services or assets, on purpose: everything that
// uses a map uses all of it — propagation and the critical-asset ranking walk the whole
// graph, and every page is drawn from the same checked Map — so rows would only be put
// back together into a Map on each read, and two copies of the truth could drift apart.
// The document is the format the loaders already check, so what is read back is exactly
// what was stored, and a replacement is one row written in one transaction: all or
// nothing. If a later capability needs SQL over services or assets (matching alerts to
// hostnames across organisations, say), it can add an index table filled in that same
// transaction. One such table exists: each map's outline (caremap.Map.Outline), which the
// national centre reads instead of parsing every organisation's document; see outline.go.
package mapstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Store reads and writes care maps. Every method takes the caller's scope and touches
// only that organisation's rows. Safe for concurrent use.
type Store struct {
	db   *store.DB
	maps *mapCache
	// listeners are told of every stored change; see OnReplace.
	listeners []Listener
}

// Listener does what must follow a changed care map, such as matching stored alerts
// to the new assets. It runs after the map is committed, so its failure cannot undo
// the change; Replace reports it in Replaced.Followup.
type Listener func(ctx context.Context, scope vigil.Scope, r Replaced) error

// OnReplace adds a listener. Add every listener when wiring the services, before the
// store is used: the list is not guarded against concurrent change.
func (s *Store) OnReplace(l Listener) { s.listeners = append(s.listeners, l) }

// CacheSize is how many organisations' parsed maps one process keeps.
const CacheSize = 32

// New returns a Store on db.
func New(db *store.DB) *Store {
	return &Store{db: db, maps: newMapCache(CacheSize)}
}

// Stored is an organisation's current care map and who last changed it.
type Stored struct {
	Map       *caremap.Map
	Revision  int // 1 for the first map, one more for each change
	UpdatedBy string
	UpdatedAt time.Time
}

// Summary is what the audit trail, the pages and the API say about one revision of a map.
type Summary struct {
	Revision  int    `json:"revision"`
	Digest    string `json:"digest"`
	Services  int    `json:"services"`
	Assets    int    `json:"assets"`
	Suppliers int    `json:"suppliers"`
}

// Summary describes the stored map.
func (st Stored) Summary() Summary { return summaryOf(st.Map, st.Revision) }

func summaryOf(m *caremap.Map, revision int) Summary {
	return Summary{Revision: revision, Digest: m.Version(), Services: len(m.Services), Assets: len(m.Assets), Suppliers: len(m.Suppliers)}
}

var errNoMap = vigil.Errorf(vigil.NotFound, "There is no care map for this organisation yet. An organisation administrator can upload one.")

// Current returns the organisation's care map. Parsed maps are kept in memory by digest,
// so a call costs one short query unless the map has changed, on this node or another.
func (s *Store) Current(ctx context.Context, scope vigil.Scope) (Stored, error) {
	if err := scope.Require(vigil.ReadCareMap); err != nil {
		return Stored{}, err
	}
	// A map replaced between the two queries is read again, once; under more churn
	// than that the row is read whole, in one query, which cannot miss.
	for range 2 {
		var st Stored
		var digest string
		err := s.db.QueryRow(ctx, `SELECT revision, digest, updated_by, updated_at FROM care_maps WHERE org_id = $1`, scope.OrgID).
			Scan(&st.Revision, &digest, &st.UpdatedBy, &st.UpdatedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return Stored{}, errNoMap
		}
		if err != nil {
			return Stored{}, fmt.Errorf("read care map: %w", err)
		}
		st.UpdatedAt = st.UpdatedAt.UTC()
		st.Map, err = s.maps.load(scope.OrgID, digest, func() (*caremap.Map, error) { return s.document(ctx, scope.OrgID, digest) })
		if !errors.Is(err, errMoved) {
			return st, err
		}
	}
	return s.currentWhole(ctx, scope)
}

// Digest is the digest of the organisation's current care map, read without the map:
// enough for a caller that keeps what it learnt from a map to know whether it changed.
func (s *Store) Digest(ctx context.Context, scope vigil.Scope) (string, error) {
	if err := scope.Require(vigil.ReadCareMap); err != nil {
		return "", err
	}
	var digest string
	err := s.db.QueryRow(ctx, `SELECT digest FROM care_maps WHERE org_id = $1`, scope.OrgID).Scan(&digest)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errNoMap
	}
	if err != nil {
		return "", fmt.Errorf("read care map: %w", err)
	}
	return digest, nil
}

// currentWhole reads the revision and its document together: it costs the
// document's transfer even when the map is already parsed, so it is only the
// fallback for a map that keeps changing under the reader.
func (s *Store) currentWhole(ctx context.Context, scope vigil.Scope) (Stored, error) {
	var st Stored
	var digest, doc string
	err := s.db.QueryRow(ctx, `SELECT revision, digest, updated_by, updated_at, document FROM care_maps WHERE org_id = $1`, scope.OrgID).
		Scan(&st.Revision, &digest, &st.UpdatedBy, &st.UpdatedAt, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return Stored{}, errNoMap
	}
	if err != nil {
		return Stored{}, fmt.Errorf("read care map: %w", err)
	}
	st.UpdatedAt = st.UpdatedAt.UTC()
	st.Map, err = s.maps.load(scope.OrgID, digest, func() (*caremap.Map, error) { return parseStored(scope.OrgID, doc) })
	return st, err
}

// Map returns the organisation's care map.
func (s *Store) Map(ctx context.Context, scope vigil.Scope) (*caremap.Map, error) {
	st, err := s.Current(ctx, scope)
	return st.Map, err
}

// errMoved says the revision asked for was replaced before its document was read.
var errMoved = errors.New("the care map changed while it was being read")

// document reads and parses one stored revision.
func (s *Store) document(ctx context.Context, orgID, digest string) (*caremap.Map, error) {
	var doc string
	err := s.db.QueryRow(ctx, `SELECT document FROM care_maps WHERE org_id = $1 AND digest = $2`, orgID, digest).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errMoved
	}
	if err != nil {
		return nil, fmt.Errorf("read care map document: %w", err)
	}
	return parseStored(orgID, doc)
}

func parseStored(orgID, doc string) (*caremap.Map, error) {
	m, err := caremap.ParseJSON([]byte(doc))
	if err != nil {
		// Stored maps passed these checks when they were written; only a stricter
		// later version of Vigil can refuse one, and that is ours to fix.
		return nil, fmt.Errorf("the stored care map of organisation %s no longer loads: %w", orgID, err)
	}
	return m, nil
}

// errChanged refuses a write that raced another.
var errChanged = vigil.Errorf(vigil.Conflict, "Someone changed the care map at the same moment, so your change was not saved. Look at the care map again and make your change once more.")

// Change says where a replacement map came from.
type Change struct {
	// Base is the revision the change was made to, or 0 to replace whatever is stored.
	// When the stored map has moved on from Base, nothing is stored and the answer is a Conflict.
	Base int
	// Summary says what changed, for the audit trail, such as "Changed the downtime
	// procedure of Emergency Department"; empty means the whole map was replaced.
	Summary string
	// Quiet leaves the listeners out, for a caller that does their work itself (the
	// alert page that adds one host re-matches that host's alerts and counts them).
	Quiet bool
}

// Replaced is what a replacement did.
type Replaced struct {
	Before  Summary // Revision 0 when there was no map before
	After   Summary
	Changed bool // false when the new map equals the stored one, which is then left alone
	// Followup is what a listener could not do after the map was stored; the map is
	// stored regardless.
	Followup error
}

// Replace stores m as the organisation's care map, with its audit record in the same
// transaction. The map must be for the caller's organisation (its organisation code).
func (s *Store) Replace(ctx context.Context, scope vigil.Scope, m *caremap.Map, c Change) (Replaced, error) {
	if err := scope.Require(vigil.WriteCareMap); err != nil {
		return Replaced{}, err
	}
	if code := m.Organisation.Code; code != scope.OrgCode {
		here := scope.OrgCode
		if scope.OrgName != "" {
			here = scope.OrgName + " (" + scope.OrgCode + ")"
		}
		return Replaced{}, vigil.InvalidFields("This care map is for another organisation.", map[string]string{
			"file": fmt.Sprintf("The map's organisation code is %s, but you are working in %s. Check it is the right file, or correct its organisation code.", code, here),
		})
	}
	doc, err := m.JSON()
	if err != nil {
		return Replaced{}, err
	}
	outline := m.Outline()
	r := Replaced{After: summaryOf(m, 0)}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(ctx, `SELECT revision, digest, services, assets, suppliers FROM care_maps WHERE org_id = $1`, scope.OrgID).
			Scan(&r.Before.Revision, &r.Before.Digest, &r.Before.Services, &r.Before.Assets, &r.Before.Suppliers)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read care map: %w", err)
		}
		if c.Base != 0 && c.Base != r.Before.Revision {
			return vigil.Errorf(vigil.Conflict, "Someone changed the care map while you were working on it (it is now version %d), so your change was not saved. Look at it again and make your change once more.", r.Before.Revision)
		}
		if r.Before.Digest == r.After.Digest {
			r.After.Revision = r.Before.Revision
			return nil
		}
		r.Changed = true
		r.After.Revision = r.Before.Revision + 1
		if err := s.write(ctx, tx, scope, r, string(doc)); err != nil {
			return err
		}
		if err := writeOutline(ctx, tx, scope.OrgID, r.After.Digest, outline); err != nil {
			return err
		}
		action, summary := "update", c.Summary
		if summary == "" {
			action, summary = "replace", "Replaced the care map"
		}
		var before any
		if r.Before.Revision > 0 {
			before = r.Before
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{
			Action: action, EntityType: "care-map", EntityID: scope.OrgID,
			Summary: fmt.Sprintf("%s (version %d): %d services, %d assets, %d suppliers", summary, r.After.Revision, r.After.Services, r.After.Assets, r.After.Suppliers),
			Before:  before, After: r.After,
		})
	})
	if err != nil || !r.Changed || c.Quiet {
		return r, err
	}
	var errs []error
	for _, l := range s.listeners {
		errs = append(errs, l(ctx, scope, r))
	}
	r.Followup = errors.Join(errs...)
	return r, nil
}

// write inserts the first map or updates the one read at r.Before.Revision; a concurrent
// change in between makes the update touch no row, which is a conflict.
func (s *Store) write(ctx context.Context, tx *store.Tx, scope vigil.Scope, r Replaced, doc string) error {
	a := r.After
	now := store.Now()
	if r.Before.Revision == 0 {
		_, err := tx.Exec(ctx, `INSERT INTO care_maps (org_id, revision, digest, document, services, assets, suppliers, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			scope.OrgID, a.Revision, a.Digest, doc, a.Services, a.Assets, a.Suppliers, scope.Actor().Label, now)
		if s.db.Dialect.IsUniqueViolation(err) {
			return errChanged
		}
		if err != nil {
			return fmt.Errorf("store care map: %w", err)
		}
		return nil
	}
	res, err := tx.Exec(ctx, `UPDATE care_maps SET revision = $1, digest = $2, document = $3, services = $4, assets = $5, suppliers = $6,
		updated_by = $7, updated_at = $8 WHERE org_id = $9 AND revision = $10`,
		a.Revision, a.Digest, doc, a.Services, a.Assets, a.Suppliers, scope.Actor().Label, now, scope.OrgID, r.Before.Revision)
	if err != nil {
		return fmt.Errorf("store care map: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errChanged
	}
	return nil
}

// Head is one organisation's current care map as the national centre lists it: which
// revision, and the digest that says whether a map kept in memory is still current.
type Head struct {
	OrgID     string
	Revision  int
	Digest    string
	UpdatedAt time.Time
}

// Heads lists every organisation's current care map without reading the documents, so
// that the national centre can keep parsed maps and reload only those that changed.
func (s *Store) Heads(ctx context.Context, scope vigil.Scope) ([]Head, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT org_id, revision, digest, updated_at FROM care_maps ORDER BY org_id`)
	if err != nil {
		return nil, fmt.Errorf("list care maps: %w", err)
	}
	defer rows.Close()
	var out []Head
	for rows.Next() {
		var h Head
		if err := rows.Scan(&h.OrgID, &h.Revision, &h.Digest, &h.UpdatedAt); err != nil {
			return nil, fmt.Errorf("read care map list: %w", err)
		}
		h.UpdatedAt = h.UpdatedAt.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// Load reads the care map h names for analysis, for the national centre: from its
// outline when it has a current one (see outline.go), otherwise (a map stored before
// outlines, until FillOutlines reaches it) from its document, which is a hundred times
// slower but gives the same answers. The map it returns may lack what analysis does not
// read; see caremap.ReadOutline. It bypasses the per-organisation cache, which holds
// fewer maps than a national question reads; the caller keeps what it needs. A map
// replaced since h was listed is a Conflict.
func (s *Store) Load(ctx context.Context, scope vigil.Scope, h Head) (*caremap.Map, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return nil, err
	}
	var outline []byte
	err := s.db.QueryRow(ctx, `SELECT outline FROM care_map_outlines WHERE org_id = $1 AND digest = $2 AND format = $3`,
		h.OrgID, h.Digest, caremap.OutlineFormat).Scan(&outline)
	var damaged error
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, fmt.Errorf("read care map outline: %w", err)
	default:
		m, err := caremap.ReadOutline(outline, h.Digest)
		if err == nil {
			return m, nil
		}
		// A damaged outline costs speed, not the answer: the document is the truth.
		damaged = err
	}
	m, err := s.document(ctx, h.OrgID, h.Digest)
	if errors.Is(err, errMoved) {
		return nil, vigil.Errorf(vigil.Conflict, "A care map changed while it was being read. Ask the question again.")
	}
	if err != nil {
		return nil, err
	}
	if damaged != nil {
		// FillOutlines passes over an outline at the current digest and format, so
		// without this the map would be read from its document on every restart.
		// The answer is already in hand: should the write fail, the next read
		// tries again.
		_, _ = s.writeCurrentOutline(ctx, h.OrgID, h.Digest, m.Outline())
	}
	return m, nil
}
