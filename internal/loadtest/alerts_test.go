package loadtest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/app/apptest"
	"github.com/vigil-health/vigil/internal/loadtest"
	"github.com/vigil-health/vigil/internal/vigil"
)

// alertsToken is a detection tool's token for the demo trust; its name is
// the source, so each format gets its own and their ids cannot collide.
func alertsToken(t *testing.T, a *apptest.App, name string) string {
	t.Helper()
	ctx := context.Background()
	o, err := a.Orgs.OrganisationByCode(ctx, apptest.TrustCode)
	if err != nil {
		t.Fatal(err)
	}
	admin := vigil.PersonScope(o.Ref(), "", "test", "", []vigil.Role{vigil.OrgAdmin})
	secret, _, err := a.Auth.CreateToken(ctx, admin, name, []vigil.Permission{vigil.WriteAlerts})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

// The alert load stores every fresh alert once, gets every resent one back
// as a duplicate, and what it prints matches the rows in the database.
func TestAlertsLoadCountsWhatIsStored(t *testing.T) {
	apptest.Each(t, func(t *testing.T, a *apptest.App) {
		ctx := context.Background()
		rows := func() (n int) {
			if err := a.DB.QueryRow(ctx, `SELECT count(*) FROM alerts`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, f := range []alert.Format{alert.Wazuh, alert.ECS, alert.OCSF, alert.Generic} {
			before := rows()
			l := loadtest.Alerts{URL: a.URL, Token: alertsToken(t, a, "load "+string(f)), Senders: 2, Batch: 7, Alerts: 60, Format: f, Repeat: 0.3}
			res, err := l.Run(ctx)
			if err != nil || res.Failed > 0 {
				t.Fatalf("%s: %v, %d failed: %s", f, err, res.Failed, res.FirstFail)
			}
			stored := rows() - before
			if stored != 60 || res.Accepted != stored || res.Rejected != 0 || res.TooMany != 0 {
				t.Errorf("%s: %d rows stored; result %+v", f, stored, res)
			}
			// 60 alerts in batches of 7 make 9 fresh batches, the last of 4;
			// a resent batch may be the short one.
			if res.Resent == 0 || res.Sent != 9+res.Resent || res.Alerts != 60+res.Duplicates || res.Duplicates < 4*res.Resent {
				t.Errorf("%s: %d batches, %d resent, %d alerts sent, %d duplicates", f, res.Sent, res.Resent, res.Alerts, res.Duplicates)
			}
			out := res.String()
			for _, want := range []string{fmt.Sprintf("accepted:     %d\n", stored), fmt.Sprintf("duplicates:   %d\n", res.Duplicates), "rejected:     0\n", "p95"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s: printed %q, want %q", f, out, want)
				}
			}
		}
		bad := loadtest.Alerts{URL: a.URL, Token: "vigil_wrong", Senders: 1, Batch: 5, Alerts: 10}
		if res, err := bad.Run(ctx); err != nil || res.Failed != 2 || !strings.Contains(res.FirstFail, "401") {
			t.Errorf("a wrong token: %v, %+v", err, res)
		}
	})
}

// A 429 is waited out as Retry-After says and the same batch sent again.
func TestAlertsLoadWaitsOutTooMany(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/alerts" || r.URL.Query().Get("format") != "ecs" || r.Header.Get("Authorization") != "Bearer t" {
			http.Error(w, "wrong request", http.StatusBadRequest)
			return
		}
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, `{"accepted":3,"duplicates":0,"rejected":[]}`)
	}))
	defer srv.Close()
	res, err := loadtest.Alerts{URL: srv.URL, Token: "t", Senders: 1, Batch: 3, Alerts: 3, Format: alert.ECS}.Run(context.Background())
	if err != nil || res.TooMany != 1 || res.Accepted != 3 || res.Sent != 1 || res.Failed != 0 || calls.Load() != 2 {
		t.Errorf("%v, %+v after %d calls", err, res, calls.Load())
	}
}
