package notify

import (
	"context"
	"fmt"
	"net/mail"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// candidate is an alert group or incident a rule matched.
type candidate struct {
	kind       Subject
	subjectID  string
	incidentID string
	alertID    string
	title      string
	priority   int
}

// open makes the page for a candidate unless the rule already paged it
// (the unique key makes this safe with several nodes scanning at once),
// and tells the first people in line.
func (s *Service) open(ctx context.Context, o org.Organisation, r Rule, c candidate, now time.Time) (bool, error) {
	sc := o.System("Notifications")
	opened := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p := Page{ID: store.NewID(), RuleID: r.ID, Subject: c.kind, SubjectID: c.subjectID, IncidentID: c.incidentID, AlertID: c.alertID,
			Title: c.title, Priority: c.priority, CreatedAt: now}
		res, err := tx.Exec(ctx, `INSERT INTO notify_pages (id, org_id, rule_id, subject, subject_id, incident_id, alert_id, paged_name, title, priority,
			step, paged_user, acked_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, 0, '', '', $10)
			ON CONFLICT (org_id, rule_id, subject, subject_id) DO NOTHING`,
			p.ID, o.ID, r.ID, string(p.Subject), p.SubjectID, p.IncidentID, p.AlertID, p.Title, p.Priority, now)
		if err != nil {
			return fmt.Errorf("open page: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		opened = true
		if r.EmailOnCall {
			if err := s.advance(ctx, tx, sc, o, r, &p, StepOnCall, "", now); err != nil {
				return err
			}
		}
		return s.post(ctx, tx, o, r, p, EventPaged, p.PagedName, now)
	})
	return opened, err
}

// advance tells the people of the first step from step on that has
// anyone — on call, next on the rota, the national centre — records it,
// and sets when the page escalates further.
func (s *Service) advance(ctx context.Context, tx *store.Tx, sc vigil.Scope, o org.Organisation, r Rule, p *Page, step int, lastUser string, now time.Time) error {
	rota, err := s.rota(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	var people []OnCall
	var who string
	for ; step <= StepCentre; step++ {
		if people, who, err = s.targets(ctx, rota, step, lastUser, now); err != nil {
			return err
		}
		if len(people) > 0 {
			break
		}
	}
	if step > StepCentre {
		step, who = StepCentre, "nobody: there is no rota and no national centre analyst"
	}
	p.Step, p.PagedName, p.DueAt = step, who, time.Time{}
	if r.AckWithin > 0 && step < StepCentre {
		p.DueAt = now.Add(r.AckWithin)
	}
	var due any
	if !p.DueAt.IsZero() {
		due = p.DueAt
	}
	paged := ""
	if len(people) == 1 {
		paged = people[0].UserID
	}
	if _, err := tx.Exec(ctx, `UPDATE notify_pages SET step = $1, paged_user = $2, paged_name = $3, due_at = $4 WHERE org_id = $5 AND id = $6`,
		step, paged, who, due, o.ID, p.ID); err != nil {
		return fmt.Errorf("record page step: %w", err)
	}
	ev := EventPaged
	if lastUser != "" {
		ev = EventEscalated
	}
	for _, person := range people {
		m := s.message(o, r, *p, ev, who, now)
		if m.AckLink, err = s.issueAckLink(ctx, tx, o.ID, *p, person, now); err != nil {
			return err
		}
		subject, text := m.email()
		to := (&mail.Address{Name: person.Name, Address: person.Email}).String()
		if err := enqueue(ctx, tx, Delivery{OrgID: o.ID, PageID: p.ID, Channel: ChannelEmail, Recipient: to, Subject: subject, Body: []byte(text)}, now); err != nil {
			return err
		}
	}
	summary := fmt.Sprintf("E-mailed %s under the rule %q", who, r.Name)
	if ev == EventEscalated {
		summary = fmt.Sprintf("Not acknowledged in time: escalated to %s", who)
	}
	if !p.DueAt.IsZero() {
		summary += fmt.Sprintf("; to be acknowledged within %d minutes", int(r.AckWithin/time.Minute))
	}
	kind, action := incident.Paged, "notify"
	if ev == EventEscalated {
		kind, action = incident.Escalated, "escalate"
	}
	if p.IncidentID != "" {
		if err := incident.AddEvent(ctx, tx, sc, p.IncidentID, kind, summary); err != nil {
			return err
		}
	}
	return audit.Record(ctx, tx, sc.Actor(), audit.Change{Action: action, EntityType: p.entity(), EntityID: p.entityID(),
		Summary: summary + ": " + p.Title, After: map[string]any{"step": step, "page": p.ID}})
}

// targets are the people to tell at a step, and who they are in words.
func (s *Service) targets(ctx context.Context, rota Rota, step int, lastUser string, now time.Time) ([]OnCall, string, error) {
	switch step {
	case StepOnCall:
		i := rota.OnCallAt(now)
		if i < 0 || rota.People[i].Disabled {
			return nil, "", nil
		}
		return rota.People[i : i+1], rota.People[i].Name + " (on call)", nil
	case StepNext:
		i := slices.IndexFunc(rota.People, func(p OnCall) bool { return p.UserID == lastUser })
		if i < 0 {
			i = rota.OnCallAt(now)
		}
		if i < 0 || len(rota.People) < 2 {
			return nil, "", nil
		}
		next := rota.People[(i+1)%len(rota.People)]
		if next.Disabled {
			return nil, "", nil
		}
		return []OnCall{next}, next.Name + " (next on the rota)", nil
	}
	people, err := s.centre(ctx)
	if err != nil || len(people) == 0 {
		return nil, "", err
	}
	return people, "the national centre", nil
}

// centre lists the national centres' active analysts.
func (s *Service) centre(ctx context.Context) ([]OnCall, error) {
	ids, err := s.orgs.NationalCentres(ctx)
	if err != nil {
		return nil, err
	}
	var out []OnCall
	for _, id := range ids {
		c, err := s.orgs.OrganisationByID(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("national centre %s: %w", id, err)
		}
		sc := c.System("Escalation")
		holders, err := s.orgs.Holders(ctx, sc, vigil.CentralAnalyst)
		if err != nil {
			return nil, err
		}
		userIDs := make([]string, len(holders))
		for i, h := range holders {
			userIDs[i] = h.ID
		}
		contacts, err := s.orgs.Contacts(ctx, sc, userIDs)
		if err != nil {
			return nil, err
		}
		for _, h := range holders {
			if ct, ok := contacts[h.ID]; ok && !ct.Disabled && ct.Email != "" {
				out = append(out, OnCall{UserID: h.ID, Name: ct.Name, Email: ct.Email})
			}
		}
	}
	return out, nil
}

// escalateDue moves on every page whose time to acknowledge has passed.
func (s *Service) escalateDue(ctx context.Context, now time.Time) (int, error) {
	return s.db.EachID(ctx, func(ctx context.Context, id string) (bool, error) { return s.escalate(ctx, id, now) },
		`SELECT id FROM notify_pages WHERE acked_at IS NULL AND due_at IS NOT NULL AND due_at <= $1 ORDER BY due_at, id LIMIT $2`, now.UTC(), tickBatch)
}

func (s *Service) escalate(ctx context.Context, id string, now time.Time) (bool, error) {
	var orgID, lastUser string
	var step int
	if err := s.db.QueryRow(ctx, `SELECT org_id, step, paged_user FROM notify_pages WHERE id = $1`, id).Scan(&orgID, &step, &lastUser); err != nil {
		return false, fmt.Errorf("read page %s: %w", id, err)
	}
	o, err := s.orgs.OrganisationByID(ctx, orgID)
	if err != nil {
		return false, fmt.Errorf("page %s: %w", id, err)
	}
	done := false
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		// The claim: only the node that moves the step on does the telling.
		res, err := tx.Exec(ctx, `UPDATE notify_pages SET due_at = NULL WHERE id = $1 AND step = $2 AND acked_at IS NULL AND due_at IS NOT NULL AND due_at <= $3`,
			id, step, now.UTC())
		if err != nil {
			return fmt.Errorf("claim page: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		p, err := s.page(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		r, err := s.rule(ctx, tx, orgID, p.RuleID, true)
		if err != nil {
			return err
		}
		if lastUser == "" {
			lastUser = "-" // marks an escalation even when the first step had nobody named
		}
		if err := s.advance(ctx, tx, o.System("Escalation"), o, r, &p, step+1, lastUser, now); err != nil {
			return err
		}
		done = true
		return s.post(ctx, tx, o, r, p, EventEscalated, p.PagedName, now)
	})
	return done, err
}
