package progress

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// NationalCoverage is training coverage across every organisation, for
// the national centre: each organisation's tally, and all of them added up.
type NationalCoverage struct {
	At time.Time
	Tally
	// Orgs are the organisations, those furthest from the 95 % measure
	// first, so that the centre sees who may need a hand.
	Orgs []OrgCoverage
}

// OrgCoverage is one organisation's tally.
type OrgCoverage struct {
	Org org.Organisation
	Tally
}

// National measures every organisation but the national centres now.
func (s *Service) National(ctx context.Context, scope vigil.Scope) (NationalCoverage, error) {
	if err := scope.Require(vigil.ReadAcrossOrgs); err != nil {
		return NationalCoverage{}, err
	}
	if err := scope.Require(vigil.ReadTraining); err != nil {
		return NationalCoverage{}, err
	}
	orgs, err := s.people.Organisations(ctx, scope)
	if err != nil {
		return NationalCoverage{}, err
	}
	now := s.clock()
	out := NationalCoverage{At: now}
	for _, o := range orgs {
		if o.Type == org.NationalCentre {
			continue
		}
		// Coverage reads one organisation's people and records; the
		// centre reads each in turn with only what counting needs.
		within := vigil.TokenScope(o.Ref(), "", "National training figures", "", []vigil.Permission{vigil.ReadPeople, vigil.ReadTraining})
		c, err := s.coverage(ctx, within, now)
		if err != nil {
			return NationalCoverage{}, fmt.Errorf("training coverage of %s: %w", o.Code, err)
		}
		out.add(c.Tally)
		out.Orgs = append(out.Orgs, OrgCoverage{Org: o, Tally: c.Tally})
	}
	slices.SortFunc(out.Orgs, func(a, b OrgCoverage) int {
		return cmp.Or(cmp.Compare(a.InMeasure*b.People, b.InMeasure*a.People), strings.Compare(a.Org.Name, b.Org.Name))
	})
	return out, nil
}
