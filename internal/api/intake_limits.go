package api

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/vigil-health/vigil/internal/vigil"
)

// IntakeLimits keep one integration, or one organisation, from taking the
// whole of a node's intake, and bound the uploads that hold a lot of memory
// at once. Each node keeps its own counts.
type IntakeLimits struct {
	PerToken        rate.Limit // reports a second from one token (or signed-in person)
	PerOrganisation rate.Limit // reports a second to one organisation
	// BurstFor is how many seconds' worth may come at once: a mailbox
	// catching up after a pause sends a burst.
	BurstFor time.Duration
	// LargeUploads is how many reports over LargeUpload bytes (or of unknown
	// size) may be read at once: each may hold 25 MB and its analysis.
	LargeUploads int
	LargeUpload  int64
}

// DefaultIntakeLimits allow a national phishing wave through one mailbox
// integration and stop a runaway one.
func DefaultIntakeLimits() IntakeLimits {
	return IntakeLimits{PerToken: 500, PerOrganisation: 1000, BurstFor: 2 * time.Second, LargeUploads: 4, LargeUpload: 1 << 20}
}

type intakeGate struct {
	limits IntakeLimits
	mu     sync.Mutex
	rates  map[string]*rate.Limiter
	large  chan struct{}
}

func newIntakeGate(l IntakeLimits) *intakeGate {
	return &intakeGate{limits: l, rates: map[string]*rate.Limiter{}, large: make(chan struct{}, max(1, l.LargeUploads))}
}

// admit lets a report in, or answers 429 with how long to wait. release
// must be called when a large upload is done with.
func (g *intakeGate) admit(r *http.Request, sc vigil.Scope) (release func(), err error) {
	now := time.Now()
	caller := "person:" + sc.UserID
	if sc.TokenID != "" {
		caller = "token:" + sc.TokenID
	}
	for _, l := range []struct {
		key   string
		limit rate.Limit
		who   string
	}{{caller, g.limits.PerToken, "this integration"}, {"org:" + sc.OrgID, g.limits.PerOrganisation, "your organisation"}} {
		res := g.limiter(l.key, l.limit).ReserveN(now, 1)
		if d := res.DelayFrom(now); d > 0 {
			res.CancelAt(now)
			return nil, vigil.Busy(d, "Too many reports from %s at once. Try again in a moment.", l.who)
		}
	}
	if r.ContentLength >= 0 && r.ContentLength <= g.limits.LargeUpload {
		return func() {}, nil
	}
	select {
	case g.large <- struct{}{}:
		return func() { <-g.large }, nil
	default:
		return nil, vigil.Busy(5*time.Second, "Vigil is reading several large e-mails at once. Try again in a few seconds.")
	}
}

func (g *intakeGate) limiter(key string, limit rate.Limit) *rate.Limiter {
	g.mu.Lock()
	defer g.mu.Unlock()
	l, ok := g.rates[key]
	if !ok {
		if len(g.rates) > 10000 {
			clear(g.rates) // forget idle callers rather than grow for ever
		}
		l = rate.NewLimiter(limit, max(1, int(float64(limit)*g.limits.BurstFor.Seconds())))
		g.rates[key] = l
	}
	return l
}
