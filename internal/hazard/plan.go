package hazard

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// Plans are reviews of security plans: a change that takes systems down
// (a patching window, a migration, an MFA roll-out) described by the assets
// it touches and when, the impact of that downtime at that time of day,
// and the CSO's decision. This is how clinical safety gets a say in the
// cyber team's plans.
type Plans struct {
	db   *store.DB
	maps *mapstore.Store
}

// NewPlans returns the plan reviews on db, analysed on the care maps in maps.
func NewPlans(db *store.DB, maps *mapstore.Store) *Plans { return &Plans{db: db, maps: maps} }

// Plan is one security plan put to review.
type Plan struct {
	ID  string
	Ref int // shown as PR-001
	PlanDetails
	Decision  Decision
	Note      string // the conditions, or why it was rejected
	DecidedBy string
	DecidedAt time.Time
	// Decided is the analysis as the CSO saw it when deciding; nil until then.
	Decided   *PlanAnalysis
	Version   int
	CreatedBy string
	CreatedAt time.Time
}

// Code is how people refer to the plan review: PR-001.
func (p Plan) Code() string { return fmt.Sprintf("PR-%03d", p.Ref) }

// PlanDetails describe the change.
type PlanDetails struct {
	Title       string
	Kind        ChangeKind
	Description string
	Assets      []string    // care map asset ids
	Mode        impact.Mode // unavailable or degraded while the work is done
	Start       time.Time
	Duration    caremap.Duration
}

// ChangeKind is what sort of security change a plan is.
type ChangeKind string

// The kinds of change.
const (
	Patching     ChangeKind = "patching"
	Segmentation ChangeKind = "segmentation"
	MFARollout   ChangeKind = "mfa"
	EDRDeploy    ChangeKind = "edr"
	Migration    ChangeKind = "migration"
	OtherChange  ChangeKind = "other"
)

// ChangeKinds lists the kinds in the order forms offer them.
var ChangeKinds = []ChangeKind{Patching, Segmentation, MFARollout, EDRDeploy, Migration, OtherChange}

// Label is the kind in words.
func (k ChangeKind) Label() string {
	return map[ChangeKind]string{Patching: "Patching window", Segmentation: "Network segmentation", MFARollout: "Multi-factor authentication roll-out",
		EDRDeploy: "Endpoint detection and response (EDR) deployment", Migration: "System migration", OtherChange: "Other change"}[k]
}

// Decision is the CSO's answer to a plan.
type Decision string

// The decisions.
const (
	Awaiting               Decision = "awaiting"
	Approved               Decision = "approved"
	ApprovedWithConditions Decision = "approved-with-conditions"
	Rejected               Decision = "rejected"
)

// Label is the decision in words.
func (d Decision) Label() string {
	return map[Decision]string{Awaiting: "Awaiting the CSO's decision", Approved: "Approved", ApprovedWithConditions: "Approved with conditions", Rejected: "Rejected"}[d]
}

// Limits on a plan.
const (
	MaxPlanAssets   = 100
	MaxPlanDuration = 14 * caremap.Day
)

// PlanAnalysis is what the planned downtime does to clinical services, at
// that time of day.
type PlanAnalysis struct {
	Window      Window        `json:"window"`
	MapRevision int           `json:"map_revision"`
	Services    []PlanService `json:"services"` // most dangerous first
	Worst       int           `json:"worst"`    // the highest risk level
	Missing     []string      `json:"missing,omitempty"`
}

// PlanService is one service the downtime affects.
type PlanService struct {
	ID                string              `json:"id"`
	Name              string              `json:"name"`
	Effect            string              `json:"effect"`
	Consequence       caremap.Consequence `json:"consequence,omitzero"`
	Likelihood        caremap.Likelihood  `json:"likelihood,omitzero"`
	Risk              int                 `json:"risk"`
	Patients          int64               `json:"patients"`
	DowntimeProcedure string              `json:"downtime_procedure"`
	// When says in clock time when patients are at risk, against the window.
	When string `json:"when"`
}

const planColumns = `id, ref, title, change_kind, description, assets, mode, starts_at, duration_minutes, status, decision_note,
	decided_by, decided_at, decided_analysis, version, created_by, created_at`

var errNoPlan = vigil.Errorf(vigil.NotFound, "There is no such plan review in your organisation.")

func scanPlan(row interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var assets, mode, analysis string
	var minutes int64
	var decidedAt sql.NullTime
	err := row.Scan(&p.ID, &p.Ref, &p.Title, &p.Kind, &p.Description, &assets, &mode, &p.Start, &minutes, &p.Decision, &p.Note,
		&p.DecidedBy, &decidedAt, &analysis, &p.Version, &p.CreatedBy, &p.CreatedAt)
	if err != nil {
		return Plan{}, err
	}
	p.Start, p.CreatedAt = p.Start.UTC(), p.CreatedAt.UTC()
	p.Duration = caremap.Duration(minutes) * caremap.Minute
	if p.Mode, err = impact.ParseMode(mode); err != nil {
		return Plan{}, fmt.Errorf("plan %s: %w", p.ID, err)
	}
	if decidedAt.Valid {
		p.DecidedAt = decidedAt.Time.UTC()
	}
	if err := json.Unmarshal([]byte(assets), &p.Assets); err != nil {
		return Plan{}, fmt.Errorf("plan %s assets: %w", p.ID, err)
	}
	if analysis != "" {
		p.Decided = &PlanAnalysis{}
		if err := json.Unmarshal([]byte(analysis), p.Decided); err != nil {
			return Plan{}, fmt.Errorf("plan %s analysis: %w", p.ID, err)
		}
	}
	return p, nil
}

