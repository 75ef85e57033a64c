package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/audit"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
)

func newClient(c *tls.Config) *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: c}}
}

// receiver is a webhook endpoint that checks each post's signature itself
// and answers from a script of status codes.
type receiver struct {
	*httptest.Server
	mu      sync.Mutex
	secret  string
	answers []int
	posts   []received
}

type received struct {
	body     []byte
	delivery string
	signedOK bool
}

func newReceiver(t *testing.T, answers ...int) *receiver {
	r := &receiver{answers: answers}
	r.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		// The recipe in docs/monitoring.md, written out independently of
		// the package's own Verify.
		ts := req.Header.Get("X-Vigil-Timestamp")
		m := hmac.New(sha256.New, []byte(r.secret))
		m.Write([]byte(ts + "." + string(body)))
		want := "v1=" + hex.EncodeToString(m.Sum(nil))
		sec, _ := strconv.ParseInt(ts, 10, 64)
		fresh := time.Since(time.Unix(sec, 0)).Abs() < 5*time.Minute
		ok := fresh && hmac.Equal([]byte(want), []byte(req.Header.Get("X-Vigil-Signature")))
		r.posts = append(r.posts, received{body: body, delivery: req.Header.Get("X-Vigil-Delivery"), signedOK: ok})
		code := http.StatusOK
		if len(r.answers) > 0 {
			code, r.answers = r.answers[0], r.answers[1:]
		}
		w.WriteHeader(code)
		io.WriteString(w, "answer "+strconv.Itoa(code))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.posts...)
}

func TestSignedWebhookIsRetriedWithBackoffUntilItIsTaken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rcv := newReceiver(t, 500, 503, 200)
		f := newFixture(t, db, rcv.Client().Transport.(*http.Transport).TLSClientConfig)
		hook, secret, err := f.svc.CreateWebhook(ctx, f.analyst, "Security channel", rcv.URL+"/hook", notify.Generic)
		if err != nil {
			t.Fatal(err)
		}
		rcv.mu.Lock()
		rcv.secret = secret
		rcv.mu.Unlock()
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "Every incident", Subject: notify.Incidents, MinPriority: 1, WebhookID: hook.ID}); err != nil {
			t.Fatal(err)
		}
		inc := f.openIncident(t)
		f.clock.set(store.Now())

		if res := f.tick(t, 0); res.Paged != 1 {
			t.Fatalf("paged %d, want the incident", res.Paged)
		}
		logOf := func() notify.Delivery {
			t.Helper()
			ds, err := f.svc.Deliveries(ctx, f.analyst, hook.ID)
			if err != nil || len(ds) != 1 {
				t.Fatalf("deliveries %d, %v; want 1", len(ds), err)
			}
			return ds[0]
		}
		d := logOf()
		if d.Status != notify.Pending || d.Attempts != 1 || !strings.Contains(d.LastError, "500") {
			t.Fatalf("after a 500: %s, %d attempts, %q", d.Status, d.Attempts, d.LastError)
		}
		if wait := d.NextAt.Sub(f.clock.now()); wait != notify.FirstRetry {
			t.Errorf("first retry after %s, want %s", wait, notify.FirstRetry)
		}
		f.tick(t, notify.FirstRetry-time.Second) // too early: nothing goes
		if n := len(rcv.received()); n != 1 {
			t.Fatalf("%d posts before the retry was due, want 1", n)
		}
		f.tick(t, notify.FirstRetry) // second try: 503
		if d = logOf(); d.Attempts != 2 || d.NextAt.Sub(f.clock.now()) != notify.FirstRetry+2*notify.FirstRetry {
			t.Fatalf("after the 503: %d attempts, next at +%s; want the wait doubled", d.Attempts, d.NextAt.Sub(f.clock.now()))
		}
		f.tick(t, 3*notify.FirstRetry) // third: 200
		d = logOf()
		if d.Status != notify.Sent || d.Attempts != 3 {
			t.Fatalf("after the 200: %s after %d attempts", d.Status, d.Attempts)
		}
		posts := rcv.received()
		if len(posts) != 3 {
			t.Fatalf("%d posts, want 3", len(posts))
		}
		for i, p := range posts {
			if !p.signedOK {
				t.Errorf("post %d: signature does not verify", i+1)
			}
			if p.delivery != d.ID || string(p.body) != string(d.Body) {
				t.Errorf("post %d: delivery %q and body differ from the record", i+1, p.delivery)
			}
		}
		var got struct {
			Type    string `json:"type"`
			Event   string `json:"event"`
			Subject struct {
				Kind, ID string
				Priority int
			} `json:"subject"`
			Link string `json:"link"`
		}
		if err := json.Unmarshal(posts[0].body, &got); err != nil {
			t.Fatal(err)
		}
		if got.Type != "vigil.notification" || got.Event != "paged" || got.Subject.Kind != "incident" || got.Subject.ID != inc.ID ||
			got.Link != "https://vigil.example/monitoring/incidents/"+inc.ID {
			t.Errorf("generic body %s", posts[0].body)
		}
		_, attempts, err := f.svc.Delivery(ctx, f.analyst, d.ID)
		if err != nil || len(attempts) != 3 || attempts[0].StatusCode != 500 || attempts[1].StatusCode != 503 || attempts[2].StatusCode != 200 || attempts[2].Error != "" {
			t.Errorf("attempts %+v, %v", attempts, err)
		}
		// A later tick sends nothing again.
		f.tick(t, time.Hour)
		if n := len(rcv.received()); n != 3 {
			t.Errorf("%d posts after it was taken, want still 3", n)
		}
		events, err := audit.NewStore(db).List(ctx, f.trust.System("test"), "", 100)
		if err != nil {
			t.Fatal(err)
		}
		var created, sent bool
		for _, e := range events {
			created = created || (e.EntityType == "webhook" && e.Action == "create" && !strings.Contains(e.After, secret))
			sent = sent || (e.EntityType == "notification" && e.EntityID == d.ID && strings.HasPrefix(e.Summary, "Sent the webhook post"))
		}
		if !created || !sent {
			t.Errorf("audit: webhook created %v, delivery sent %v", created, sent)
		}
	})
}

