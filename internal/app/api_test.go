package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/api"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/vigil"
)

type problemDoc struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Detail string            `json:"detail"`
	Errors map[string]string `json:"errors"`
}

func decodeProblem(t *testing.T, res apptest.Response) problemDoc {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json; body %s", ct, res.Body)
	}
	var p problemDoc
	if err := json.Unmarshal([]byte(res.Body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != res.StatusCode || p.Title == "" || p.Type == "" {
		t.Fatalf("incomplete problem document: %+v", p)
	}
	return p
}

func TestAPIErrorsAreProblemDocuments(t *testing.T) {
	a := apptest.Start(t)
	res := a.API(t, "", "GET", "/api/v1/me", "", nil)
	if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no credentials: %d", res.StatusCode)
	}
	decodeProblem(t, res)
	decodeProblem(t, a.API(t, "vigil_not-a-real-token", "GET", "/api/v1/me", "", nil))

	token := tokenFor(t, a, apptest.TrustCode, vigil.ReadPeople, vigil.WritePeople)
	res = a.API(t, token, "POST", "/api/v1/users", "application/json", strings.NewReader(`{"email":"nope","job_role":"wizard"}`))
	p := decodeProblem(t, res)
	if res.StatusCode != http.StatusUnprocessableEntity || p.Errors["email"] == "" || p.Errors["name"] == "" || p.Errors["job_role"] == "" {
		t.Fatalf("invalid person: %d %+v", res.StatusCode, p)
	}
	res = a.API(t, token, "POST", "/api/v1/users", "application/json", strings.NewReader(`{"email": "x@y.z", "colour": "blue"}`))
	if p := decodeProblem(t, res); !strings.Contains(p.Errors["body"], "colour") {
		t.Errorf("unknown field not named: %+v", p)
	}
	res = a.API(t, token, "POST", "/api/v1/users", "application/json", strings.NewReader(`{"email": `))
	decodeProblem(t, res)
	if res := a.API(t, token, "GET", "/api/v1/audit", "", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("token without audit:read read the audit trail: %d", res.StatusCode)
	}
	if res := a.API(t, token, "GET", "/api/v1/nothing-here", "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown API path: %d", res.StatusCode)
	} else {
		decodeProblem(t, res)
	}
}

func TestAPIManagesPeopleWithCursorPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		token := tokenFor(t, a, apptest.TrustCode, vigil.ReadPeople, vigil.WritePeople)
		res := a.API(t, token, "POST", "/api/v1/users", "application/json",
			strings.NewReader(`{"email":"new.starter@riverside.example","name":"New Starter","job_role":"pharmacy","roles":["staff"]}`))
		if res.StatusCode != http.StatusCreated || !strings.HasPrefix(res.Header.Get("Location"), "/api/v1/users/") {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		csv := "email,name,job_role\nbulk.one@riverside.example,Bulk One,doctor\n"
		if res := a.API(t, token, "POST", "/api/v1/users/import", "text/csv", strings.NewReader(csv)); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"added": 1`) {
			t.Fatalf("import: %d %s", res.StatusCode, res.Body)
		}
		seen := map[string]bool{}
		cursor, pages := "", 0
		for {
			res := a.API(t, token, "GET", "/api/v1/users?limit=7&cursor="+cursor, "", nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("page %d: %d %s", pages, res.StatusCode, res.Body)
			}
			var page struct {
				Items      []struct{ ID, Email string }
				NextCursor string `json:"next_cursor"`
			}
			if err := json.Unmarshal([]byte(res.Body), &page); err != nil {
				t.Fatal(err)
			}
			for _, u := range page.Items {
				if seen[u.ID] {
					t.Fatalf("%s appears on two pages", u.Email)
				}
				seen[u.ID] = true
			}
			pages++
			if page.NextCursor == "" {
				break
			}
			cursor = page.NextCursor
		}
		// 30 demo people + 2 added here.
		if len(seen) != 32 || pages != 5 {
			t.Errorf("paged through %d people in %d pages, want 32 in 5", len(seen), pages)
		}
		if res := a.API(t, token, "GET", "/api/v1/users?limit=0", "", nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("limit=0: %d", res.StatusCode)
		}
		if res := a.API(t, token, "GET", "/api/v1/users?cursor=!!!", "", nil); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad cursor: %d", res.StatusCode)
		}
	})
}

// TestOpenAPIDocumentsEveryRoute checks the document against the mux: every
// registered operation is documented, and every documented one is routed.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	a := apptest.Start(t)
	res := a.API(t, "", "GET", "/api/v1/openapi.json", "", nil)
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	h := api.New(api.Deps{})
	documented := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			documented++
			pattern := strings.ToUpper(method) + " " + path
			found := false
			for _, p := range h.Patterns() {
				found = found || p == pattern
			}
			if !found {
				t.Errorf("%s is documented but not routed", pattern)
			}
			// Routed for real: an unauthenticated call is refused, not "no such operation".
			req := strings.ReplaceAll(path, "{id}", "01HZZZZZZZZZZZZZZZZZZZZZZZ")
			r := a.API(t, "", strings.ToUpper(method), req, "", nil)
			if r.StatusCode == http.StatusNotFound || r.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s %s answers %d: not routed", method, req, r.StatusCode)
			}
		}
	}
	for _, p := range h.Patterns() {
		method, path, _ := strings.Cut(p, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is routed but not documented", p)
		}
	}
	if documented != len(h.Patterns()) {
		t.Errorf("%d documented operations, %d routes", documented, len(h.Patterns()))
	}
}
