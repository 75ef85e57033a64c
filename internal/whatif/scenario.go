// Package whatif keeps the what-if scenarios each organisation saves — "pathology
// supplier ransomware, 14 days" — and runs them on its current care map, saying what
// changed since the last run as the map changes.
package whatif

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Service keeps each organisation's saved scenarios and runs them on its
// current care map. Every method takes the caller's scope.
type Service struct {
	db    *store.DB
	maps  *mapstore.Store
	ranks *impact.Cache
	// national keeps every organisation's map indexed for the national centre's questions.
	national *nationalMaps
}

// New returns the scenario service on db, reading care maps from maps.
func New(db *store.DB, maps *mapstore.Store) *Service {
	return &Service{db: db, maps: maps, ranks: impact.NewCache(mapstore.CacheSize), national: newNationalMaps()}
}

// Scenario is a saved what-if, such as "pathology supplier ransomware, 14 days": events
// to run again as the care map changes.
type Scenario struct {
	ID        string
	Name      string
	Events    []impact.Event
	CreatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
	LastRun   *Run // nil until it is first run
}

// Run is what one run of a scenario found, kept so the next run can say what changed.
type Run struct {
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Revision int       `json:"revision"` // of the care map it ran on
	Digest   string    `json:"digest"`
	Services []Outcome `json:"services"` // every affected service, most dangerous first
}

// Outcome is how one service came out of a run.
type Outcome struct {
	ID            string       `json:"id"`
	Name          string       `json:"name"`
	State         impact.State `json:"state"`
	Untrustworthy bool         `json:"untrustworthy"`
	Risk          int          `json:"risk"`
}

// ScenarioDetails are what a person gives to save or change a scenario.
type ScenarioDetails struct {
	Name   string         `json:"name"`
	Events []impact.Event `json:"events"`
}

// Limits on a scenario, so a saved one stays something a person can read.
const (
	MaxScenarioName   = 120 // characters
	MaxScenarioEvents = 50
)

var errNoScenario = vigil.Errorf(vigil.NotFound, "There is no such scenario.")

const scenarioColumns = `id, name, events, created_by, created_at, updated_at, last_run`

func scanScenario(row interface{ Scan(...any) error }) (Scenario, error) {
	var sc Scenario
	var events, lastRun string
	if err := row.Scan(&sc.ID, &sc.Name, &events, &sc.CreatedBy, &sc.CreatedAt, &sc.UpdatedAt, &lastRun); err != nil {
		return Scenario{}, err
	}
	sc.CreatedAt, sc.UpdatedAt = sc.CreatedAt.UTC(), sc.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(events), &sc.Events); err != nil {
		return Scenario{}, fmt.Errorf("scenario %s events: %w", sc.ID, err)
	}
	if lastRun != "" {
		sc.LastRun = &Run{}
		if err := json.Unmarshal([]byte(lastRun), sc.LastRun); err != nil {
			return Scenario{}, fmt.Errorf("scenario %s last run: %w", sc.ID, err)
		}
	}
	return sc, nil
}

