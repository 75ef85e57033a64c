package findings_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// fixture is the demo trust (with its care map), a GP practice and a national centre.
type fixture struct {
	db       *store.DB
	orgs     *org.Store
	svc      *findings.Service
	analyst  vigil.Scope // security analyst of the demo trust
	cso      vigil.Scope // Clinical Safety Officer of the demo trust: reads only
	practice vigil.Scope // security analyst of the GP practice
	central  vigil.Scope // national centre analyst
}

func newFixture(t testing.TB, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice, centre := add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice), add("NCC", org.NationalCentre)
	person := func(o org.Organisation, role vigil.Role) vigil.Scope {
		return vigil.PersonScope(o.Ref(), "", "test "+string(role), "", []vigil.Role{role})
	}
	maps := mapstore.New(db)
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maps.Replace(ctx, trust.System("test"), m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	return fixture{db: db, orgs: orgs, svc: findings.New(db, orgs, maps, store.Now),
		analyst: person(trust, vigil.SecurityAnalyst), cso: person(trust, vigil.ClinicalSafetyOfficer),
		practice: person(practice, vigil.SecurityAnalyst), central: person(centre, vigil.CentralAnalyst)}
}

// osv is an OSV record for lodash, affected below fixed, modified at modified; withdrawn
// is "" or a time.
func osv(fixed, modified, withdrawn string) []byte {
	w := ""
	if withdrawn != "" {
		w = fmt.Sprintf(`"withdrawn": %q,`, withdrawn)
	}
	return fmt.Appendf(nil, `{"schema_version": "1.6.0", "id": "GHSA-test-lodash", "aliases": ["CVE-2099-0001"], %s
		"modified": %q, "published": "2099-01-01T00:00:00Z", "summary": "Prototype pollution in lodash",
		"affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
			"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": %q}]}]},
			{"package": {"ecosystem": "npm", "name": "left-pad"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "9.0.0"}]}]}]}`,
		w, modified, fixed)
}

// bom is a CycloneDX SBOM with lodash at version and left-pad without one.
func bom(version string) []byte {
	return fmt.Appendf(nil, `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
		"components": [
			{"type": "library", "bom-ref": "lodash", "name": "lodash", "version": %q, "purl": "pkg:npm/lodash@%s"},
			{"type": "library", "bom-ref": "left-pad", "name": "left-pad", "purl": "pkg:npm/left-pad"}]}`, version, version)
}

const kev = `{"title": "test", "catalogVersion": "2099.01.02", "dateReleased": "2099-01-02T00:00:00.000Z", "count": 1,
	"vulnerabilities": [{"cveID": "CVE-2099-0001", "vendorProject": "lodash", "product": "lodash", "vulnerabilityName": "lodash prototype pollution",
	"dateAdded": "2099-01-02", "shortDescription": "test", "requiredAction": "Update.", "dueDate": "2099-01-23",
	"knownRansomwareCampaignUse": "Known", "notes": ""}]}`

// auditEvents lists the audit trail of the scope's organisation for one kind of entity.
func auditEvents(t *testing.T, f fixture, scope vigil.Scope, entity string) []audit.Event {
	t.Helper()
	auditor := vigil.SystemScope(scope.Org(), "test", []vigil.Role{vigil.OrgAdmin})
	events, err := audit.NewStore(f.db).List(context.Background(), auditor, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []audit.Event
	for _, e := range events {
		if e.EntityType == entity {
			out = append(out, e)
		}
	}
	return out
}

// addOrg adds a GP practice with no care map and returns its security analyst.
func addOrg(t testing.TB, f fixture, code string) vigil.Scope {
	t.Helper()
	o, err := f.orgs.CreateOrganisation(context.Background(), org.Organisation{Code: code, Name: "Test " + code, Type: org.GPPractice})
	if err != nil {
		t.Fatal(err)
	}
	return vigil.PersonScope(o.Ref(), "", "test analyst", "", []vigil.Role{vigil.SecurityAnalyst})
}
