package whatif

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Outage is the national centre's question: "this supplier (or product) is down for this
// long — what happens to patients across the country?" Exactly one of Supplier and
// Product is given.
type Outage struct {
	// Supplier is a supplier's id or name as care maps write it; case and spacing do not matter.
	Supplier string `json:"supplier,omitempty"`
	// Product is vendor/product as in a CPE (such as meridian/care_record), a CPE, or a
	// package URL; it names every asset that runs it.
	Product  string           `json:"product,omitempty"`
	Duration caremap.Duration `json:"duration"`
}

// Limits on a national question.
const (
	MaxOutageName = 200
	MaxOutageDays = 365
)

// Check refuses a question that is not one supplier or one product for a sensible time.
func (q Outage) Check() error {
	problems := map[string]string{}
	switch name := q.Supplier + q.Product; {
	case strings.TrimSpace(q.Supplier) != "" && strings.TrimSpace(q.Product) != "":
		problems["name"] = "Enter a supplier or a product, not both"
	case strings.TrimSpace(name) == "":
		problems["name"] = "Enter the name of a supplier, such as CityPath Diagnostics Ltd, or a product, such as meridian/care_record"
	case utf8.RuneCountInString(name) > MaxOutageName:
		problems["name"] = fmt.Sprintf("Enter at most %d characters", MaxOutageName)
	case q.Product != "" && len(productKeys(q.Product)) == 0:
		problems["name"] = "That product name could not be read. Write it as vendor/product, such as meridian/care_record"
	}
	if q.Duration < caremap.Hour || q.Duration > MaxOutageDays*caremap.Day {
		problems["days"] = fmt.Sprintf("Enter how many days it is down, from 1 to %d", MaxOutageDays)
	}
	if len(problems) > 0 {
		return vigil.InvalidFields("Check the question.", problems)
	}
	return nil
}

// Words says the question in a sentence: "CityPath Diagnostics Ltd down for 14 days".
func (q Outage) Words() string {
	name := q.Supplier
	if name == "" {
		name = q.Product
	}
	return strings.TrimSpace(name) + " down for " + q.Duration.Words()
}

// NationalAnswer is what an outage does across every organisation's care map.
type NationalAnswer struct {
	Outage Outage `json:"outage"`
	// Maps is how many organisations' care maps were looked at; organisations without
	// a care map cannot be answered for and are not counted.
	Maps int `json:"maps"`
	// Organisations are those whose maps name the supplier or product, most harmed first.
	Organisations []OrgOutage `json:"organisations"`
	Services      int         `json:"services"`        // affected services, over every organisation
	Patients      int64       `json:"patients"`        // patients of those services over the outage
	HarmBeforeEnd int         `json:"harm_before_end"` // services whose downtime procedure runs out before the outage ends
}

// OrgOutage is one organisation's part in a national outage.
type OrgOutage struct {
	OrgID    string `json:"org_id"`
	Code     string `json:"code"` // as the care map says
	Name     string `json:"name"`
	Revision int    `json:"revision"` // the care map version answered from
	// Named are the suppliers or assets of the map that the question named.
	Named    []string `json:"named"`
	Risk     int      `json:"risk"`     // the worst DCB risk level of any of its services; 0 when none is hit
	Patients int64    `json:"patients"` // patients of its affected services over the outage
	// HarmBeforeEnd is how many of its services run out of safe downtime before the outage ends.
	HarmBeforeEnd int `json:"harm_before_end"`
	// FirstHarm is the soonest time, from the start of the outage, at which any service's
	// patients are at risk; meaningful only when HarmBeforeEnd > 0.
	FirstHarm caremap.Duration `json:"first_harm"`
	// Services are every affected service, most dangerous first, with its downtime procedure.
	Services []impact.ServiceImpact `json:"services"`
}

// HarmAfter is how long into the outage patients of the service are at risk: when its
// downtime procedure stops keeping them safe, at once when it has none or its data cannot
// be trusted. ok is false when the procedure lasts the whole outage.
func HarmAfter(s impact.ServiceImpact) (after caremap.Duration, ok bool) {
	switch {
	case s.Risk == 0:
		return 0, false
	case s.Untrustworthy || s.SafeFor <= 0:
		return 0, true
	case s.SafeFor < s.For:
		return s.SafeFor, true
	}
	return 0, false
}