func TestWebhookGivesUpOnARefusalAndNeverFollowsARedirect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var elsewhere int
		target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { elsewhere++ }))
		defer target.Close()
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, target.URL, http.StatusTemporaryRedirect)
		}))
		defer redirect.Close()
		f := newFixture(t, db, nil)
		hook, _, err := f.svc.CreateWebhook(ctx, f.analyst, "Moved", redirect.URL, notify.Slack)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.svc.TestWebhook(ctx, f.analyst, hook.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != notify.Failed || d.Attempts != 1 || !strings.Contains(d.LastError, "redirect") || elsewhere != 0 {
			t.Errorf("redirect: %s after %d attempts (%q); the other address was posted %d times", d.Status, d.Attempts, d.LastError, elsewhere)
		}
	})
}

func TestWebhookAddressMustBeHTTPS(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, nil)
		for _, u := range []string{"http://hooks.example.com/x", "ftp://hooks.example.com", "https://user:pw@hooks.example.com/", "/relative", "https://"} {
			_, _, err := f.svc.CreateWebhook(context.Background(), f.analyst, "Bad", u, notify.Generic)
			var ve *vigil.Error
			if !asVigil(err, &ve) || ve.Fields["url"] == "" {
				t.Errorf("%q: %v, want the address refused", u, err)
			}
		}
	})
}

func TestTeamsAndSlackShapes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rcv := newReceiver(t)
		f := newFixture(t, db, rcv.Client().Transport.(*http.Transport).TLSClientConfig)
		for _, fm := range []notify.Format{notify.Teams, notify.Slack} {
			hook, _, err := f.svc.CreateWebhook(ctx, f.analyst, string(fm), rcv.URL, fm)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "To " + string(fm), Subject: notify.Both, MinPriority: 15, WebhookID: hook.ID}); err != nil {
				t.Fatal(err)
			}
		}
		f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0)
		posts := rcv.received()
		if len(posts) != 2 {
			t.Fatalf("%d posts, want one each", len(posts))
		}
		var teams, slack bool
		for _, p := range posts {
			var m map[string]any
			if err := json.Unmarshal(p.body, &m); err != nil {
				t.Fatal(err)
			}
			if m["type"] == "message" {
				att := m["attachments"].([]any)[0].(map[string]any)
				card := att["content"].(map[string]any)
				teams = att["contentType"] == "application/vnd.microsoft.card.adaptive" && card["type"] == "AdaptiveCard" && len(card["actions"].([]any)) == 1
			}
			if text, ok := m["text"].(string); ok {
				slack = strings.Contains(text, "Ransomware") && len(m["blocks"].([]any)) == 2
			}
		}
		if !teams || !slack {
			t.Errorf("teams card %v, slack blocks %v:\n%s\n%s", teams, slack, posts[0].body, posts[1].body)
		}
	})
}

// TestDeliverySurvivesARestart: a post that failed is owed in the
// database, so a new Vigil (a fresh service on the same database, as after a
// restart) sends it when it is due, once, signed with the same secret.
func TestDeliverySurvivesARestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rcv := newReceiver(t, 500)
		tlsConfig := rcv.Client().Transport.(*http.Transport).TLSClientConfig
		f := newFixture(t, db, tlsConfig)
		hook, secret, err := f.svc.CreateWebhook(ctx, f.analyst, "SOAR", rcv.URL, notify.Generic)
		if err != nil {
			t.Fatal(err)
		}
		rcv.mu.Lock()
		rcv.secret = secret
		rcv.mu.Unlock()
		if _, err := f.svc.CreateRule(ctx, f.analyst, notify.RuleDraft{Name: "All", Subject: notify.Incidents, MinPriority: 1, WebhookID: hook.ID}); err != nil {
			t.Fatal(err)
		}
		f.openIncident(t)
		f.clock.set(store.Now())
		f.tick(t, 0) // answered 500: owed

		restarted := notify.New(db, f.orgs, nil, f.mon, f.inc, notify.Options{Client: newClient(tlsConfig), Clock: f.clock.now})
		res, err := restarted.Tick(ctx, f.clock.now().Add(notify.FirstRetry))
		if err != nil || res.Sent != 1 || res.Paged != 0 {
			t.Fatalf("after the restart: %+v, %v; want the owed post sent and nothing paged again", res, err)
		}
		posts := rcv.received()
		if len(posts) != 2 || !posts[1].signedOK || posts[0].delivery != posts[1].delivery {
			t.Fatalf("%d posts; want the same delivery twice, signed", len(posts))
		}
		if res, _ := restarted.Tick(ctx, f.clock.now().Add(time.Hour)); res.Sent != 0 || len(rcv.received()) != 2 {
			t.Errorf("sent again after it was taken: %+v", res)
		}
	})
}
