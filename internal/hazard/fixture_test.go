package hazard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/hazard"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// fixture is the demo trust with its care map, a GP practice, and people
// in each role, signed in as real users so that owners resolve.
type fixture struct {
	db       *store.DB
	orgs     *org.Store
	maps     *mapstore.Store
	ranks    *impact.Cache
	log      *hazard.Log
	cso      vigil.Scope // Clinical Safety Officer of the trust
	analyst  vigil.Scope // security analyst of the trust
	admin    vigil.Scope // org admin of the trust, not a CSO
	nurse    vigil.Scope // staff of the trust
	practice vigil.Scope // CSO of the GP practice
	csoName  string
}

func newFixture(t *testing.T, db *store.DB, suggesters ...hazard.Suggester) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice := add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice)
	person := func(o org.Organisation, name string, roles ...vigil.Role) vigil.Scope {
		names := make([]string, len(roles))
		for i, r := range roles {
			names[i] = string(r)
		}
		u, err := orgs.CreateUser(ctx, o.System("test"), org.PersonDetails{Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@" + strings.ToLower(o.Code) + ".example", Name: name, JobRole: "doctor", Roles: names})
		if err != nil {
			t.Fatal(err)
		}
		return vigil.PersonScope(o.Ref(), u.ID, name, u.Email, roles)
	}
	maps := mapstore.New(db)
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maps.Replace(ctx, trust.System("test"), m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	ranks := impact.NewCache(4)
	f := fixture{db: db, orgs: orgs, maps: maps, ranks: ranks,
		cso:      person(trust, "Martin Ellis", vigil.Staff, vigil.ClinicalSafetyOfficer),
		analyst:  person(trust, "Aisha Begum", vigil.Staff, vigil.SecurityAnalyst),
		admin:    person(trust, "Priya Raman", vigil.Staff, vigil.OrgAdmin),
		nurse:    person(trust, "Grace Okafor", vigil.Staff),
		practice: person(practice, "Ann Lee", vigil.Staff, vigil.ClinicalSafetyOfficer),
		csoName:  "Martin Ellis",
	}
	if suggesters == nil {
		suggesters = []hazard.Suggester{hazard.CareMapSuggester(maps, ranks)}
	}
	f.log = hazard.NewLog(db, orgs, suggesters...)
	return f
}

func demoMap(t testing.TB) *caremap.Map {
	t.Helper()
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// details is a complete, valid hazard.
func details(title string) hazard.Details {
	return hazard.Details{
		Title:       title,
		Description: "The EPR is encrypted by ransomware overnight.",
		Causes:      []string{"Ransomware", "Phishing e-mail opened on a ward PC"},
		Effect:      "ED works on paper; results are phoned through.",
		Harm:        "Delayed treatment of emergency patients.",
		Type:        hazard.NoAccess,
		Links:       []hazard.Link{{Kind: hazard.LinkAsset, ID: "epr", Title: "Electronic patient record"}},
		Initial:     hazard.Assessment{Consequence: caremap.Catastrophic, Likelihood: caremap.Medium},
	}
}

func mustCreate(t *testing.T, f fixture, sc vigil.Scope, d hazard.Details) hazard.Hazard {
	t.Helper()
	h, err := f.log.Create(context.Background(), sc, d)
	if err != nil {
		t.Fatalf("create %q: %v", d.Title, err)
	}
	return h
}

func wantCode(t *testing.T, err error, code vigil.Code) {
	t.Helper()
	if vigil.CodeOf(err) != code {
		t.Fatalf("got error %v (code %q), want code %q", err, vigil.CodeOf(err), code)
	}
}