// National answers an outage over every organisation's current care map. Only the
// national centre may ask: it reads every organisation's map.
func (s *Service) National(ctx context.Context, scope vigil.Scope, q Outage) (NationalAnswer, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return NationalAnswer{}, err
	}
	q.Supplier, q.Product = strings.TrimSpace(q.Supplier), strings.TrimSpace(q.Product)
	if err := q.Check(); err != nil {
		return NationalAnswer{}, err
	}
	// A map uploaded between listing the maps and reading one is a Conflict; the
	// question is asked once more of the new list before giving up.
	var ans NationalAnswer
	var err error
	for range 2 {
		var heads []mapstore.Head
		if heads, err = s.maps.Heads(ctx, scope); err != nil {
			return NationalAnswer{}, err
		}
		// Maps are read from their stored outlines, which load in a few milliseconds each,
		// so that even the first question after a restart answers quickly.
		ans, err = s.national.answer(ctx, heads, q, func(ctx context.Context, h mapstore.Head) (*caremap.Map, error) {
			return s.maps.Load(ctx, scope, h)
		})
		if vigil.CodeOf(err) != vigil.Conflict {
			break
		}
	}
	return ans, err
}

// answer works the outage out for every listed map, loading those not kept, on as many
// goroutines as the process may run at once.
func (c *nationalMaps) answer(ctx context.Context, heads []mapstore.Head, q Outage,
	load func(context.Context, mapstore.Head) (*caremap.Map, error)) (NationalAnswer, error) {
	digests := make(map[string]string, len(heads))
	for _, h := range heads {
		digests[h.OrgID] = h.Digest
	}
	entries := c.entries(digests)

	results := make([]*OrgOutage, len(heads))
	errs := make([]error, len(heads))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(heads)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				h := heads[i]
				ix, err := c.index(h.OrgID, entries[h.OrgID], func() (*caremap.Map, error) { return load(ctx, h) })
				if err != nil {
					errs[i] = fmt.Errorf("care map of organisation %s: %w", h.OrgID, err)
					continue
				}
				results[i] = orgOutage(ix, h, q)
			}
		}()
	}
feed:
	for i := range heads {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return NationalAnswer{}, err
	}
	ans := NationalAnswer{Outage: q, Maps: len(heads), Organisations: []OrgOutage{}}
	for i, r := range results {
		if errs[i] != nil {
			return NationalAnswer{}, errs[i]
		}
		if r == nil {
			continue
		}
		ans.Organisations = append(ans.Organisations, *r)
		ans.Services += len(r.Services)
		ans.Patients += r.Patients
		ans.HarmBeforeEnd += r.HarmBeforeEnd
	}
	slices.SortFunc(ans.Organisations, func(a, b OrgOutage) int {
		return cmp.Or(cmp.Compare(b.Risk, a.Risk), cmp.Compare(b.Patients, a.Patients),
			cmp.Compare(b.HarmBeforeEnd, a.HarmBeforeEnd), cmp.Compare(a.Name, b.Name), cmp.Compare(a.OrgID, b.OrgID))
	})
	return ans, nil
}

// orgOutage propagates the outage from the nodes it names in one map, or nil when the
// map names none of them.
func orgOutage(ix *outageIndex, h mapstore.Head, q Outage) *OrgOutage {
	targets := ix.targets(q)
	if len(targets) == 0 {
		return nil
	}
	m, g := ix.m, ix.m.Graph()
	events := make([]impact.Event, 0, min(len(targets), impact.MaxEvents))
	named := make([]string, 0, len(targets))
	for _, v := range targets[:min(len(targets), impact.MaxEvents)] {
		events = append(events, impact.Event{Target: g.ID(int(v)), Mode: impact.ModeUnavailable, Duration: q.Duration})
		named = append(named, m.NameOf(int(v)))
	}
	// The events name nodes of this very map with a checked mode and duration, so
	// Analyse cannot refuse them.
	res, _ := impact.Analyse(m, events)
	out := &OrgOutage{OrgID: h.OrgID, Code: m.Organisation.Code, Name: m.Organisation.Name, Revision: h.Revision,
		Named: named, Services: res.Services}
	first := true
	for _, s := range res.Services {
		out.Risk = max(out.Risk, s.Risk)
		out.Patients += s.PatientsAffected
		if after, ok := HarmAfter(s); ok {
			out.HarmBeforeEnd++
			if first || after < out.FirstHarm {
				out.FirstHarm, first = after, false
			}
		}
	}
	return out
}
