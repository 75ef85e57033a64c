package incident

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// AddReviewHazard adds a hazard to the clinical hazard log from the
// incident's review, in one step: the hazard log's own suggestion for the
// incident (drafted by the impact engine from its assets) with what the
// review found added to its description. The hazard is linked back to the
// review. If the incident's hazard is in the log already, that one is linked
// instead of a second being made.
func (s *Incidents) AddReviewHazard(ctx context.Context, scope vigil.Scope, id string) (hazard.Hazard, error) {
	if s.hazards == nil {
		return hazard.Hazard{}, errNotConnected
	}
	if err := scope.Require(vigil.WriteIncidents); err != nil {
		return hazard.Hazard{}, err
	}
	if err := scope.Require(vigil.WriteHazards); err != nil {
		return hazard.Hazard{}, err
	}
	inc, err := s.Get(ctx, scope, id)
	if err != nil {
		return hazard.Hazard{}, err
	}
	r, err := s.Review(ctx, scope, id)
	if err != nil {
		return hazard.Hazard{}, err
	}
	if r.HazardID != "" {
		return hazard.Hazard{}, vigil.Errorf(vigil.Conflict, "This review added %s to the hazard log already.", r.HazardCode)
	}
	// The drafting reads the care map, findings and hazard log of the
	// caller's own organisation whatever the caller may read: the caller's
	// own permission to record hazards is what the change rests on.
	reader := vigil.SystemScope(scope.Org(), "Hazard from an incident review", []vigil.Role{vigil.SecurityAnalyst})
	aboutThis := func(links []hazard.Link) bool {
		return slices.ContainsFunc(links, func(l hazard.Link) bool { return l.Kind == hazard.LinkIncident && l.ID == id })
	}
	h, found, err := s.loggedHazard(ctx, reader, aboutThis)
	if err != nil {
		return hazard.Hazard{}, err
	}
	if !found {
		suggestions, err := s.hazards.Suggestions(ctx, reader)
		if err != nil {
			return hazard.Hazard{}, err
		}
		i := slices.IndexFunc(suggestions, func(sg hazard.Suggestion) bool { return aboutThis(sg.Draft.Links) })
		if i < 0 {
			return hazard.Hazard{}, vigil.Errorf(vigil.Conflict, "The hazard log no longer suggests a hazard for %s: a Clinical Safety Officer may have dismissed it. Record one by hand in the hazard log.", inc.Code())
		}
		sg := suggestions[i]
		d := sg.Draft
		d.Description = withReview(d.Description, inc, r)
		if h, err = s.hazards.Accept(ctx, scope, sg.Key, d); err != nil {
			return hazard.Hazard{}, err
		}
	}
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE incident_reviews SET hazard_id = $1, hazard_code = $2, updated_at = $3 WHERE org_id = $4 AND incident_id = $5`,
			h.ID, h.Code(), s.clock(), scope.OrgID, id); err != nil {
			return err
		}
		summary := h.Code() + " " + h.Title + " is in the clinical hazard log, from the post-incident review"
		if err := addEvent(ctx, tx, scope, id, Reviewed, summary); err != nil {
			return err
		}
		return audit.Record(ctx, tx, scope.Actor(), audit.Change{Action: "link", EntityType: "incident-review", EntityID: id,
			Summary: inc.Code() + ": " + summary, After: map[string]any{"hazard": h.ID}})
	})
	if err != nil {
		return hazard.Hazard{}, err
	}
	return h, nil
}

// loggedHazard finds a hazard already in the log that is about the incident.
func (s *Incidents) loggedHazard(ctx context.Context, scope vigil.Scope, about func([]hazard.Link) bool) (hazard.Hazard, bool, error) {
	all, err := s.hazards.Hazards(ctx, scope)
	if err != nil {
		return hazard.Hazard{}, false, err
	}
	for _, h := range all {
		if about(h.Links) {
			return h, true, nil
		}
	}
	return hazard.Hazard{}, false, nil
}

// withReview adds what the review found to a drafted hazard's description,
// within the hazard log's limit.
func withReview(description string, inc Incident, r Review) string {
	var b strings.Builder
	b.WriteString(description)
	b.WriteString("\n\nWhat happened in " + inc.Code() + ": " + r.Summary)
	if r.Lessons != "" {
		b.WriteString("\n\nLessons from its review: " + r.Lessons)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > hazard.MaxText {
		out = string([]rune(out)[:hazard.MaxText-1]) + "…"
	}
	return out
}
