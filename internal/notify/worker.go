package notify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Tick is one round of the background work at now: page what the rules
// newly match, escalate what was not acknowledged in time, and send what
// is due. Tests call it with the time they want; vigil serve calls it every
// few seconds with the clock.
func (s *Service) Tick(ctx context.Context, now time.Time) (TickResult, error) {
	var res TickResult
	var errs []error
	var err error
	res.Paged, err = s.scan(ctx, now)
	errs = append(errs, err)
	res.Escalated, err = s.escalateDue(ctx, now)
	errs = append(errs, err)
	res.Sent, err = s.flush(ctx, now)
	errs = append(errs, err)
	return res, errors.Join(errs...)
}

// TickResult counts what a tick did.
type TickResult struct {
	Paged, Escalated, Sent int
}

// scan looks at what each rule has not yet seen.
func (s *Service) scan(ctx context.Context, now time.Time) (int, error) {
	paged := 0
	_, err := s.db.EachID(ctx, func(ctx context.Context, id string) (bool, error) {
		n, err := s.scanRule(ctx, id, now)
		paged += n
		return n > 0, err
	}, `SELECT id FROM notify_rules WHERE deleted_at IS NULL AND (scanned_until < $1 OR scanned_id <> '') ORDER BY id`, now.UTC())
	return paged, err
}

func (s *Service) scanRule(ctx context.Context, id string, now time.Time) (int, error) {
	var orgID, scannedID string
	var scanned, created time.Time
	if err := s.db.QueryRow(ctx, `SELECT org_id, scanned_until, scanned_id, created_at FROM notify_rules WHERE id = $1`, id).
		Scan(&orgID, &scanned, &scannedID, &created); err != nil {
		return 0, fmt.Errorf("read rule %s: %w", id, err)
	}
	o, err := s.orgs.OrganisationByID(ctx, orgID)
	if err != nil {
		return 0, fmt.Errorf("rule %s: %w", id, err)
	}
	sc := o.System("Notifications")
	r, err := s.rule(ctx, s.db, orgID, id, false)
	if err != nil {
		return 0, err
	}
	// Look back a little: an alert committed late may carry an earlier
	// receive time, and the page's unique key stops a second page. After a
	// scan that stopped at MaxSerious alerts, read on exactly from the last
	// one instead, so a flood is worked through rather than re-read.
	from := scanned.Add(-scanOverlap)
	if scannedID != "" {
		from = scanned
	}
	if from.Before(created) {
		from = created
	}
	until, untilID := now.UTC(), ""
	var found []candidate
	if r.Subject.covers(Incidents) {
		incs, err := s.incidents.OpenedBetween(ctx, sc, from, until)
		if err != nil {
			return 0, err
		}
		for _, inc := range incs {
			if inc.Priority() < r.MinPriority || (r.ServiceID != "" && !inc.PutsAtRisk(r.ServiceID)) {
				continue
			}
			found = append(found, candidate{kind: Incidents, subjectID: inc.ID, incidentID: inc.ID, title: inc.Code() + " " + inc.Title, priority: inc.Priority()})
		}
	}
	if r.Subject.covers(Alerts) {
		alerts, err := s.alerts.Serious(ctx, sc, from, scannedID, until, r.MinPriority)
		if err != nil {
			return 0, err
		}
		if len(alerts) == monitor.MaxSerious {
			last := alerts[len(alerts)-1] // the rest next time
			until, untilID = last.Received, last.ID
		}
		seen := map[string]bool{}
		for _, a := range alerts {
			if seen[a.GroupKey] {
				continue
			}
			seen[a.GroupKey] = true
			if r.ServiceID != "" {
				if ok, err := s.alertPutsAtRisk(ctx, sc, a, r.ServiceID); err != nil || !ok {
					if err != nil {
						return 0, err
					}
					continue
				}
			}
			found = append(found, candidate{kind: Alerts, subjectID: a.GroupKey, alertID: a.ID, title: a.Title, priority: a.Priority})
		}
	}
	n := 0
	for _, c := range found {
		opened, err := s.open(ctx, o, r, c, now.UTC())
		if err != nil {
			return n, err
		}
		if opened {
			n++
		}
	}
	if _, err := s.db.Exec(ctx, `UPDATE notify_rules SET scanned_until = $1, scanned_id = $2 WHERE id = $3 AND (scanned_until < $1 OR (scanned_until = $1 AND scanned_id < $2))`,
		until, untilID, id); err != nil {
		return n, fmt.Errorf("record rule scan: %w", err)
	}
	return n, nil
}

// alertPutsAtRisk says whether losing or corrupting the alert's asset
// would harm the service, by the current care map.
func (s *Service) alertPutsAtRisk(ctx context.Context, sc vigil.Scope, a monitor.Alert, serviceID string) (bool, error) {
	c, ok, err := s.alerts.Clinical(ctx, sc, a)
	if err != nil || !ok {
		return false, err
	}
	for _, list := range [][]monitor.ServiceAtRisk{c.Lost, c.Corrupted} {
		if slices.ContainsFunc(list, func(r monitor.ServiceAtRisk) bool { return r.ID == serviceID }) {
			return true, nil
		}
	}
	return false, nil
}
