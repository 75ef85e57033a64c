package demo

import (
	"context"
	"fmt"

	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/whatif"
)

// demoScenarios are the what-ifs the demo trust has saved: the 2024 pathology supplier
// attack, modelled on the demo map, and a quieter one about data that cannot be trusted.
var demoScenarios = []struct {
	name   string
	events []string
}{
	{"Pathology supplier ransomware, 14 days", []string{"citypath:unavailable:14d"}},
	{"EPR database corrupted, 8 hours", []string{"epr-db:integrity:8h"}},
}

// SeedCareMap gives the demo trust its care map and saved scenarios, and runs the first
// scenario once so the library shows a last run. Call it after Seed has made the trust.
func SeedCareMap(ctx context.Context, svc Services) error {
	orgs, maps := svc.Orgs, svc.CareMaps
	o, err := orgs.OrganisationByCode(ctx, Code)
	if err != nil {
		return err
	}
	sc := o.System("Vigil")
	m, err := demomap.Map()
	if err != nil {
		return err
	}
	if _, err := maps.Replace(ctx, sc, m, mapstore.Change{}); err != nil {
		return fmt.Errorf("store the demo care map: %w", err)
	}
	if have, err := svc.WhatIf.Scenarios(ctx, sc); err != nil || len(have) > 0 {
		return err
	}
	for i, s := range demoScenarios {
		var events []impact.Event
		for _, e := range s.events {
			ev, err := impact.ParseEvent(e)
			if err != nil {
				return err
			}
			events = append(events, ev)
		}
		saved, err := svc.WhatIf.CreateScenario(ctx, sc, whatif.ScenarioDetails{Name: s.name, Events: events})
		if err != nil {
			return fmt.Errorf("save the demo scenario %q: %w", s.name, err)
		}
		if i == 0 {
			if _, err := svc.WhatIf.RunScenario(ctx, sc, saved.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
