package notify_test

import (
	"context"
	"crypto/tls"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/format"
	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/demomap"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/impact"
	"github.com/vigil-health/vigil/internal/incident"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/notify"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/report/feedback"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/vigil"
)

// mailbox keeps the e-mails the service sends, as a relay would receive them.
type mailbox struct {
	mu   sync.Mutex
	sent []feedback.Message
}

func (m *mailbox) Send(_ context.Context, msg feedback.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

// to lists the addressees of what was sent, in order, and forgets them.
func (m *mailbox) take() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, msg := range m.sent {
		out = append(out, msg.To)
	}
	m.sent = nil
	return out
}

// clock is a time tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

type fixture struct {
	db       *store.DB
	orgs     *org.Store
	mon      *monitor.Monitor
	inc      *incident.Incidents
	svc      *notify.Service
	mail     *mailbox
	clock    *clock
	trust    org.Organisation
	practice org.Organisation
	analyst  vigil.Scope // Aisha Begum, trust
	second   vigil.Scope // Ben Carter, trust
	gp       vigil.Scope // the practice's analyst
	aishaID  string
	benID    string
}

// newFixture is the demo trust with its care map and two analysts, a GP
// practice with its own analyst, and a national centre with one analyst.
// client posts the webhooks (nil: the default).
func newFixture(t testing.TB, db *store.DB, tlsClient *tls.Config) *fixture {
	t.Helper()
	ctx := context.Background()
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	f := &fixture{db: db, orgs: orgs, mail: &mailbox{}, clock: &clock{t: store.Now()}}
	f.trust, f.practice = add(demomap.Code, org.AcuteTrust), add("DEMOGP", org.GPPractice)
	centre := add("CSOC", org.NationalCentre)
	person := func(o org.Organisation, email, name string, roles ...string) vigil.Scope {
		u, err := orgs.CreateUser(ctx, o.System("test"), org.PersonDetails{Email: email, Name: name, JobRole: "it-digital", Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		rs := make([]vigil.Role, len(u.Roles))
		copy(rs, u.Roles)
		return vigil.PersonScope(o.Ref(), u.ID, u.Name, u.Email, rs)
	}
	f.analyst = person(f.trust, "aisha@trust.example", "Aisha Begum", "staff", "security-analyst")
	f.second = person(f.trust, "ben@trust.example", "Ben Carter", "staff", "security-analyst")
	f.gp = person(f.practice, "gp@practice.example", "Ann Lee", "staff", "security-analyst")
	person(centre, "duty@csoc.example", "Dana Duty", "staff", "central-analyst")
	f.aishaID, f.benID = f.analyst.UserID, f.second.UserID

	maps := mapstore.New(db)
	m, err := demomap.Map()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maps.Replace(ctx, f.trust.System("test"), m, mapstore.Change{}); err != nil {
		t.Fatal(err)
	}
	f.mon = monitor.New(db, maps, impact.NewCache(4), nil, monitor.Options{})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { f.mon.Run(runCtx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	f.inc = incident.New(db, maps, orgs, f.mon, nil)
	opts := notify.Options{Sender: f.mail, BaseURL: "https://vigil.example", AllowLoopbackHTTP: true, Clock: f.clock.now}
	if tlsClient != nil {
		opts.Client = newClient(tlsClient)
	}
	f.svc = notify.New(db, orgs, maps, f.mon, f.inc, opts)
	return f
}

// ingest sends alerts to the trust as its Defender would.
func (f *fixture) ingest(t testing.TB, body string) {
	t.Helper()
	ctx := context.Background()
	var alerts []alert.Alert
	if _, err := format.Read(ctx, strings.NewReader(body), format.Options{Format: alert.Generic}, func(a alert.Alert) error { alerts = append(alerts, a); return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := f.mon.Ingest(ctx, f.analyst, "Defender", alerts); err != nil {
		t.Fatal(err)
	}
}

// openIncident opens a critical ransomware incident on the record system.
func (f *fixture) openIncident(t testing.TB) incident.Incident {
	t.Helper()
	inc, err := f.inc.Open(context.Background(), f.analyst, incident.Draft{Playbook: "ransomware", Severity: alert.Critical, AssetIDs: []string{"epr"}})
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// tick runs the background work at the fixture's clock plus d.
func (f *fixture) tick(t testing.TB, d time.Duration) notify.TickResult {
	t.Helper()
	res, err := f.svc.Tick(context.Background(), f.clock.now().Add(d))
	if err != nil {
		t.Logf("tick at +%s: %v", d, err) // failed deliveries are errors too; tests check the records
	}
	return res
}
