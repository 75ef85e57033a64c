package incident

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// A post-incident review (CAF D2, "lessons learned") is written once an
// incident is resolved: what happened, what went well and what to improve,
// the lessons, what patients and services felt, and actions with owners and
// due dates. A named person signs it off; changing it afterwards takes the
// sign-off away, so a signed review is always the one that was agreed.

// DowntimeUse says whether clinical teams fell back on their downtime
// procedures, and how that went.
type DowntimeUse string

const (
	DowntimeNotNeeded DowntimeUse = "not-needed" // no clinical service was down
	DowntimeWorked    DowntimeUse = "worked"     // used, and patients were kept safe
	DowntimeStruggled DowntimeUse = "struggled"  // used, with problems
	DowntimeNotUsed   DowntimeUse = "not-used"   // needed, but not used
)

// DowntimeUses lists every answer in the order the form offers them.
var DowntimeUses = []DowntimeUse{DowntimeWorked, DowntimeStruggled, DowntimeNotUsed, DowntimeNotNeeded}

// Label is the answer in words.
func (d DowntimeUse) Label() string {
	switch d {
	case DowntimeNotNeeded:
		return "Not needed: no clinical service was down"
	case DowntimeWorked:
		return "Used, and it kept patients safe"
	case DowntimeStruggled:
		return "Used, with problems"
	case DowntimeNotUsed:
		return "Needed, but not used"
	}
	return string(d)
}

// ReviewDraft is what people write in a review.
type ReviewDraft struct {
	Summary    string // what happened
	Highlights string // the moments of the timeline that mattered, one a line
	WentWell   string
	ToImprove  string
	Lessons    string
	// The clinical impact seen, not the impact foreseen when the incident
	// opened: services affected, roughly how many patients, and whether the
	// downtime procedures were used and worked.
	ServicesAffected string
	PatientsAffected int
	Downtime         DowntimeUse
	DowntimeNotes    string
}

// Review is an incident's post-incident review.
type Review struct {
	IncidentID string
	ReviewDraft
	// HazardID and HazardCode name the hazard added to the clinical hazard
	// log from this review; empty until one is.
	HazardID, HazardCode string
	SignedOffByID        string
	SignedOffBy          string
	SignedOffAt          time.Time
	WrittenBy            string
	CreatedAt, UpdatedAt time.Time
	Actions              []ReviewAction
}

// SignedOff reports whether a named person has signed the review off.
func (r Review) SignedOff() bool { return !r.SignedOffAt.IsZero() }

// ReviewAction is one action agreed in a review.
type ReviewAction struct {
	ID        string
	Summary   string
	OwnerID   string
	OwnerName string
	Due       time.Time // a date: midnight UTC
	DoneAt    time.Time
	DoneBy    string
}

// Done reports whether the action is done.
func (a ReviewAction) Done() bool { return !a.DoneAt.IsZero() }

// Overdue reports whether the action is still open after its due day.
func (a ReviewAction) Overdue(now time.Time) bool {
	return !a.Done() && !now.Before(a.Due.AddDate(0, 0, 1))
}

// Reviewable reports whether an incident's status allows a review: services
// must be back before anyone can say what was learned.
func (s Status) Reviewable() bool { return s == Resolved || s == Closed }

// Limits on a review, so it stays something a board can read.
const (
	MaxReviewText    = 8000 // characters of each text
	MaxActionText    = 500
	MaxReviewActions = 50
	maxPatients      = 10_000_000
)

var errNoReview = vigil.Errorf(vigil.NotFound, "No review has been written for this incident yet.")

// Review returns the incident's review with its actions; NotFound when none
// has been written.
func (s *Incidents) Review(ctx context.Context, scope vigil.Scope, id string) (Review, error) {
	if _, err := s.Get(ctx, scope, id); err != nil {
		return Review{}, err
	}
	r, err := s.review(ctx, s.db, scope.OrgID, id)
	if err != nil {
		return Review{}, err
	}
	r.Actions, err = s.reviewActions(ctx, scope.OrgID, id)
	return r, err
}

const reviewColumns = `incident_id, summary, highlights, went_well, to_improve, lessons, services_affected, patients_affected,
	downtime_used, downtime_notes, hazard_id, hazard_code, signed_off_by_id, signed_off_by, signed_off_at, written_by, created_at, updated_at`

