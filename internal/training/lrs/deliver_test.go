package lrs_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/training/lrs"
)

// Every statement of every attempt reaches the store once, checked against
// the specification, with the same ids the xAPI export gives.
func TestEveryStatementReachesTheStoreOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.submit(t, f.nurse, "", 2) // fails: attempted, failed and four answered
		f.connect(t)
		f.submit(t, f.nurse, "", 2)
		f.submit(t, f.nurse, "7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d") // passes, made offline on the phone
		f.now = f.now.Add(time.Minute)
		if err := f.training.RecordCompletion(ctx, f.admin, f.nurse.UserID, "ransomware", f.now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.submit(t, f.gpNurse, "") // the practice sends nowhere

		if st := f.status(t, f.admin); st.Queued != 13 || st.Delivered != 0 {
			t.Fatalf("queued %d, delivered %d; want 13 owed (nothing from before sending was on)", st.Queued, st.Delivered)
		}
		if n := f.flush(t); n != 13 {
			t.Errorf("flush sent %d, want 13", n)
		}
		got := f.store.Statements()
		if len(got) != 13 {
			t.Fatalf("the store has %d statements, want 13", len(got))
		}
		if _, ok := got["7d3f0a5e-2b1c-4e8f-9a6d-5c4b3a2f1e0d"]; !ok {
			t.Error("the phone's attempt id is not the passed statement's id")
		}
		exported, err := f.training.Statements(ctx, f.admin, base, time.Time{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range exported {
			if _, ok := got[st.ID]; !ok && st.Timestamp.After(f.now.Add(-time.Second)) {
				t.Errorf("exported statement %s (%s) is not in the store under the same id", st.ID, st.Verb.ID)
			}
		}
		st := f.status(t, f.admin)
		if st.Queued != 0 || st.Delivered != 13 || !st.LastDelivered.Equal(f.now) || len(st.Problems) != 0 {
			t.Errorf("status %+v, want 13 delivered at %v", st, f.now)
		}
		before := f.store.Requests()
		if n := f.flush(t); n != 0 || f.store.Requests() != before {
			t.Errorf("a second flush sent %d in %d requests", n, f.store.Requests()-before)
		}
		f.now = f.now.Add(lrs.KeepDelivered + time.Minute)
		f.flush(t)
		if st := f.status(t, f.admin); st.Delivered != 0 || !st.LastDelivered.IsZero() {
			t.Errorf("a month on, Vigil still keeps %d delivered statements", st.Delivered)
		}
	})
}

// A store that fails is tried again, waiting longer each time and as long
// as it asks; an answer lost after the store kept the statements is not a
// second copy; and the admin sees why nothing has gone meanwhile.
func TestAFailingStoreIsRetriedUntilItRecovers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.connect(t)
		f.submit(t, f.nurse, "")
		f.store.FailNext(2, http.StatusServiceUnavailable, "120")

		if n := f.flush(t); n != 0 || f.store.Requests() != 1 {
			t.Fatalf("sent %d in %d requests to a store that is down", n, f.store.Requests())
		}
		st := f.status(t, f.admin)
		if st.Failing != 6 || len(st.Problems) != 6 || !strings.Contains(st.Problems[0].Reason, "503") || st.Problems[0].Tries != 1 {
			t.Fatalf("status %+v, want 6 failing with the store's 503", st)
		}
		f.now = f.now.Add(time.Minute) // the store asked for two
		if f.flush(t); f.store.Requests() != 1 {
			t.Errorf("tried again after a minute when the store asked for two")
		}
		f.now = f.now.Add(61 * time.Second)
		if n := f.flush(t); n != 0 || f.store.Requests() != 2 {
			t.Fatalf("second try: sent %d, %d requests", n, f.store.Requests())
		}
		f.now = f.now.Add(2*time.Minute + time.Second)
		f.store.LoseNext(1) // the store keeps them, but its answer is lost
		if n := f.flush(t); n != 0 || len(f.store.Statements()) != 6 {
			t.Fatalf("third try: sent %d, the store has %d", n, len(f.store.Statements()))
		}
		if st := f.status(t, f.admin); st.Problems[0].Tries != 3 || !strings.Contains(st.Problems[0].Reason, "502") {
			t.Errorf("after three tries: %+v", st.Problems[0])
		}
		f.now = f.now.Add(time.Minute) // after a third failure, the wait is 30 s doubled twice
		if f.flush(t); f.store.Requests() != 3 {
			t.Errorf("tried again before the wait had passed")
		}
		f.now = f.now.Add(time.Minute + time.Second)
		// The store says it has them (409); one by one, each is there.
		if n := f.flush(t); n != 6 {
			t.Errorf("after recovery sent %d, want 6", n)
		}
		if st := f.status(t, f.admin); st.Delivered != 6 || st.Queued != 0 || len(st.Problems) != 0 {
			t.Errorf("status %+v, want all 6 delivered", st)
		}
		if got := len(f.store.Statements()); got != 6 {
			t.Errorf("the store has %d statements, want 6", got)
		}
	})
}

