package monitor

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Envelope is one alert on its way through a bus from the node that received
// it to the node that stores it, with what the storing node needs to know.
type Envelope struct {
	OrgID  string      `json:"org_id"`
	Source string      `json:"source"`
	Actor  vigil.Actor `json:"actor"`
	Alert  alert.Alert `json:"alert"`
}

// Key names the alert uniquely across every organisation and source: the
// bus's own deduplication uses it, as the database uses the dedup key.
func (e Envelope) Key() string { return e.OrgID + "/" + e.Source + "/" + e.Alert.DedupKey }

// Bus carries alerts between nodes. Publish returns once the bus holds every
// alert durably, counting those it already held as duplicates.
type Bus interface {
	Publish(ctx context.Context, envs []Envelope) (Stored, error)
}

// UseBus makes Ingest hand alerts to the bus rather than to this node's own
// writer; worker nodes take them off it with StoreEnvelopes.
func (m *Monitor) UseBus(b Bus) { m.bus = b }

// publish checks and finishes the alerts as Ingest does, and publishes them.
func (m *Monitor) publish(ctx context.Context, scope vigil.Scope, source string, alerts []alert.Alert) (Stored, error) {
	source, err := checkSend(scope, source)
	if err != nil || len(alerts) == 0 {
		return Stored{}, err
	}
	envs := make([]Envelope, len(alerts))
	for i, a := range alerts {
		a.Source.Name = source
		if a.DedupKey == "" {
			a.Finish()
		}
		envs[i] = Envelope{OrgID: scope.OrgID, Source: source, Actor: scope.Actor(), Alert: a}
	}
	return m.bus.Publish(ctx, envs)
}

// StoreEnvelopes commits alerts taken from a bus in one transaction and
// returns once they are committed, so the caller may then acknowledge them.
// Alerts the database already holds are skipped: a message redelivered after
// a crash between commit and acknowledgement is stored once.
func (m *Monitor) StoreEnvelopes(ctx context.Context, envs []Envelope) (Stored, error) {
	type key struct {
		orgID, source string
		actor         vigil.Actor
	}
	groups := map[key][]alert.Alert{}
	var order []key
	for _, e := range envs {
		k := key{e.OrgID, e.Source, e.Actor}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], e.Alert)
	}
	jobs := make([]*job, 0, len(order))
	for _, k := range order {
		j, err := m.newJob(ctx, k.orgID, k.source, k.actor, groups[k])
		if err != nil {
			return Stored{}, fmt.Errorf("prepare alerts from %s: %w", k.source, err)
		}
		jobs = append(jobs, j)
	}
	m.write(ctx, jobs)
	var total Stored
	for _, j := range jobs {
		r := <-j.done
		if r.err != nil {
			return Stored{}, r.err
		}
		total.Accepted += r.stored.Accepted
		total.Duplicates += r.stored.Duplicates
	}
	return total, nil
}
