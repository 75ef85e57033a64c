package app_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

func TestAdminAddsAPersonAndTheAuditTrailShowsIt(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		res := admin.PostForm("/admin/people/new", url.Values{
			"name": {"Zara Ali"}, "email": {"Zara.Ali@riverside.example"}, "job_role": {"nurse-midwife"},
			"roles": {"staff", "buddy"}, "password": {"correct horse battery staple"},
		})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add person: %d %s", res.StatusCode, apptest.Text(res.Body))
		}
		if !strings.Contains(apptest.Text(admin.Get("/admin/people?q=zara").Body), "zara.ali@riverside.example") {
			t.Error("new person not listed (e-mail should be stored lower-case)")
		}
		zara := a.Anonymous(t)
		if r := zara.PostForm("/sign-in", url.Values{"email": {"zara.ali@riverside.example"}, "password": {"correct horse battery staple"}}); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("new person cannot sign in: %d", r.StatusCode)
		}
		audit := apptest.Text(admin.Get("/admin/audit").Body)
		if !strings.Contains(audit, "Added Zara Ali") || !strings.Contains(audit, "Priya Raman") {
			t.Errorf("audit page lacks the change and who made it:\n%.1500s", audit)
		}
		csv := admin.Get("/admin/audit.csv")
		if csv.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(csv.Body, "Added Zara Ali") {
			t.Errorf("audit CSV: %s\n%.500s", csv.Header.Get("Content-Type"), csv.Body)
		}
	})
}

