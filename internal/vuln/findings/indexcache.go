package findings

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"bytes"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/advisory"
	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
)

// maxCachedIndexes is how many organisations' advisory indexes are kept in memory. An
// index of the advisories that apply to an organisation is worth keeping: building it
// means decoding every stored advisory, while bringing it up to date reads only those
// imported since.
const maxCachedIndexes = 16

// indexCache keeps organisations' advisory indexes between evaluations, and what each
// organisation's holdings name (see reachOf): small, so kept for every organisation
// evaluated, even when its index has been evicted.
type indexCache struct {
	mu    sync.Mutex
	byOrg map[string]*orgIndex
	order []string // oldest first, for eviction
	reach map[string]reachAt
	// naming guards named, apart from mu: naming a backlog of older advisories takes
	// long, and must not hold up what else the cache is asked meanwhile.
	naming sync.Mutex
	// named is set once every advisory stored before names were has its names.
	named bool
}

// reachAt is what an organisation's holdings name, and the stamp of the holdings then
// (see holdingsStamp): when the stamp moves on, the reach is not trusted.
type reachAt struct {
	names map[string]bool
	stamp string
}

// orgIndex is one organisation's index and how far it has read. Its lock is held for a
// whole evaluation, because an index must not change while it matches; evaluations of
// one organisation therefore run one at a time.
type orgIndex struct {
	mu        sync.Mutex
	ix        *match.Index
	withdrawn map[string]bool      // source:id of withdrawn advisories
	rows      map[string]time.Time // org_id, source and id of every row read, and when it was imported
	feeds     string               // which KEV and EPSS files it holds
	// inventories are the organisation's uploads, parsed, by id.
	inventories map[string]parsedInventory
}

// parsedInventory is an upload as read, and when it was uploaded, so a replacement is
// read again.
type parsedInventory struct {
	at  time.Time
	inv *sbom.Inventory
}

// remember keeps what an evaluation found the organisation's holdings name.
func (c *indexCache) remember(orgID string, r reachAt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reach == nil {
		c.reach = map[string]reachAt{}
	}
	c.reach[orgID] = r
}

// known is what the organisation's last evaluation found its holdings name.
func (c *indexCache) known(orgID string) (reachAt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.reach[orgID]
	return r, ok
}

// mayBeHit reports whether advisories naming these packages and products could change
// the organisation's findings: always, unless an evaluation in this process has said
// what it runs, its holdings have not changed since (on any node), and it runs none of
// them.
func (s *Service) mayBeHit(ctx context.Context, orgID string, named map[string]bool) (bool, error) {
	r, ok := s.indexes.known(orgID)
	if !ok {
		return true, nil
	}
	stamp, err := s.holdingsStamp(ctx, orgID)
	if err != nil || stamp != r.stamp {
		return true, err
	}
	for n := range named {
		if r.names[n] {
			return true, nil
		}
	}
	return false, nil
}

