package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/caremap"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/whatif"
)

// TestNationalWhatIfAfterAnUpgrade: care maps stored before outlines existed (their
// outlines removed here) still get the national answer, and a node that starts fills
// their outlines in the background; it then answers exactly as before.
func TestNationalWhatIfAfterAnUpgrade(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		gp := tokenFor(t, a, apptest.PracticeCode, vigil.WriteCareMap)
		if res := a.API(t, gp, "PUT", "/api/v1/caremap", "application/yaml", strings.NewReader(elmTreeMap)); res.StatusCode != http.StatusOK {
			t.Fatalf("practice upload: %d %s", res.StatusCode, res.Body)
		}
		centre, err := a.Orgs.OrganisationByCode(ctx, apptest.NationalCode)
		if err != nil {
			t.Fatal(err)
		}
		scope := centre.System("test")
		q := whatif.Outage{Supplier: "CityPath Diagnostics Ltd", Duration: 14 * caremap.Day}
		before, err := a.WhatIf.National(ctx, scope, q)
		if err != nil || len(before.Organisations) != 2 {
			t.Fatalf("before: %+v, %v", before, err)
		}

		count := func(query string) int {
			var n int
			if err := a.DB.QueryRow(ctx, query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		maps := count(`SELECT count(*) FROM care_maps`)
		if _, err := a.DB.Exec(ctx, `DELETE FROM care_map_outlines`); err != nil {
			t.Fatal(err)
		}
		// Without outlines the answer comes from the documents.
		fresh := whatif.New(a.DB, a.CareMaps)
		if ans, err := fresh.National(ctx, scope, q); err != nil || !reflect.DeepEqual(ans, before) {
			t.Errorf("without outlines: %v; the answer differs: %v", err, !reflect.DeepEqual(ans, before))
		}

		// A node starting over the same database fills them in.
		cfg := a.Config
		cfg.Addr = "127.0.0.1:0"
		node, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		serving, stop := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- node.Serve(serving) }()
		defer func() {
			stop()
			if err := <-done; err != nil {
				t.Errorf("second node: %v", err)
			}
			node.Close()
		}()
		for wait := time.Now(); count(`SELECT count(*) FROM care_map_outlines`) < maps; {
			if time.Since(wait) > 2*time.Minute {
				t.Fatalf("the starting node filled %d of %d outlines", count(`SELECT count(*) FROM care_map_outlines`), maps)
			}
			time.Sleep(20 * time.Millisecond)
		}
		after, err := node.WhatIf.National(ctx, scope, q)
		if err != nil || !reflect.DeepEqual(after, before) {
			t.Errorf("after filling: %v; the answer differs: %v", err, !reflect.DeepEqual(after, before))
		}
	})
}
