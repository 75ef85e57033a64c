package progress_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// TestNationalCoverage: the national centre sees every organisation's
// coverage, the one furthest from the measure first, and the total; an
// organisation's own lead cannot.
func TestNationalCoverage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		centre, err := f.orgs.CreateOrganisation(ctx, org.Organisation{Code: "CSOC", Name: "Cyber centre", Type: org.NationalCentre})
		if err != nil {
			t.Fatal(err)
		}
		u, err := f.orgs.CreateUser(ctx, centre.System("test"), org.PersonDetails{Email: "cara@csoc.example", Name: "Cara", JobRole: string(org.ITDigital),
			Roles: []string{"staff", "central-analyst"}})
		if err != nil {
			t.Fatal(err)
		}
		central := vigil.PersonScope(centre.Ref(), u.ID, u.Name, u.Email, []vigil.Role{vigil.Staff, vigil.CentralAnalyst})
		f.passAll(t, f.gpNurse) // the practice: one of two up to date

		got, err := f.training.National(ctx, central)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Orgs) != 2 {
			t.Fatalf("%d organisations, want the trust and the practice (not the centre)", len(got.Orgs))
		}
		trust, practice := got.Orgs[0], got.Orgs[1]
		if trust.Org.Code != "RXX" || trust.People != 4 || trust.InMeasure != 0 {
			t.Errorf("first (furthest from the measure): %s with %d people, %d in measure", trust.Org.Code, trust.People, trust.InMeasure)
		}
		if practice.Org.Code != "Y0001" || practice.People != 2 || practice.InMeasure != 1 || practice.MeasurePercent() != 50 {
			t.Errorf("the practice: %s with %d people, %d in measure", practice.Org.Code, practice.People, practice.InMeasure)
		}
		if got.People != 6 || got.InMeasure != 1 {
			t.Errorf("national total: %d people, %d in measure; want 6 and 1", got.People, got.InMeasure)
		}
		if _, err := f.training.National(ctx, f.analyst); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a trust's analyst read the national figures: %v", err)
		}
	})
}
