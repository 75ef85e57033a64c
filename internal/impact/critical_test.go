package impact

import (
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
)

func TestCriticalOnTheDemoMap(t *testing.T) {
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	ranking := Critical(m)
	if len(ranking) != len(m.Assets) {
		t.Fatalf("%d assets ranked, want %d", len(ranking), len(m.Assets))
	}
	if ranking[0].ID != "core-network" {
		t.Errorf("most critical asset = %s, want core-network", ranking[0].ID)
	}
	byID := map[string]AssetCriticality{}
	for _, a := range ranking {
		byID[a.ID] = a
	}
	lims := byID["citypath-lims"]
	if lims.Loss.Risk != 5 || lims.WorstConsequence() != caremap.Catastrophic || len(lims.Loss.Services) != CriticalServices {
		t.Errorf("citypath-lims = %+v", lims)
	}
	if first := lims.Loss.Services[0]; first.ID != "blood-transfusion" || first.State != Lost {
		t.Errorf("citypath-lims hits %s (%s) first, want blood-transfusion lost", first.ID, first.State)
	}
	// The dialysis machines stand alone: only the dialysis unit is behind their score.
	dm := byID["dialysis-machines"]
	if len(dm.Loss.Services) != 1 || dm.Loss.Services[0].ID != "renal-dialysis" || dm.Loss.Risk != 4 {
		t.Errorf("dialysis-machines = %+v", dm.Loss)
	}
	if !dm.Corruption.Services[0].Untrustworthy || dm.Corruption.Risk != 4 {
		t.Errorf("dialysis-machines corrupted = %+v", dm.Corruption)
	}
	// Backups are optional to the EPR database, so losing them for a day harms no one.
	if b := byID["backups"]; b.Worst() != 0 || len(b.Loss.Services) != 0 || b.WorstConsequence() != 0 {
		t.Errorf("backups = %+v", b)
	}
	for i := 1; i < len(ranking); i++ {
		if ranking[i].Worst() > ranking[i-1].Worst() {
			t.Errorf("%s (%d) ranked below %s (%d)", ranking[i].ID, ranking[i].Worst(), ranking[i-1].ID, ranking[i-1].Worst())
		}
	}
}

func TestCache(t *testing.T) {
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	c := NewCache(2)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if a, place, ok := c.Criticality(m, "core-network"); !ok || place != 0 || a.ID != "core-network" {
				t.Errorf("Criticality = %v, %d, %v", a.ID, place, ok)
			}
		})
	}
	wg.Wait()
	first := c.Critical(m)
	if again := c.Critical(m); &again[0] != &first[0] {
		t.Error("the same map was ranked twice")
	}
	if _, _, ok := c.Criticality(m, "ed"); ok {
		t.Error("a service was found among the assets")
	}

	// A changed map has a new version and is ranked afresh.
	changed := m.Contents.Clone()
	for i := range changed.Assets {
		if changed.Assets[i].ID == "dialysis-machines" {
			changed.Assets[i].DependsOn = append(changed.Assets[i].DependsOn,
				caremap.Dependency{Type: caremap.TypeAsset, ID: "core-network", Need: caremap.Required})
		}
	}
	m2, err := caremap.New(changed)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := c.Criticality(m2, "core-network"); !ok || c.Len() != 2 {
		t.Fatalf("cache holds %d maps", c.Len())
	}
	if &c.Critical(m2)[0] == &first[0] {
		t.Error("the changed map got the old ranking")
	}

	// A third map pushes out the least recently used.
	third, err := caremap.New(m.Contents.Clone())
	if err != nil {
		t.Fatal(err)
	}
	if third.Version() != m.Version() {
		t.Fatal("equal contents, different versions")
	}
	c.Critical(third) // same version as m: no new entry
	if c.Len() != 2 {
		t.Errorf("cache holds %d maps, want 2", c.Len())
	}
	other := m.Contents.Clone()
	other.Organisation.Name = "Another trust"
	m3, _ := caremap.New(other)
	c.Critical(m3)
	if c.Len() != 2 {
		t.Errorf("cache holds %d maps, want 2", c.Len())
	}
}
