package demomap

import (
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/caremap"
)

func TestDemoMap(t *testing.T) {
	m, err := Map()
	if err != nil {
		t.Fatal(err)
	}
	o := m.Organisation
	if o.Code != Code || o.Name != "Riverside University Hospitals NHS Foundation Trust" || o.Type != "acute-trust" {
		t.Errorf("organisation = %+v", o)
	}
	if len(m.Services) < 12 || len(m.Assets) < 30 {
		t.Errorf("%d services and %d assets; want at least 12 and 30", len(m.Services), len(m.Assets))
	}
	for _, s := range m.Services {
		if s.Downtime.IsZero() || len(s.Downtime.Procedure) < 100 || s.PatientsPerDay == 0 {
			t.Errorf("service %s needs a real downtime procedure and patient numbers", s.ID)
		}
	}
	kinds := map[caremap.Kind]int{}
	for _, a := range m.Assets {
		kinds[a.Kind]++
	}
	for _, k := range caremap.Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no asset of kind %s", k)
		}
	}
	if kinds[caremap.KindMedicalDevice] < 5 {
		t.Errorf("%d medical devices", kinds[caremap.KindMedicalDevice])
	}
	for _, id := range []string{"ed", "acute-medicine", "theatres", "maternity", "icu", "pathology", "radiology",
		"pharmacy", "outpatients", "renal-dialysis", "oncology", "community-nursing"} {
		if _, ok := m.Service(id); !ok {
			t.Errorf("no service %s", id)
		}
	}
	for _, id := range []string{"infusion-pumps", "ct-scanner", "blood-gas-analysers", "fetal-monitors", "dialysis-machines",
		"core-network", "wifi", "hscn-link", "active-directory", "smartcard", "dns", "epr", "epr-db", "pacs",
		"eprescribing", "lims-interface", "citypath-lims", "backups"} {
		if _, ok := m.Asset(id); !ok {
			t.Errorf("no asset %s", id)
		}
	}
	lims, _ := m.Asset("citypath-lims")
	if s, ok := m.Supplier(lims.Supplier); !ok || !strings.Contains(s.Name, "CityPath") || lims.Kind != caremap.KindCloudService {
		t.Errorf("citypath-lims = %+v", lims)
	}
	if string(YAML()) != string(riverside) {
		t.Error("YAML() differs from the embedded file")
	}
}