// A statement the store refuses as wrong does not hold up the others: it
// is parked with the store's reason, and goes when the admin asks again.
func TestARefusedStatementIsParkedWithItsReason(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.connect(t)
		f.submit(t, f.nurse, "9b2e4c1a-3d5f-4a6b-8c7d-0e1f2a3b4c5d")
		f.store.Refuse(func(id string) string {
			if id == "9b2e4c1a-3d5f-4a6b-8c7d-0e1f2a3b4c5d" {
				return "statement refused: the activity is not in this store's catalogue"
			}
			return ""
		})
		if n := f.flush(t); n != 5 {
			t.Errorf("sent %d, want the 5 statements the store takes", n)
		}
		st := f.status(t, f.admin)
		if st.Parked != 1 || st.Delivered != 5 || len(st.Problems) != 1 {
			t.Fatalf("status %+v, want 1 parked and 5 delivered", st)
		}
		p := st.Problems[0]
		if p.Status != lrs.Parked || p.Verb != "passed" || p.Lesson == "" || !strings.Contains(p.Reason, "not in this store's catalogue") {
			t.Errorf("problem %+v, want the passed statement with the store's reason", p)
		}
		requests := f.store.Requests()
		f.now = f.now.Add(24 * time.Hour)
		if f.flush(t); f.store.Requests() != requests {
			t.Error("a parked statement was sent again without the admin asking")
		}
		f.store.Refuse(nil)
		if n, err := f.lrs.RetryNow(context.Background(), f.admin); err != nil || n != 1 {
			t.Fatalf("retry now: %d, %v", n, err)
		}
		if n := f.flush(t); n != 1 {
			t.Errorf("after retry now sent %d, want 1", n)
		}
		if st := f.status(t, f.admin); st.Parked != 0 || st.Delivered != 6 {
			t.Errorf("status %+v, want all 6 delivered", st)
		}
	})
}

// Turning sending off keeps what is owed, queues nothing new, and sends
// nothing until it is on again.
func TestSendingOffHoldsTheQueue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		f.connect(t)
		f.submit(t, f.nurse, "")
		if _, err := f.lrs.Save(ctx, f.admin, lrs.Change{Endpoint: f.store.Endpoint(), Key: f.store.Key}); err != nil {
			t.Fatal(err)
		}
		f.submit(t, f.nurse, "", 1)
		if n := f.flush(t); n != 0 || f.store.Requests() != 0 {
			t.Errorf("sent %d while sending was off", n)
		}
		// Back on, with the secret left blank: the saved one is kept.
		if _, err := f.lrs.Save(ctx, f.admin, lrs.Change{Endpoint: f.store.Endpoint(), Key: f.store.Key, Enabled: true}); err != nil {
			t.Fatal(err)
		}
		if n := f.flush(t); n != 6 {
			t.Errorf("sent %d, want the 6 owed before sending was turned off", n)
		}
	})
}

// A store that redirects is not followed: the admin is told to give the
// address it redirects to.
func TestRedirectsAreNotFollowed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.connect(t)
		f.store.Server.Config.Handler = http.RedirectHandler("https://elsewhere.example/xapi/statements", http.StatusTemporaryRedirect)
		f.submit(t, f.nurse, "")
		if n := f.flush(t); n != 0 {
			t.Errorf("sent %d through a redirect", n)
		}
		if st := f.status(t, f.admin); st.Failing != 6 || !strings.Contains(st.Problems[0].Reason, "redirect") {
			t.Errorf("status %+v, want 6 failing with the redirect named", st)
		}
	})
}

// Outside tests, a store whose address leads to this machine is never
// reached, even when its settings were stored some other way than through
// the checked form (as when a name resolves to a loopback address).
func TestNeverSendsToThisMachine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		guarded := lrs.New(db, lrs.Options{BaseURL: base, Clock: func() time.Time { return f.now }})
		f.training.SendStatementsTo(guarded)
		if _, err := db.Exec(ctx, `INSERT INTO training_lrs (org_id, endpoint, auth_key, auth_secret, enabled, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, f.admin.OrgID, f.store.Endpoint(), f.store.Key, f.store.Secret, true, "test", f.now); err != nil {
			t.Fatal(err)
		}
		f.submit(t, f.nurse, "")
		if n, _ := guarded.Flush(ctx); n != 0 || f.store.Requests() != 0 {
			t.Fatalf("sent %d to this machine in %d requests", n, f.store.Requests())
		}
		if st := f.status(t, f.admin); st.Failing != 6 || !strings.Contains(st.Problems[0].Reason, "does not send to") {
			t.Errorf("status %+v, want 6 failing with the reason", st)
		}
	})
}