// Scenarios lists the organisation's saved scenarios by name.
func (s *Service) Scenarios(ctx context.Context, scope vigil.Scope) ([]Scenario, error) {
	if err := scope.Require(vigil.ReadCareMap); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+scenarioColumns+` FROM impact_scenarios WHERE org_id = $1 ORDER BY name, id`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	defer rows.Close()
	var out []Scenario
	for rows.Next() {
		sc, err := scanScenario(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Scenario returns one of the organisation's scenarios; another organisation's id is not found.
func (s *Service) Scenario(ctx context.Context, scope vigil.Scope, id string) (Scenario, error) {
	if err := scope.Require(vigil.ReadCareMap); err != nil {
		return Scenario{}, err
	}
	return s.scenarioIn(ctx, s.db, scope, id)
}

func (s *Service) scenarioIn(ctx context.Context, q store.Querier, scope vigil.Scope, id string) (Scenario, error) {
	sc, err := scanScenario(q.QueryRow(ctx, `SELECT `+scenarioColumns+` FROM impact_scenarios WHERE org_id = $1 AND id = $2`, scope.OrgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Scenario{}, errNoScenario
	}
	return sc, err
}

// check tidies the details and says everything wrong with them, keyed by form field. The
// targets must be in the organisation's current map, so a scenario saved today runs today.
func (d *ScenarioDetails) check(m *caremap.Map) error {
	d.Name = strings.TrimSpace(d.Name)
	problems := map[string]string{}
	if d.Name == "" || utf8.RuneCountInString(d.Name) > MaxScenarioName {
		problems["name"] = fmt.Sprintf("Enter a name for the scenario (up to %d characters), such as Pathology supplier ransomware, 14 days", MaxScenarioName)
	}
	switch {
	case len(d.Events) == 0:
		problems["events"] = "Choose at least one thing that happens"
	case len(d.Events) > MaxScenarioEvents:
		problems["events"] = fmt.Sprintf("A scenario can have up to %d events", MaxScenarioEvents)
	default:
		var bad []string
		for _, e := range d.Events {
			switch {
			case e.Mode < impact.ModeUnavailable || e.Mode > impact.ModeConfidentiality:
				bad = append(bad, fmt.Sprintf("the event on %q has no mode", e.Target))
			case e.Duration <= 0 || e.Duration > caremap.MaxDuration:
				bad = append(bad, fmt.Sprintf("the event on %q needs a duration between 1m and ten years", e.Target))
			default:
				if _, ok := m.TypeOf(e.Target); !ok {
					bad = append(bad, fmt.Sprintf("%q is not in the care map", e.Target))
				}
			}
		}
		if len(bad) > 0 {
			problems["events"] = strings.Join(bad, "; ")
		}
	}
	if len(problems) > 0 {
		return vigil.InvalidFields("The scenario has a problem.", problems)
	}
	return nil
}

// CreateScenario saves a new scenario for the organisation.
func (s *Service) CreateScenario(ctx context.Context, scope vigil.Scope, d ScenarioDetails) (Scenario, error) {
	if err := scope.Require(vigil.WriteScenarios); err != nil {
		return Scenario{}, err
	}
	m, err := s.maps.Map(ctx, scope)
	if err != nil {
		return Scenario{}, err
	}
	if err := d.check(m); err != nil {
		return Scenario{}, err
	}
	events, err := json.Marshal(d.Events)
	if err != nil {
		return Scenario{}, err
	}
	now := store.Now()
	sc := Scenario{ID: store.NewID(), Name: d.Name, Events: d.Events, CreatedBy: scope.Actor().Label, CreatedAt: now, UpdatedAt: now}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO impact_scenarios (id, org_id, name, events, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, sc.ID, scope.OrgID, sc.Name, string(events), sc.CreatedBy, now, now)
		if err != nil {
			return s.scenarioWriteError(err, sc.Name)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "scenario", EntityID: sc.ID,
			Summary: "Saved the what-if scenario " + sc.Name, After: d})
	})
	return sc, err
}

func (s *Service) scenarioWriteError(err error, name string) error {
	if s.db.Dialect.IsUniqueViolation(err) {
		return vigil.InvalidFields("The scenario has a problem.", map[string]string{"name": "There is already a scenario called " + name + ". Choose another name."})
	}
	return fmt.Errorf("save scenario: %w", err)
}

// UpdateScenario renames a scenario or changes its events. Its last run is kept, so the
// next run still says what changed.
func (s *Service) UpdateScenario(ctx context.Context, scope vigil.Scope, id string, d ScenarioDetails) (Scenario, error) {
	if err := scope.Require(vigil.WriteScenarios); err != nil {
		return Scenario{}, err
	}
	m, err := s.maps.Map(ctx, scope)
	if err != nil {
		return Scenario{}, err
	}
	if err := d.check(m); err != nil {
		return Scenario{}, err
	}
	events, err := json.Marshal(d.Events)
	if err != nil {
		return Scenario{}, err
	}
	var sc Scenario
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.scenarioIn(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		now := store.Now()
		if _, err := tx.Exec(ctx, `UPDATE impact_scenarios SET name = $1, events = $2, updated_at = $3 WHERE org_id = $4 AND id = $5`,
			d.Name, string(events), now, scope.OrgID, id); err != nil {
			return s.scenarioWriteError(err, d.Name)
		}
		sc = before
		sc.Name, sc.Events, sc.UpdatedAt = d.Name, d.Events, now
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "update", EntityType: "scenario", EntityID: id,
			Summary: "Changed the what-if scenario " + d.Name,
			Before:  ScenarioDetails{Name: before.Name, Events: before.Events}, After: d})
	})
	return sc, err
}

// DeleteScenario removes a scenario.
func (s *Service) DeleteScenario(ctx context.Context, scope vigil.Scope, id string) error {
	if err := scope.Require(vigil.WriteScenarios); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		before, err := s.scenarioIn(ctx, tx, scope, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM impact_scenarios WHERE org_id = $1 AND id = $2`, scope.OrgID, id); err != nil {
			return fmt.Errorf("delete scenario: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "delete", EntityType: "scenario", EntityID: id,
			Summary: "Deleted the what-if scenario " + before.Name, Before: ScenarioDetails{Name: before.Name, Events: before.Events}})
	})
}
