package findings

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/match"
	"github.com/vigil-health/vigil/internal/vuln/sbom"
	"github.com/vigil-health/vigil/internal/vuln/ssvc"
)

// Evaluated is what one evaluation of an organisation's findings found.
type Evaluated struct {
	Open   int // findings open after the evaluation
	New    int // of them, not open before
	Closed int // findings open before and no longer found
}

// Evaluate matches every inventory of the caller's organisation, and the identifiers of
// its care-map assets, against the advisories it holds, and keeps the findings: new ones
// open, gone ones close, saying why (a withdrawn advisory, or no longer matched).
func (s *Service) Evaluate(ctx context.Context, scope vigil.Scope) (Evaluated, error) {
	if err := scope.Require(vigil.WriteVulns); err != nil {
		return Evaluated{}, err
	}
	return s.evaluate(ctx, scope.OrgID, scope.Actor())
}

// holding is one inventory to match and the care-map asset it is attached to.
type holding struct {
	id, asset string
	inv       *sbom.Inventory
}

// record is what a finding's body column keeps beside the match.
type record struct {
	Finding match.Finding     `json:"finding"`
	Asset   *ssvc.AssetImpact `json:"asset,omitempty"`
	Analyst *Decision         `json:"analyst,omitempty"`
}

func (s *Service) evaluate(ctx context.Context, orgID string, actor vigil.Actor) (Evaluated, error) {
	o, err := s.orgs.OrganisationByID(ctx, orgID)
	if err != nil {
		return Evaluated{}, err
	}
	sys := o.System("Vulnerability matching")
	var m *caremap.Map
	if st, err := s.maps.Current(ctx, sys); err == nil {
		m = st.Map
	} else if !vigil.IsNotFound(err) {
		return Evaluated{}, err
	}
	cached := s.indexes.entry(orgID)
	cached.mu.Lock()
	defer cached.mu.Unlock()
	holdings, err := s.holdings(ctx, orgID, m, cached)
	if err != nil {
		return Evaluated{}, err
	}
	stamp, err := s.holdingsStamp(ctx, orgID)
	if err != nil {
		return Evaluated{}, err
	}
	reach := reachAt{names: reachOf(holdings, s.devices), stamp: stamp}
	if err := s.refresh(ctx, orgID, cached, reach.names); err != nil {
		return Evaluated{}, err
	}
	ix, withdrawn := cached.ix, cached.withdrawn
	decisions, err := s.decisions(ctx, orgID)
	if err != nil {
		return Evaluated{}, err
	}
	var cm *ssvc.CareMap
	if m != nil {
		cm = ssvc.NewCareMap(m)
	}
	now := s.clock().UTC()
	found := map[string]placed{}
	var order []string
	for _, h := range holdings {
		var system match.System
		if cm != nil {
			if ai, err := cm.Asset(h.asset); err == nil {
				system.Asset = &ai
			}
		}
		for _, f := range ix.Match(h.inv, system) {
			rec := record{Finding: f, Asset: system.Asset}
			if d, ok := decisions[decisionKey(f)]; ok {
				rec.Finding.Status, rec.Analyst = d.Status, &d
			}
			k := findingKey(h.id, f)
			if _, dup := found[k]; !dup {
				order = append(order, k)
			}
			found[k] = placed{rec, h}
		}
	}
	var res Evaluated
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := openKeys(ctx, tx, orgID)
		if err != nil {
			return err
		}
		for _, k := range order {
			if !before[k].open {
				res.New++
			}
		}
		if err := keepFindings(ctx, tx, orgID, order, found, before, now); err != nil {
			return err
		}
		closing := map[string][]string{} // reason → keys
		for k, was := range before {
			if _, still := found[k]; still || !was.open {
				continue
			}
			reason := "no longer matched: the component was updated or removed, or the advisory changed"
			if withdrawn[was.advisory] {
				reason = "withdrawn: the advisory was withdrawn by its source"
			}
			closing[reason] = append(closing[reason], k)
			res.Closed++
		}
		if err := closeFindings(ctx, tx, orgID, closing); err != nil {
			return err
		}
		res.Open = len(found)
		return audit.Record(ctx, tx, actor, audit.Change{Action: "evaluate", EntityType: "vuln-findings", EntityID: orgID,
			Summary: fmt.Sprintf("Worked out findings again: %d open, %d new, %d closed", res.Open, res.New, res.Closed), After: res})
	})
	if err == nil {
		s.indexes.remember(orgID, reach)
	}
	return res, err
}

// placed is a finding and the holding it was found in.
type placed struct {
	record
	holding holding
}

