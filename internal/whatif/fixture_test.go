package whatif_test

import (
	"context"
	"testing"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// fixture is the demo trust and a GP practice, with scopes to act in each.
type fixture struct {
	db       *store.DB
	maps     *mapstore.Store
	whatif   *whatif.Service
	trust    vigil.Scope // org-admin of the demo trust
	analyst  vigil.Scope // security analyst of the demo trust: saves and runs scenarios
	practice vigil.Scope // org-admin of the GP practice
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, practice := add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice)
	person := func(o org.Organisation, role vigil.Role) vigil.Scope {
		return vigil.PersonScope(o.Ref(), "", "test "+string(role), "", []vigil.Role{role})
	}
	maps := mapstore.New(db)
	return fixture{db: db, maps: maps, whatif: whatif.New(db, maps),
		trust: person(trust, vigil.OrgAdmin), analyst: person(trust, vigil.SecurityAnalyst), practice: person(practice, vigil.OrgAdmin)}
}

func demo(t testing.TB) *caremap.Map {
	t.Helper()
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

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