// Plans lists the organisation's plan reviews, the latest start first.
func (s *Plans) Plans(ctx context.Context, scope vigil.Scope) ([]Plan, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+planColumns+` FROM plan_reviews WHERE org_id = $1 ORDER BY starts_at DESC, ref DESC`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("list plan reviews: %w", err)
	}
	defer rows.Close()
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Plan returns one plan review; another organisation's is not found.
func (s *Plans) Plan(ctx context.Context, scope vigil.Scope, id string) (Plan, error) {
	if err := scope.Require(vigil.ReadHazards); err != nil {
		return Plan{}, err
	}
	return planIn(ctx, s.db, scope.OrgID, id)
}

func planIn(ctx context.Context, q store.Querier, orgID, id string) (Plan, error) {
	p, err := scanPlan(q.QueryRow(ctx, `SELECT `+planColumns+` FROM plan_reviews WHERE org_id = $1 AND id = $2`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Plan{}, errNoPlan
	}
	if err != nil {
		return Plan{}, fmt.Errorf("read plan review: %w", err)
	}
	return p, nil
}

// Check tidies the details and says what is wrong, keyed by form field.
// The assets must be in m, the current care map, when it is given.
func (d *PlanDetails) Check(m *caremap.Map) map[string]string {
	problems := map[string]string{}
	d.Title, d.Description = strings.TrimSpace(d.Title), strings.TrimSpace(d.Description)
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		problems["title"] = "Enter a short title for the change"
	case n > MaxTitle:
		problems["title"] = fmt.Sprintf("Keep the title to %d characters or fewer", MaxTitle)
	}
	if utf8.RuneCountInString(d.Description) > MaxText {
		problems["description"] = fmt.Sprintf("Keep the description to %d characters or fewer", MaxText)
	}
	if !slices.Contains(ChangeKinds, d.Kind) {
		problems["kind"] = "Choose what kind of change it is"
	}
	if d.Mode != impact.ModeUnavailable && d.Mode != impact.ModeDegraded {
		problems["mode"] = "Choose whether the systems stop working or only work worse"
	}
	d.Assets = tidyLines(d.Assets)
	switch {
	case len(d.Assets) == 0:
		problems["assets"] = "Choose at least one system or device the change touches"
	case len(d.Assets) > MaxPlanAssets:
		problems["assets"] = fmt.Sprintf("Choose at most %d systems and devices", MaxPlanAssets)
	case m != nil:
		for _, id := range d.Assets {
			if _, ok := m.Asset(id); !ok {
				problems["assets"] = "One of the systems is no longer in the care map: choose again"
			}
		}
	}
	if d.Start.IsZero() {
		problems["start"] = "Enter when the change starts"
	}
	if d.Duration <= 0 || d.Duration > MaxPlanDuration {
		problems["duration"] = "Enter how long systems are down, from 1m to 14d, such as 4h"
	}
	d.Start = d.Start.UTC()
	return problems
}