func TestPersonFormShowsEveryProblem(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	res := admin.PostForm("/admin/people/new", url.Values{"email": {"not-an-address"}, "job_role": {"wizard"}, "password": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{`href="#email"`, `href="#name"`, `href="#job_role"`, `href="#password"`, `value="not-an-address"`, "Select a job role"} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	// Each field's message is tied to it for screen readers.
	for _, want := range []string{`id="email-error"`, `aria-describedby="email-error"`, `aria-describedby="job_role-hint job_role-error"`} {
		if !strings.Contains(res.Body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	// The error summary lists the problems in the order of the fields on the page.
	last := -1
	for _, field := range []string{"name", "email", "job_role", "password"} {
		i := strings.Index(res.Body, `href="#`+field+`"`)
		if i < last {
			t.Errorf("the summary lists %s out of page order", field)
		}
		last = i
	}
	var n int
	if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email = 'not-an-address'`).Scan(&n); err != nil || n != 0 {
		t.Fatal("an invalid person was stored")
	}
}

func upload(t *testing.T, c *apptest.Client, path, field, name, content string) apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf_token", c.CSRF())
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.Close()
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), &buf)
}

func TestStaffListImport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		bad := "email,name,job_role,team,roles\n" +
			"amy.wu@riverside.example,Amy Wu,nurse-midwife,Ward 7 (Acute Medicine),\n" +
			"not-an-email,Bob,doctor,,\n" +
			"carl@riverside.example,Carl,astronaut,,\n" +
			"amy.wu@riverside.example,Amy Again,doctor,,\n" +
			"anil.kapoor@elmtree.example,Anil,doctor,,\n"
		res := upload(t, admin, "/admin/people/import", "file", "staff.csv", bad)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad staff list: %d", res.StatusCode)
		}
		text := apptest.Text(res.Body)
		for _, want := range []string{"Line 5: amy.wu@riverside.example is also on line 2", "Line 3: email", "Line 4: job_role"} {
			if !strings.Contains(text, want) {
				t.Errorf("bad-list errors lack %q:\n%.1500s", want, text)
			}
		}
		var n int
		if err := a.DB.QueryRow(context.Background(), `SELECT count(*) FROM users WHERE email = 'amy.wu@riverside.example'`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("a rejected list half-imported: %d rows", n)
		}
		// Without the duplicate, the other row problems are each named by line.
		bad = strings.Replace(bad, "amy.wu@riverside.example,Amy Again,doctor,,\n", "", 1)
		text = apptest.Text(upload(t, admin, "/admin/people/import", "file", "staff.csv", bad).Body)
		for _, want := range []string{"Line 3: email", "Line 4: job_role", "astronaut", "Line 5: That email address cannot be used"} {
			if !strings.Contains(text, want) {
				t.Errorf("errors lack %q:\n%.1500s", want, text)
			}
		}
		// Another organisation's people are its own business: the answer says nothing of where.
		for _, leak := range []string{"elsewhere", "another organisation", "Elm Tree", "DEMOGP"} {
			if strings.Contains(text, leak) {
				t.Errorf("the import's errors reveal %q about another organisation's person", leak)
			}
		}

		good := "email,name,job_role,team,roles\n" +
			"amy.wu@riverside.example,Amy Wu,nurse-midwife,Ward 7 (Acute Medicine),\n" +
			"dev.patel@riverside.example,Dev Patel,it-digital,Digital Services,buddy\n" +
			"staff@riverside.example,Grace Okafor,nurse-midwife,Maternity Unit,\n"
		res = upload(t, admin, "/admin/people/import", "file", "staff.csv", good)
		text = apptest.Text(res.Body)
		if res.StatusCode != http.StatusOK || !strings.Contains(text, "2 people added, 1 updated") || !strings.Contains(text, "Digital Services") {
			t.Fatalf("good staff list: %d\n%.1500s", res.StatusCode, text)
		}
		var team string
		if err := a.DB.QueryRow(context.Background(), `SELECT t.name FROM users u JOIN teams t ON t.id = u.team_id WHERE u.email = $1`, apptest.Nurse).Scan(&team); err != nil || team != "Maternity Unit" {
			t.Errorf("updated person's team = %q (%v)", team, err)
		}
		if audit := apptest.Text(admin.Get("/admin/audit").Body); !strings.Contains(audit, "Updated Grace Okafor from a staff list") {
			t.Error("the update from the staff list is not in the audit trail person by person")
		}
		lockout := "email,name,job_role,roles\nadmin@riverside.example,Priya Raman,it-digital,staff\n"
		if res := upload(t, admin, "/admin/people/import", "file", "staff.csv", lockout); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "remove your own admin role") {
			t.Errorf("an admin removed their own admin role by import: %d", res.StatusCode)
		}
	})
}

var secretPattern = regexp.MustCompile(`vigil_[A-Za-z0-9_-]{43}`)

func TestTokensAreShownOnceAndCanBeRevoked(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		admin := a.SignIn(t, apptest.Admin)
		res := admin.PostForm("/admin/tokens", url.Values{"name": {"reporting mailbox"}, "scopes": {"organisation:read", "reports:create"}})
		secret := secretPattern.FindString(res.Body)
		if res.StatusCode != http.StatusOK || secret == "" {
			t.Fatalf("create token: %d, secret %q", res.StatusCode, secret)
		}
		if later := admin.Get("/admin/tokens"); strings.Contains(later.Body, secret) {
			t.Fatal("the token secret is shown again")
		}
		var stored string
		if err := a.DB.QueryRow(context.Background(), `SELECT token_hash FROM api_tokens WHERE name = 'reporting mailbox'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, secret) || len(stored) != 64 {
			t.Fatalf("token stored as %q, want a SHA-256 hex digest", stored)
		}
		if r := a.API(t, secret, "GET", "/api/v1/me", "", nil); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"reports:create"`) {
			t.Fatalf("token does not work: %d %s", r.StatusCode, r.Body)
		}
		if r := a.API(t, secret, "GET", "/api/v1/users", "", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("token without people:read listed people: %d", r.StatusCode)
		}
		var id string
		if err := a.DB.QueryRow(context.Background(), `SELECT id FROM api_tokens WHERE name = 'reporting mailbox'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if r := admin.PostForm("/admin/tokens/"+id+"/revoke", nil); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", r.StatusCode)
		}
		if r := a.API(t, secret, "GET", "/api/v1/me", "", nil); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("revoked token still works: %d", r.StatusCode)
		}
	})
}

func TestTeamsAndSettings(t *testing.T) {
	a := apptest.Start(t)
	admin := a.SignIn(t, apptest.Admin)
	if r := admin.PostForm("/admin/teams", url.Values{"name": {"Emergency Department"}, "kind": {"department"}}); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "There is already a team called Emergency Department") {
		t.Errorf("duplicate team: %d", r.StatusCode)
	}
	if r := admin.PostForm("/admin/settings", url.Values{"service_desk_phone": {"0300 555 0000"}, "email_domains": {"riverside.example\nnhs.net"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", r.StatusCode, apptest.Text(r.Body))
	}
	nurse := a.SignIn(t, apptest.Nurse)
	if page := apptest.Text(nurse.Get("/report").Body); !strings.Contains(page, "0300 555 0000") {
		t.Errorf("the report page does not give the new service desk number:\n%.800s", page)
	}
}
