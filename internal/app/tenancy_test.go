package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/vigil"
)

// userID looks up a demo person's id straight from the database.
func userID(t *testing.T, a *apptest.App, email string) string {
	t.Helper()
	var id string
	if err := a.DB.QueryRow(context.Background(), `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err != nil {
		t.Fatalf("find %s: %v", email, err)
	}
	return id
}

func userName(t *testing.T, a *apptest.App, id string) string {
	t.Helper()
	var name string
	if err := a.DB.QueryRow(context.Background(), `SELECT name FROM users WHERE id = $1`, id).Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

// tokenFor makes an API token for an organisation with the given scopes.
func tokenFor(t *testing.T, a *apptest.App, code string, scopes ...vigil.Permission) string {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	roles := []vigil.Role{vigil.OrgAdmin, vigil.SecurityAnalyst}
	if o.Type == org.NationalCentre {
		roles = append(roles, vigil.CentralAnalyst)
	}
	op := vigil.PersonScope(o.Ref(), "", "test", "", roles)
	secret, _, err := a.Auth.CreateToken(ctx, op, "test", scopes)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// TestOrganisationsCannotReachEachOther proves the wall between a GP
// practice and the trust, through pages and API, for reads and writes.
func TestOrganisationsCannotReachEachOther(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		nurseID := userID(t, a, apptest.Nurse)
		gp := a.SignIn(t, apptest.PracticeAdmin)

		// Pages: another organisation's person is not found, and cannot be changed.
		if res := gp.Get("/admin/people/" + nurseID); res.StatusCode != http.StatusNotFound {
			t.Errorf("GP admin reading a trust nurse's page: %d, want 404", res.StatusCode)
		}
		res := gp.PostForm("/admin/people/"+nurseID, url.Values{"name": {"Hijacked"}, "email": {apptest.Nurse}, "job_role": {"doctor"}, "roles": {"staff"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GP admin changing a trust nurse: %d, want 404", res.StatusCode)
		}
		res = gp.PostForm("/admin/people/"+nurseID+"/password", url.Values{"password": {"a brand new password"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("GP admin resetting a trust nurse's password: %d, want 404", res.StatusCode)
		}
		if name := userName(t, a, nurseID); name != "Grace Okafor" {
			t.Fatalf("the trust nurse was changed by another organisation: name %q", name)
		}
		a.SignIn(t, apptest.Nurse) // her password still works
		people := apptest.Text(gp.Get("/admin/people").Body)
		if strings.Contains(people, "Grace Okafor") || !strings.Contains(people, "Karen Wood") {
			t.Error("GP admin's people list is not limited to the practice")
		}

		// API: a practice token cannot read or change the trust's people or tokens.
		gpToken := tokenFor(t, a, apptest.PracticeCode, vigil.ReadPeople, vigil.WritePeople, vigil.ManageTokens, vigil.ReadAudit)
		trustToken := tokenFor(t, a, apptest.TrustCode, vigil.ReadOrganisation)
		if res := a.API(t, gpToken, "GET", "/api/v1/users/"+nurseID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("API read of another organisation's person: %d", res.StatusCode)
		}
		body := `{"email":"staff@riverside.example","name":"Hijacked","job_role":"doctor"}`
		if res := a.API(t, gpToken, "PUT", "/api/v1/users/"+nurseID, "application/json", strings.NewReader(body)); res.StatusCode != http.StatusNotFound {
			t.Errorf("API change of another organisation's person: %d", res.StatusCode)
		}
		if res := a.API(t, gpToken, "POST", "/api/v1/users/"+nurseID+"/password", "application/json", strings.NewReader(`{"password":"a brand new password"}`)); res.StatusCode != http.StatusNotFound {
			t.Errorf("API password reset across organisations: %d", res.StatusCode)
		}
		var trustTokenID string
		if err := a.DB.QueryRow(context.Background(), `SELECT t.id FROM api_tokens t JOIN organisations o ON o.id = t.org_id WHERE o.code = $1`, apptest.TrustCode).Scan(&trustTokenID); err != nil {
			t.Fatal(err)
		}
		if res := a.API(t, gpToken, "DELETE", "/api/v1/tokens/"+trustTokenID, "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("API revoke of another organisation's token: %d", res.StatusCode)
		}
		if res := a.API(t, trustToken, "GET", "/api/v1/organisation", "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("the trust's token stopped working: %d", res.StatusCode)
		}
		list := a.API(t, gpToken, "GET", "/api/v1/users?limit=200", "", nil)
		if strings.Contains(list.Body, "riverside.example") {
			t.Error("API people list leaks another organisation's people")
		}
		audit := a.API(t, gpToken, "GET", "/api/v1/audit?limit=200", "", nil)
		if strings.Contains(audit.Body, "Grace Okafor") {
			t.Error("API audit trail leaks another organisation's events")
		}
		if name := userName(t, a, nurseID); name != "Grace Okafor" {
			t.Fatalf("the trust nurse was changed through the API: %q", name)
		}
	})
}

// TestNationalCentreReadsAcrossButDoesNotWrite: the national centre lists
// every organisation but its people-reading stays inside its own walls.
func TestNationalCentreReadsAcrossButDoesNotWrite(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		central := tokenFor(t, a, apptest.NationalCode, vigil.ReadOrganisation, vigil.ReadAcrossOrgs, vigil.ReadPeople)
		res := a.API(t, central, "GET", "/api/v1/organisations", "", nil)
		var orgs struct{ Items []struct{ Code string } }
		if err := json.Unmarshal([]byte(res.Body), &orgs); err != nil {
			t.Fatal(err)
		}
		if len(orgs.Items) != 3 {
			t.Errorf("national centre sees %d organisations, want 3", len(orgs.Items))
		}
		if strings.Contains(res.Body, "0300 555 0142") {
			t.Error("another organisation's settings are shown to the national centre")
		}
		trust := tokenFor(t, a, apptest.TrustCode, vigil.ReadOrganisation)
		res = a.API(t, trust, "GET", "/api/v1/organisations", "", nil)
		if err := json.Unmarshal([]byte(res.Body), &orgs); err != nil {
			t.Fatal(err)
		}
		if len(orgs.Items) != 1 || orgs.Items[0].Code != apptest.TrustCode {
			t.Errorf("a trust sees %v, want only itself", orgs.Items)
		}
		if res := a.API(t, central, "GET", "/api/v1/users/"+userID(t, a, apptest.Nurse), "", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("national centre reading a trust's person: %d, want 404", res.StatusCode)
		}
		// A trust admin cannot hand out the national role.
		admin := a.SignIn(t, apptest.Admin)
		res2 := admin.PostForm("/admin/people/new", url.Values{"name": {"Would Be"}, "email": {"would.be@riverside.example"}, "job_role": {"it-digital"}, "roles": {"staff", "central-analyst"}})
		if res2.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("trust admin granting central-analyst: %d, want 422", res2.StatusCode)
		}
	})
}