// holdingsStamp changes whenever the organisation's holdings may have: an upload, a
// removal, or a new revision of its care map (whose assets carry CPEs and purls).
func (s *Service) holdingsStamp(ctx context.Context, orgID string) (string, error) {
	var n int
	var newest any // SQLite answers MAX over times as text, PostgreSQL as a time
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), MAX(uploaded_at) FROM vuln_inventories WHERE org_id = $1`, orgID).Scan(&n, &newest)
	if err != nil {
		return "", fmt.Errorf("read inventories: %w", err)
	}
	revision := 0
	sys := asVigil(vigil.Org{ID: orgID})
	if st, err := s.maps.Current(ctx, sys); err == nil {
		revision = st.Revision
	} else if !vigil.IsNotFound(err) {
		return "", err
	}
	return fmt.Sprintf("%d %v %d", n, newest, revision), nil
}

func (c *indexCache) entry(orgID string) *orgIndex {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byOrg == nil {
		c.byOrg = map[string]*orgIndex{}
	}
	if e, ok := c.byOrg[orgID]; ok {
		return e
	}
	if len(c.order) >= maxCachedIndexes {
		delete(c.byOrg, c.order[0])
		c.order = c.order[1:]
	}
	e := &orgIndex{}
	c.byOrg[orgID] = e
	c.order = append(c.order, orgID)
	return e
}

// refresh brings the organisation's index up to date with the database: the advisories
// that name something its holdings name (and those carrying VEX statements), decoding
// only those added or changed since it last read, and the KEV and EPSS files when they
// changed. Call it with e.mu held.
func (s *Service) refresh(ctx context.Context, orgID string, e *orgIndex, names map[string]bool) error {
	if err := s.nameOlderAdvisories(ctx); err != nil {
		return err
	}
	if e.ix == nil {
		e.reset()
	}
	complete, err := s.readAdvisories(ctx, orgID, e, names)
	if err != nil {
		return err
	}
	if !complete {
		// An advisory read before no longer names what the organisation runs, or is
		// gone: it may not stay in the index, so read everything again.
		e.reset()
		if _, err := s.readAdvisories(ctx, orgID, e, names); err != nil {
			return err
		}
	}
	return s.refreshFeeds(ctx, orgID, e)
}

// reset empties the index, so that everything is read again. The lock stays as it is.
func (e *orgIndex) reset() {
	e.ix, e.withdrawn, e.rows, e.feeds = match.NewIndex(), map[string]bool{}, map[string]time.Time{}, ""
}

// reachOf names what the holdings hold as advisories name it: packages, CPE products, and
// the products the device alias list gives for components known only by name.
func reachOf(hs []holding, devices *match.Devices) map[string]bool {
	out := map[string]bool{}
	for _, h := range hs {
		for i := range h.inv.Components {
			c := &h.inv.Components[i]
			if !c.Package.IsZero() {
				out["p:"+c.Package.String()] = true
			} else {
				for _, p := range devices.Products(c.Name) {
					out["c:"+p] = true
				}
			}
			if c.Product != "" {
				out["c:"+c.Product] = true
			}
		}
	}
	return out
}

// namedBy names the packages and products the advisories are about, as reachOf does; nil
// (every organisation may be touched) when one is withdrawn, names nothing, or carries VEX
// statements, whose reach the names do not show.
func namedBy(as []advisory.Advisory) map[string]bool {
	out := map[string]bool{}
	for i := range as {
		a := &as[i]
		if a.IsWithdrawn() || len(a.Affected) == 0 || len(a.Statements) > 0 {
			return nil
		}
		for _, n := range advisoryNames(a) {
			out[n] = true
		}
	}
	return out
}

// everyone is the name kept for an advisory whose VEX statements may reach any
// organisation: every evaluation reads it.
const everyone = "*"

// advisoryNames names the packages and products the advisory is about, as reachOf does,
// and everyone when it carries VEX statements.
func advisoryNames(a *advisory.Advisory) []string {
	var out []string
	if len(a.Statements) > 0 {
		out = append(out, everyone)
	}
	for _, af := range a.Affected {
		if !af.Package.IsZero() {
			out = append(out, "p:"+af.Package.String())
		}
		if af.Product != "" {
			out = append(out, "c:"+af.Product)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// namesPerQuery is how many names one query looks advisories up by.
const namesPerQuery = 500

// readAdvisories puts into the index the advisories that name any of names or carry VEX
// statements, decoding only those stored since the index last read them. It reports
// false when an advisory the index holds was not among them.
func (s *Service) readAdvisories(ctx context.Context, orgID string, e *orgIndex, names map[string]bool) (bool, error) {
	list := make([]any, 0, len(names)+1)
	list = append(list, everyone)
	for n := range names {
		list = append(list, n)
	}
	found := make(map[string]bool, len(e.rows))
	for start := 0; start < len(list); start += namesPerQuery {
		part := list[start:min(start+namesPerQuery, len(list))]
		if err := s.readNamed(ctx, orgID, e, part, found); err != nil {
			return false, err
		}
	}
	for k := range e.rows {
		if !found[k] {
			return false, nil
		}
	}
	return true, nil
}

// readNamed reads the advisories that name any of names, noting each in found. It looks
// the names up first and then reads the advisories by primary key, a query per owner
// and source: asked as one join, PostgreSQL (its statistics stale after a bulk import)
// chose to hash every stored advisory, seconds for a 250,000-record feed.
func (s *Service) readNamed(ctx context.Context, orgID string, e *orgIndex, names []any, found map[string]bool) error {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT org_id, source, advisory_id FROM vuln_advisory_names
		WHERE (org_id = $1 OR shared = $2) AND name IN `+store.Placeholders(3, 1, len(names)),
		append([]any{orgID, true}, names...)...)
	if err != nil {
		return fmt.Errorf("read advisories: %w", err)
	}
	type owned struct{ org, source string }
	ids := map[owned][]any{}
	for rows.Next() {
		var o owned
		var id string
		if err := rows.Scan(&o.org, &o.source, &id); err != nil {
			rows.Close()
			return fmt.Errorf("read advisories: %w", err)
		}
		ids[o] = append(ids[o], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read advisories: %w", err)
	}
	for o, list := range ids {
		for start := 0; start < len(list); start += lookupChunk {
			part := list[start:min(start+lookupChunk, len(list))]
			if err := s.readByID(ctx, o.org, o.source, part, e, found); err != nil {
				return err
			}
		}
	}
	return nil
}

