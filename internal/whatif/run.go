package whatif

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// ScenarioRun is one run of a saved scenario on the current care map.
type ScenarioRun struct {
	Scenario Scenario // LastRun is this run
	Map      mapstore.Stored
	Result   impact.Result
	Previous *Run    // the run before this one; nil on the first
	Changes  Changes // since Previous
}

// Changes is what a scenario does differently from its previous run.
type Changes struct {
	// MapChanged says the care map changed between the runs; when it did not, the
	// outcomes are the same and the lists below are empty.
	MapChanged     bool            `json:"map_changed"`
	FromRevision   int             `json:"from_revision"`
	ToRevision     int             `json:"to_revision"`
	NewlyAtRisk    []Outcome       `json:"newly_at_risk,omitempty"`
	NoLongerAtRisk []Outcome       `json:"no_longer_at_risk,omitempty"`
	Changed        []OutcomeChange `json:"changed,omitempty"` // still affected, but with another risk level or state
}

// OutcomeChange is one service affected in both runs, but differently.
type OutcomeChange struct {
	Was Outcome `json:"was"`
	Now Outcome `json:"now"`
}

// Any reports whether the outcomes differ.
func (c Changes) Any() bool {
	return len(c.NewlyAtRisk)+len(c.NoLongerAtRisk)+len(c.Changed) > 0
}

// RunScenario runs a saved scenario on the organisation's current care map, keeps what it
// found as the scenario's last run, and says what changed since the run before.
func (s *Service) RunScenario(ctx context.Context, scope vigil.Scope, id string) (ScenarioRun, error) {
	if err := scope.Require(vigil.WriteScenarios); err != nil {
		return ScenarioRun{}, err
	}
	st, err := s.maps.Current(ctx, scope)
	if err != nil {
		return ScenarioRun{}, err
	}
	sc, err := s.Scenario(ctx, scope, id)
	if err != nil {
		return ScenarioRun{}, err
	}
	res, err := impact.Analyse(st.Map, sc.Events)
	if err != nil {
		return ScenarioRun{}, err
	}
	run := Run{At: store.Now(), By: scope.Actor().Label, Revision: st.Revision, Digest: st.Map.Version(), Services: outcomes(res)}
	out := ScenarioRun{Scenario: sc, Map: st, Result: res, Previous: sc.LastRun}
	if prev := sc.LastRun; prev != nil {
		out.Changes = Compare(*prev, run)
	}
	b, err := json.Marshal(run)
	if err != nil {
		return ScenarioRun{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := tx.Exec(ctx, `UPDATE impact_scenarios SET last_run = $1 WHERE org_id = $2 AND id = $3`, string(b), scope.OrgID, id)
		if err != nil {
			return fmt.Errorf("keep scenario run: %w", err)
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			return errNoScenario // deleted meanwhile
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "run", EntityType: "scenario", EntityID: id,
			Summary: fmt.Sprintf("Ran the what-if scenario %s on care map version %d: %d services affected, highest risk %d",
				sc.Name, st.Revision, len(run.Services), highestRisk(run.Services))})
	})
	out.Scenario.LastRun = &run
	return out, err
}

func outcomes(r impact.Result) []Outcome {
	out := make([]Outcome, len(r.Services))
	for i, s := range r.Services {
		out[i] = Outcome{ID: s.ID, Name: s.Name, State: s.State, Untrustworthy: s.Untrustworthy, Risk: s.Risk}
	}
	return out
}

func highestRisk(os []Outcome) int {
	top := 0
	for _, o := range os {
		top = max(top, o.Risk)
	}
	return top
}

// Compare says how a scenario's outcomes moved from one run to the next. The lists keep
// the order of the run they come from, most dangerous first.
func Compare(was, now Run) Changes {
	c := Changes{MapChanged: was.Digest != now.Digest, FromRevision: was.Revision, ToRevision: now.Revision}
	before := make(map[string]Outcome, len(was.Services))
	for _, o := range was.Services {
		before[o.ID] = o
	}
	after := make(map[string]bool, len(now.Services))
	for _, o := range now.Services {
		after[o.ID] = true
		w, ok := before[o.ID]
		switch {
		case !ok:
			c.NewlyAtRisk = append(c.NewlyAtRisk, o)
		case w.Risk != o.Risk || w.State != o.State || w.Untrustworthy != o.Untrustworthy:
			c.Changed = append(c.Changed, OutcomeChange{Was: w, Now: o})
		}
	}
	for _, o := range was.Services {
		if !after[o.ID] {
			c.NoLongerAtRisk = append(c.NoLongerAtRisk, o)
		}
	}
	return c
}