// findingKey names a finding across evaluations: the vulnerability, the inventory and
// the component, at its version. A new version is a new finding; decisions carry over.
func findingKey(inventoryID string, f match.Finding) string {
	c := f.Component
	sum := sha256.Sum256([]byte(strings.Join([]string{f.Advisory, inventoryID, c.Ref, c.Name, c.Version, c.PURL, c.CPE}, "\x00")))
	return hex.EncodeToString(sum[:16])
}

// seen is what is held of a finding before an evaluation.
type seen struct {
	id        string
	firstSeen time.Time
	open      bool
	advisory  string
}

func openKeys(ctx context.Context, tx *store.Tx, orgID string) (map[string]seen, error) {
	rows, err := tx.Query(ctx, `SELECT id, first_seen, finding_key, open, body FROM vuln_findings WHERE org_id = $1`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	defer rows.Close()
	out := map[string]seen{}
	for rows.Next() {
		var id, k, body string
		var firstSeen time.Time
		var open bool
		if err := rows.Scan(&id, &firstSeen, &k, &open, &body); err != nil {
			return nil, err
		}
		var r record
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("finding %s: %w", k, err)
		}
		sv := seen{id: id, firstSeen: firstSeen, open: open}
		for _, src := range r.Finding.Sources {
			sv.advisory = src // source:id of the advisory that matched
			break
		}
		out[k] = sv
	}
	return out, rows.Err()
}

// dueOn is when a finding should be dealt with by: its decision's allowance from when it
// was first seen, or the KEV due date if that is sooner. Defer has no due date.
func dueOn(f match.Finding, firstSeen time.Time) string {
	days, ok := dueDays[f.Decision.Priority]
	if !ok {
		return ""
	}
	due := firstSeen.UTC().AddDate(0, 0, days).Format(time.DateOnly)
	if f.KEV != nil && f.KEV.DueDate != "" && f.KEV.DueDate < due && f.KEV.DueDate >= firstSeen.UTC().Format(time.DateOnly) {
		due = f.KEV.DueDate
	}
	return due
}

// feed is the newest KEV catalogue or EPSS file that applies to the organisation: its own
// or one a national centre shares.
func (s *Service) feed(ctx context.Context, orgID string, kind FeedKind) (string, []byte, bool, error) {
	var name string
	var body []byte
	err := s.db.QueryRow(ctx, `SELECT document, body FROM vuln_feeds WHERE kind = $1 AND (org_id = $2 OR shared = $3)
		ORDER BY imported_at DESC LIMIT 1`, kind, orgID, true).Scan(&name, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, false, nil
	}
	if err != nil {
		return "", nil, false, fmt.Errorf("read %s feed: %w", kind, err)
	}
	return name, body, true, nil
}

// holdings reads the organisation's inventories, and makes one from each care-map
// asset's own CPE and purl. Inventories already read are kept in e, so only a new or
// replaced upload is parsed again. Call it with e.mu held.
func (s *Service) holdings(ctx context.Context, orgID string, m *caremap.Map, e *orgIndex) ([]holding, error) {
	rows, err := s.db.Query(ctx, `SELECT id, asset_id, document, uploaded_at FROM vuln_inventories WHERE org_id = $1 ORDER BY uploaded_at, id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("read inventories: %w", err)
	}
	type stored struct {
		holding
		doc string
		at  time.Time
	}
	var list []stored
	for rows.Next() {
		var st stored
		if err := rows.Scan(&st.id, &st.asset, &st.doc, &st.at); err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := map[string]parsedInventory{}
	var out []holding
	for _, st := range list {
		p, ok := e.inventories[st.id]
		if !ok || !p.at.Equal(st.at) {
			var body []byte
			if err := s.db.QueryRow(ctx, `SELECT body FROM vuln_inventories WHERE org_id = $1 AND id = $2`, orgID, st.id).Scan(&body); err != nil {
				return nil, fmt.Errorf("read inventory %s: %w", st.doc, err)
			}
			inv, err := sbom.Read(st.doc, bytes.NewReader(body))
			if err != nil {
				return nil, fmt.Errorf("read stored inventory %s: %w", st.doc, err)
			}
			p = parsedInventory{at: st.at, inv: inv}
		}
		kept[st.id] = p
		st.inv = p.inv
		out = append(out, st.holding)
	}
	e.inventories = kept
	if m != nil {
		for _, a := range m.Assets {
			if a.Identifiers.CPE == "" && a.Identifiers.PURL == "" {
				continue
			}
			inv := sbom.FromAsset(a)
			inv.Document = "caremap/" + a.ID
			out = append(out, holding{id: "caremap:" + a.ID, asset: a.ID, inv: inv})
		}
	}
	return out, nil
}
