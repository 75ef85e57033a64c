package ssvc

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"sync"
)

//go:embed tables/*.csv tables/LICENSE
var tableFiles embed.FS

// tables are CERT/CC's decision tables, read once from the embedded CSV files.
type tables struct {
	deploy map[[4]string]Priority
	hum    map[[2]string]HumanImpact
}

// loadTables parses the embedded tables the first time they are needed; they never change.
var loadTables = sync.OnceValues(func() (*tables, error) {
	t := &tables{deploy: map[[4]string]Priority{}, hum: map[[2]string]HumanImpact{}}
	err := readTable("tables/deployer_patch_application_priority_1_0_0.csv", 6, func(r []string) error {
		e, err1 := Parse("exploitation", Exploitations, r[1])
		x, err2 := Parse("system exposure", Exposures, r[2])
		a, err3 := Parse("automatable", Automatables, r[3])
		h, err4 := Parse("human impact", HumanImpacts, r[4])
		p, err5 := Parse("priority", Priorities, r[5])
		if err := firstErr(err1, err2, err3, err4, err5); err != nil {
			return err
		}
		t.deploy[[4]string{string(e), string(x), string(a), string(h)}] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = readTable("tables/human_impact_1_0_0.csv", 4, func(r []string) error {
		s, err1 := Parse("safety impact", SafetyImpacts, r[1])
		m, err2 := Parse("mission impact", MissionImpacts, r[2])
		h, err3 := Parse("human impact", HumanImpacts, r[3])
		if err := firstErr(err1, err2, err3); err != nil {
			return err
		}
		t.hum[[2]string{string(s), string(m)}] = h
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Every combination must have a row, so that no decision falls through a gap.
	if len(t.deploy) != len(Exploitations)*len(Exposures)*len(Automatables)*len(HumanImpacts) ||
		len(t.hum) != len(SafetyImpacts)*len(MissionImpacts) {
		return nil, fmt.Errorf("the SSVC tables are incomplete: %d deployer rows, %d human impact rows", len(t.deploy), len(t.hum))
	}
	return t, nil
})

func readTable(name string, columns int, row func([]string) error) error {
	b, err := tableFiles.ReadFile(name)
	if err != nil {
		return err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return fmt.Errorf("read %s: %w", name, err)
	}
	for i, r := range recs[1:] {
		if len(r) != columns {
			return fmt.Errorf("%s row %d has %d columns, want %d", name, i+1, len(r), columns)
		}
		if err := row(r); err != nil {
			return fmt.Errorf("%s row %d: %w", name, i+1, err)
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func (t *tables) human(s SafetyImpact, m MissionImpact) (HumanImpact, error) {
	h, ok := t.hum[[2]string{string(s), string(m)}]
	if !ok {
		return "", fmt.Errorf("no human impact for safety impact %q and mission impact %q", s, m)
	}
	return h, nil
}

func (t *tables) deployer(e Exploitation, x Exposure, a Automatable, h HumanImpact) (Priority, error) {
	p, ok := t.deploy[[4]string{string(e), string(x), string(a), string(h)}]
	if !ok {
		return "", fmt.Errorf("no decision for exploitation %q, exposure %q, automatable %q, human impact %q", e, x, a, h)
	}
	return p, nil
}