func (s *Incidents) review(ctx context.Context, q store.Querier, orgID, id string) (Review, error) {
	var r Review
	var downtime string
	var signed sql.NullTime
	err := q.QueryRow(ctx, `SELECT `+reviewColumns+` FROM incident_reviews WHERE org_id = $1 AND incident_id = $2`, orgID, id).Scan(
		&r.IncidentID, &r.Summary, &r.Highlights, &r.WentWell, &r.ToImprove, &r.Lessons, &r.ServicesAffected, &r.PatientsAffected,
		&downtime, &r.DowntimeNotes, &r.HazardID, &r.HazardCode, &r.SignedOffByID, &r.SignedOffBy, &signed, &r.WrittenBy, &r.CreatedAt, &r.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Review{}, errNoReview
	}
	if err != nil {
		return Review{}, fmt.Errorf("read incident review: %w", err)
	}
	r.Downtime, r.CreatedAt, r.UpdatedAt = DowntimeUse(downtime), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if signed.Valid {
		r.SignedOffAt = signed.Time.UTC()
	}
	return r, nil
}

// DraftReview is what the review form starts from: the review as written,
// or for a new one the timeline's status changes, actions and links as
// highlights and the services the continuity plan put at risk.
func (s *Incidents) DraftReview(ctx context.Context, scope vigil.Scope, id string) (ReviewDraft, error) {
	r, err := s.Review(ctx, scope, id)
	if err == nil {
		return r.ReviewDraft, nil
	}
	if !vigil.IsNotFound(err) {
		return ReviewDraft{}, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return ReviewDraft{}, err
	}
	events, err := s.Timeline(ctx, scope, id)
	if err != nil {
		return ReviewDraft{}, err
	}
	var d ReviewDraft
	var lines, services []string
	for _, e := range events {
		if slices.Contains([]EventKind{Opened, StatusSet, Action, LinkAdded}, e.Kind) {
			lines = append(lines, e.At.In(hazard.London).Format("15:04 2 Jan")+": "+e.Summary) // UK time, as the timeline shows it
		}
	}
	for _, svc := range inc.Continuity.Services {
		services = append(services, svc.Name)
	}
	d.Highlights = strings.Join(lines, "\n")
	d.ServicesAffected = strings.Join(services, ", ")
	return d, nil
}

// check tidies the draft and says what is wrong, by form field.
func (d *ReviewDraft) check() map[string]string {
	problems := map[string]string{}
	for _, f := range []struct {
		key, what string
		v         *string
		required  bool
	}{
		{"summary", "what happened", &d.Summary, true},
		{"highlights", "the timeline highlights", &d.Highlights, false},
		{"went_well", "what went well", &d.WentWell, false},
		{"to_improve", "what to improve", &d.ToImprove, false},
		{"lessons", "the lessons learned", &d.Lessons, true},
		{"services_affected", "the services affected", &d.ServicesAffected, false},
		{"downtime_notes", "how the downtime procedures went", &d.DowntimeNotes, false},
	} {
		*f.v = strings.TrimSpace(*f.v)
		switch n := utf8.RuneCountInString(*f.v); {
		case n == 0 && f.required:
			problems[f.key] = "Enter " + f.what
		case n > MaxReviewText:
			problems[f.key] = fmt.Sprintf("Keep %s to %d characters or fewer", f.what, MaxReviewText)
		}
	}
	if d.PatientsAffected < 0 || d.PatientsAffected > maxPatients {
		problems["patients_affected"] = "Enter how many patients were affected, as a whole number (0 if none)"
	}
	if !slices.Contains(DowntimeUses, d.Downtime) {
		problems["downtime"] = "Say whether the downtime procedures were used"
	}
	return problems
}