// readByID reads the advisories of one owner and source with these ids, decoding those
// the index does not hold as they are now.
func (s *Service) readByID(ctx context.Context, owner, source string, ids []any, e *orgIndex, found map[string]bool) error {
	rows, err := s.db.Query(ctx, `SELECT advisory_id, body, imported_at FROM vuln_advisories
		WHERE org_id = $1 AND source = $2 AND advisory_id IN `+store.Placeholders(3, 1, len(ids)),
		append([]any{owner, source}, ids...)...)
	if err != nil {
		return fmt.Errorf("read advisories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, body string
		var at time.Time
		if err := rows.Scan(&id, &body, &at); err != nil {
			return fmt.Errorf("read advisories: %w", err)
		}
		row := strings.Join([]string{owner, source, id}, "\x00")
		found[row] = true
		if was, ok := e.rows[row]; ok && was.Equal(at) {
			continue
		}
		var a advisory.Advisory
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			return fmt.Errorf("read stored advisory %s: %w", id, err)
		}
		key := string(a.Source) + ":" + a.ID
		if a.IsWithdrawn() {
			e.withdrawn[key] = true
		} else {
			delete(e.withdrawn, key)
		}
		e.ix.Put(a)
		e.rows[row] = at
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read advisories: %w", err)
	}
	return nil
}

// refreshFeeds reads the KEV and EPSS files again when others apply than those held.
func (s *Service) refreshFeeds(ctx context.Context, orgID string, e *orgIndex) error {
	rows, err := s.db.Query(ctx, `SELECT kind, org_id, imported_at FROM vuln_feeds WHERE org_id = $1 OR shared = $2 ORDER BY kind, org_id`, orgID, true)
	if err != nil {
		return fmt.Errorf("read feeds: %w", err)
	}
	var stamp strings.Builder
	for rows.Next() {
		var kind, owner string
		var at time.Time
		if err := rows.Scan(&kind, &owner, &at); err != nil {
			rows.Close()
			return err
		}
		fmt.Fprintf(&stamp, "%s %s %s;", kind, owner, at.UTC().Format(time.RFC3339Nano))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if stamp.String() == e.feeds {
		return nil
	}
	e.ix.SetKEV(nil)
	e.ix.SetEPSS(nil)
	if name, body, ok, err := s.feed(ctx, orgID, KEVFeed); err != nil {
		return err
	} else if ok {
		k, _, err := advisory.ReadKEV(name, bytes.NewReader(body))
		if err != nil {
			return err
		}
		e.ix.SetKEV(k)
	}
	if name, body, ok, err := s.feed(ctx, orgID, EPSSFeed); err != nil {
		return err
	} else if ok {
		ep, _, err := advisory.ReadEPSS(name, bytes.NewReader(body))
		if err != nil {
			return err
		}
		e.ix.SetEPSS(ep)
	}
	e.feeds = stamp.String()
	return nil
}