// Create records a plan for review, awaiting the CSO's decision.
func (s *Plans) Create(ctx context.Context, scope vigil.Scope, d PlanDetails) (Plan, error) {
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return Plan{}, err
	}
	st, err := s.maps.Current(ctx, scope)
	if err != nil {
		return Plan{}, err
	}
	if problems := d.Check(st.Map); len(problems) > 0 {
		return Plan{}, vigil.InvalidFields("Check the plan's details.", problems)
	}
	now := store.Now()
	p := Plan{ID: store.NewID(), PlanDetails: d, Decision: Awaiting, Version: 1, CreatedBy: scope.Name, CreatedAt: now}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(ref), 0) + 1 FROM plan_reviews WHERE org_id = $1`, scope.OrgID).Scan(&p.Ref); err != nil {
			return fmt.Errorf("number plan review: %w", err)
		}
		_, err := tx.Exec(ctx, `INSERT INTO plan_reviews (id, org_id, ref, title, change_kind, description, assets, mode, starts_at,
			duration_minutes, status, decision_note, decided_by_id, decided_by, decided_at, decided_analysis, version,
			created_by_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '', '', NULL, '', 1, $12, $13, $14, $14)`,
			p.ID, scope.OrgID, p.Ref, p.Title, p.Kind, p.Description, jsonText(p.Assets), p.Mode.String(), p.Start,
			int64(p.Duration/caremap.Minute), p.Decision, scope.Person(), scope.Name, now)
		if err != nil {
			return fmt.Errorf("store plan review: %w", err)
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "create", EntityType: "plan-review", EntityID: p.ID,
			Summary: "Put " + p.Code() + " " + p.Title + " to review", After: p.PlanDetails})
	})
	return p, err
}

// Analyse runs the impact engine for the plan's downtime on the current
// care map, and reads the result against the time of day.
func (s *Plans) Analyse(ctx context.Context, scope vigil.Scope, p Plan) (PlanAnalysis, error) {
	st, err := s.maps.Current(ctx, scope)
	if err != nil {
		return PlanAnalysis{}, err
	}
	return analysePlan(st.Map, st.Revision, p.PlanDetails)
}

func analysePlan(m *caremap.Map, revision int, d PlanDetails) (PlanAnalysis, error) {
	a := PlanAnalysis{Window: WindowOf(d.Start, d.Duration), MapRevision: revision}
	var events []impact.Event
	for _, id := range d.Assets {
		if _, ok := m.Asset(id); !ok {
			a.Missing = append(a.Missing, id)
			continue
		}
		events = append(events, impact.Event{Target: id, Mode: d.Mode, Duration: d.Duration})
	}
	if len(events) == 0 {
		return a, nil
	}
	res, err := impact.Analyse(m, events)
	if err != nil {
		return PlanAnalysis{}, err
	}
	for _, si := range res.Services {
		ps := PlanService{ID: si.ID, Name: si.Name, Effect: si.Words(), Consequence: si.Consequence, Likelihood: si.Likelihood,
			Risk: si.Risk, Patients: si.PatientsAffected, DowntimeProcedure: si.DowntimeProcedure, When: when(a.Window, si)}
		a.Services = append(a.Services, ps)
		a.Worst = max(a.Worst, si.Risk)
	}
	return a, nil
}

// when says in clock time when patients are at risk, against the window.
func when(w Window, si impact.ServiceImpact) string {
	ends := Clock(w.End)
	switch {
	case si.Untrustworthy:
		return "From the start, " + Clock(w.Start) + ": downtime procedures do not catch wrong data."
	case si.SafeFor <= 0:
		return "From the start, " + Clock(w.Start) + ": the service has no downtime procedure."
	case si.For <= si.SafeFor:
		safeUntil := w.Start.Add(time.Duration(si.SafeFor))
		return "Not expected: the downtime procedure keeps patients safe until " + Clock(safeUntil) + ", and the work should end at " + ends + ". Have a plan if it overruns."
	}
	return "From " + Clock(w.Start.Add(time.Duration(si.SafeFor))) + ", before the work ends at " + ends + ": the downtime procedure is safe for " + si.SafeFor.Words() + " only."
}

// Decide records the CSO's decision, with the analysis as it stands now.
// Conditions and rejections say what and why.
func (s *Plans) Decide(ctx context.Context, scope vigil.Scope, id string, version int, decision Decision, note string) (Plan, error) {
	if err := requireSafetyOfficer(scope, "decide a plan review"); err != nil {
		return Plan{}, err
	}
	note = trimTo(note, MaxText)
	switch {
	case decision != Approved && decision != ApprovedWithConditions && decision != Rejected:
		return Plan{}, vigil.InvalidFields("Choose a decision.", map[string]string{"decision": "Choose approve, approve with conditions or reject"})
	case decision != Approved && note == "":
		return Plan{}, vigil.InvalidFields("Say what the conditions are, or why you reject it.", map[string]string{"note": "Enter the conditions, or why you reject the plan"})
	}
	if _, err := planIn(ctx, s.db, scope.OrgID, id); err != nil {
		return Plan{}, err
	}
	st, err := s.maps.Current(ctx, scope)
	if err != nil {
		return Plan{}, err
	}
	var out Plan
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		p, err := planIn(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		if version != 0 && version != p.Version {
			return vigil.Errorf(vigil.Conflict, "Someone else changed this plan review while you were reading it. Look at it again, then decide.")
		}
		analysis, err := analysePlan(st.Map, st.Revision, p.PlanDetails)
		if err != nil {
			return err
		}
		now := store.Now()
		p.Decision, p.Note, p.DecidedBy, p.DecidedAt, p.Decided, p.Version = decision, note, scope.Name, now, &analysis, p.Version+1
		_, err = tx.Exec(ctx, `UPDATE plan_reviews SET status = $1, decision_note = $2, decided_by_id = $3, decided_by = $4, decided_at = $5,
			decided_analysis = $6, version = $7, updated_at = $5 WHERE org_id = $8 AND id = $9`,
			p.Decision, p.Note, scope.Person(), p.DecidedBy, now, jsonText(analysis), p.Version, scope.OrgID, p.ID)
		if err != nil {
			return fmt.Errorf("record plan decision: %w", err)
		}
		out = p
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "decide", EntityType: "plan-review", EntityID: p.ID,
			Summary: p.Code() + " " + strings.ToLower(decision.Label()) + ": " + p.Title,
			After:   map[string]any{"decision": decision, "note": note, "worst_risk": analysis.Worst}})
	})
	return out, err
}
