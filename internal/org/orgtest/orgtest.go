// Package orgtest makes the organisations and people other packages' tests
// stand on.
package orgtest

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// Organisation creates an organisation named "Test CODE".
func Organisation(t testing.TB, orgs *org.Store, code string, typ org.Type) org.Organisation {
	t.Helper()
	o, err := orgs.CreateOrganisation(context.Background(), org.Organisation{Code: code, Name: "Test " + code, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Person creates a person in o, with an address made from their name and
// the organisation's code, and returns what they may do.
func Person(t testing.TB, orgs *org.Store, o org.Organisation, name string, job org.JobRole, roles ...vigil.Role) vigil.Scope {
	t.Helper()
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	email := strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@" + strings.ToLower(o.Code) + ".example"
	u, err := orgs.CreateUser(context.Background(), o.System("test"), org.PersonDetails{Email: email, Name: name, JobRole: string(job), Roles: names})
	if err != nil {
		t.Fatal(err)
	}
	return vigil.PersonScope(o.Ref(), u.ID, name, u.Email, roles)
}