// SaveReview writes or rewrites the incident's review. Rewriting a
// signed-off review takes the sign-off away: it must be signed off again.
func (s *Incidents) SaveReview(ctx context.Context, scope vigil.Scope, id string, d ReviewDraft) (Review, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Review{}, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return Review{}, err
	}
	if !inc.Status.Reviewable() {
		return Review{}, vigil.Errorf(vigil.Conflict, "Write the review once %s is resolved: it is %s.", inc.Code(), strings.ToLower(inc.Status.Label()))
	}
	if problems := d.check(); len(problems) > 0 {
		return Review{}, vigil.InvalidFields("Check the review.", problems)
	}
	now := s.clock()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		old, err := s.review(ctx, tx, scope.OrgID, id)
		isNew := vigil.IsNotFound(err)
		if err != nil && !isNew {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO incident_reviews (org_id, incident_id, summary, highlights, went_well, to_improve, lessons,
			services_affected, patients_affected, downtime_used, downtime_notes, hazard_id, hazard_code, signed_off_by_id, signed_off_by,
			written_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, '', '', '', '', $12, $13, $13)
			ON CONFLICT (org_id, incident_id) DO UPDATE SET summary = $3, highlights = $4, went_well = $5, to_improve = $6, lessons = $7,
			services_affected = $8, patients_affected = $9, downtime_used = $10, downtime_notes = $11,
			signed_off_by_id = '', signed_off_by = '', signed_off_at = NULL, updated_at = $13`,
			scope.OrgID, id, d.Summary, d.Highlights, d.WentWell, d.ToImprove, d.Lessons, d.ServicesAffected, d.PatientsAffected,
			string(d.Downtime), d.DowntimeNotes, scope.Name, now); err != nil {
			return fmt.Errorf("save incident review: %w", err)
		}
		summary, action := "Post-incident review written", "create"
		switch {
		case !isNew && old.SignedOff():
			summary, action = "Post-incident review changed; the sign-off by "+old.SignedOffBy+" was removed, so it needs signing off again", "update"
		case !isNew:
			summary, action = "Post-incident review changed", "update"
		}
		if err := addEvent(ctx, tx, scope, id, Reviewed, summary); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: action, EntityType: "incident-review", EntityID: id,
			Summary: inc.Code() + ": " + summary, After: map[string]any{"patients_affected": d.PatientsAffected, "downtime": d.Downtime}})
	})
	if err != nil {
		return Review{}, err
	}
	return s.Review(ctx, scope, id)
}

// SignOffReview records the signed-in person's sign-off of the review.
func (s *Incidents) SignOffReview(ctx context.Context, scope vigil.Scope, id string) (Review, error) {
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return Review{}, err
	}
	if scope.Person() == "" {
		return Review{}, vigil.Errorf(vigil.Forbidden, "A review is signed off by a named person: sign in as yourself to do it.")
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return Review{}, err
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		r, err := s.review(ctx, tx, scope.OrgID, id)
		if err != nil {
			return err
		}
		if r.SignedOff() {
			return vigil.Errorf(vigil.Conflict, "%s signed this review off already.", r.SignedOffBy)
		}
		now := s.clock()
		if _, err := tx.Exec(ctx, `UPDATE incident_reviews SET signed_off_by_id = $1, signed_off_by = $2, signed_off_at = $3, updated_at = $3
			WHERE org_id = $4 AND incident_id = $5`, scope.Person(), scope.Name, now, scope.OrgID, id); err != nil {
			return fmt.Errorf("sign off incident review: %w", err)
		}
		if err := addEvent(ctx, tx, scope, id, Reviewed, "Post-incident review signed off by "+scope.Name); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "sign-off", EntityType: "incident-review", EntityID: id,
			Summary: inc.Code() + ": post-incident review signed off by " + scope.Name})
	})
	if err != nil {
		return Review{}, err
	}
	return s.Review(ctx, scope, id)
}

// ReviewStates says, for each of the organisation's incidents that has a
// review, whether a named person has signed it off.
func (s *Incidents) ReviewStates(ctx context.Context, scope vigil.Scope) (map[string]bool, error) {
	if err := scope.Require(vigil.ReadAlerts); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT incident_id, signed_off_at IS NOT NULL FROM incident_reviews WHERE org_id = $1`, scope.OrgID)
	if err != nil {
		return nil, fmt.Errorf("read review states: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		var signed bool
		if err := rows.Scan(&id, &signed); err != nil {
			return nil, fmt.Errorf("read review state: %w", err)
		}
		out[id] = signed
	}
	return out, rows.Err()
}
