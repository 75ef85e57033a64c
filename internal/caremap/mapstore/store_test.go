package mapstore_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// fixture is a database with the demo trust and a GP practice, and scopes to act in each.
type fixture struct {
	db       *store.DB
	maps     *mapstore.Store
	trust    vigil.Scope // org-admin of the demo trust
	analyst  vigil.Scope // security analyst of the demo trust: reads, saves scenarios, cannot change the map
	practice vigil.Scope // org-admin of the GP practice
}

func newFixture(t *testing.T, db *store.DB) fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	scope := func(code string, typ org.Type, roles ...vigil.Role) vigil.Scope {
		o, err := orgs.OrganisationByCode(ctx, code)
		if vigil.IsNotFound(err) {
			o, err = orgs.CreateOrganisation(ctx, org.Organisation{Code: code, Name: "Test " + code, Type: typ})
		}
		if err != nil {
			t.Fatal(err)
		}
		return vigil.PersonScope(o.Ref(), "", "test "+string(roles[0]), "", roles)
	}
	return fixture{
		db: db, maps: mapstore.New(db),
		trust:    scope(demomap.Code, org.AcuteTrust, vigil.OrgAdmin),
		analyst:  scope(demomap.Code, org.AcuteTrust, vigil.SecurityAnalyst),
		practice: scope("DEMOGP", org.GPPractice, vigil.OrgAdmin),
	}
}

func demo(t testing.TB) *caremap.Map {
	t.Helper()
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// edited returns the demo map with one service's downtime procedure changed.
func edited(t testing.TB, m *caremap.Map, serviceID, procedure string) *caremap.Map {
	t.Helper()
	c := m.Contents.Clone()
	for i := range c.Services {
		if c.Services[i].ID == serviceID {
			c.Services[i].Downtime.Procedure = procedure
		}
	}
	out, err := caremap.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

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

func TestStoredMapRoundTripsExactly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		m := demo(t)
		r, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Changed || r.Before.Revision != 0 || r.After.Revision != 1 || r.After.Digest != m.Version() || r.After.Services != len(m.Services) {
			t.Fatalf("first replace = %+v", r)
		}
		// A fresh store has no cache: what comes back is read from the database.
		st, err := mapstore.New(db).Current(ctx, f.analyst)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(st.Map.Contents, m.Contents) || st.Map.Version() != m.Version() {
			t.Error("the stored map differs from the one put in")
		}
		if st.Revision != 1 || st.UpdatedBy != "test org-admin" || st.UpdatedAt.IsZero() {
			t.Errorf("stored = revision %d by %q at %v", st.Revision, st.UpdatedBy, st.UpdatedAt)
		}
		events := auditEvents(t, f, f.trust, "care-map")
		if len(events) != 1 || events[0].Action != "replace" || events[0].Before != "" ||
			!strings.Contains(events[0].After, `"revision":1`) || !strings.Contains(events[0].Summary, fmt.Sprintf("%d services", len(m.Services))) {
			t.Errorf("audit = %+v", events)
		}
	})
}

func TestReplaceIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		m := demo(t)
		if _, err := f.maps.Replace(ctx, f.trust, m, mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		unchanged := func(why string) {
			t.Helper()
			st, err := mapstore.New(db).Current(ctx, f.trust)
			if err != nil || st.Revision != 1 || st.Map.Version() != m.Version() {
				t.Errorf("after %s the stored map changed: revision %d, %v", why, st.Revision, err)
			}
		}

		// The same map again changes nothing and records nothing.
		r, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{})
		if err != nil || r.Changed || r.After.Revision != 1 {
			t.Errorf("same map again: %+v, %v", r, err)
		}
		if n := len(auditEvents(t, f, f.trust, "care-map")); n != 1 {
			t.Errorf("%d audit events, want 1", n)
		}

		// Another organisation's map is refused.
		_, err = f.maps.Replace(ctx, f.practice, m, mapstore.Change{})
		if vigil.CodeOf(err) != vigil.Invalid || !strings.Contains(err.Error(), "organisation code is DEMO") {
			t.Errorf("the trust's map into the practice: %v", err)
		}
		unchanged("refusing another organisation's map")

		// Someone without caremap:write cannot change it.
		if _, err := f.maps.Replace(ctx, f.analyst, edited(t, m, "ed", "Paper."), mapstore.Change{}); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("analyst replacing the map: %v", err)
		}
		unchanged("refusing an analyst")

		// An edit made to an old revision is refused.
		next := edited(t, m, "ed", "Use the paper cards.")
		r, err = f.maps.Replace(ctx, f.trust, next, mapstore.Change{Base: 1, Summary: "Changed the downtime procedure of Emergency Department"})
		if err != nil || r.After.Revision != 2 {
			t.Fatalf("edit: %+v, %v", r, err)
		}
		_, err = f.maps.Replace(ctx, f.trust, edited(t, m, "icu", "Stale."), mapstore.Change{Base: 1, Summary: "stale"})
		if vigil.CodeOf(err) != vigil.Conflict {
			t.Errorf("stale edit: %v, want a conflict", err)
		}
		st, err := f.maps.Current(ctx, f.trust)
		if err != nil || st.Revision != 2 || st.Map.Version() != next.Version() {
			t.Errorf("after a stale edit: revision %d, %v", st.Revision, err)
		}
		events := auditEvents(t, f, f.trust, "care-map")
		i := slices.IndexFunc(events, func(e audit.Event) bool { return e.Action == "update" })
		if len(events) != 2 || i < 0 || !strings.Contains(events[i].Summary, "Emergency Department (version 2)") ||
			!strings.Contains(events[i].Before, `"revision":1`) || !strings.Contains(events[i].After, `"revision":2`) {
			t.Errorf("audit = %+v", events)
		}
	})
}

func TestAnotherOrganisationsMapIsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := f.maps.Replace(ctx, f.trust, demo(t), mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.maps.Map(ctx, f.practice); !vigil.IsNotFound(err) {
			t.Errorf("the practice read a map: %v", err)
		}
		nurse := vigil.PersonScope(f.trust.Org(), "", "nurse", "", []vigil.Role{vigil.Staff})
		if _, err := f.maps.Map(ctx, nurse); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a nurse without caremap:read read the map: %v", err)
		}
	})
}

// TestReadsDuringReplacesSeeWholeMaps: readers racing a writer always get one whole
// version of the map, never an error or a mixture.
func TestReadsDuringReplacesSeeWholeMaps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		versions := map[string]bool{}
		var maps []*caremap.Map
		for _, proc := range []string{"Paper cards.", "Red box.", "Phone the lab."} {
			m := edited(t, demo(t), "ed", proc)
			versions[m.Version()] = true
			maps = append(maps, m)
		}
		if _, err := f.maps.Replace(ctx, f.trust, maps[0], mapstore.Change{}); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		errs := make(chan error, 8)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-done:
						return
					default:
					}
					m, err := f.maps.Map(ctx, f.analyst)
					if err != nil {
						errs <- err
						return
					}
					if !versions[m.Version()] {
						errs <- fmt.Errorf("read a map that was never stored")
						return
					}
				}
			}()
		}
		for i := 1; i <= 6; i++ {
			if _, err := f.maps.Replace(ctx, f.trust, maps[i%3], mapstore.Change{}); err != nil {
				t.Fatal(err)
			}
		}
		close(done)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
