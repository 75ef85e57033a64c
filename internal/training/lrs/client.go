package lrs

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/outbound"
)

// Bounds on talking to a store: a store that hangs holds up nobody else's.
const (
	requestTimeout  = 30 * time.Second
	maxAnswerBytes  = 4 << 10 // of a store's answer, kept as the reason it gave
	maxRetryAfter   = 24 * time.Hour
	firstRetryAfter = 30 * time.Second
	maxBackoff      = 6 * time.Hour
)

var errRedirect = errors.New("the learning record store answered with a redirect: enter the address it redirects to")

func refuseRedirects(*http.Request, []*http.Request) error { return errRedirect }

// newClient is the HTTP client for stores: unless allowLoopback, it never
// connects to this machine or to link-local addresses, whatever a store's
// name resolves to.
func newClient(allowLoopback bool) *http.Client {
	return outbound.Client(outbound.Options{Timeout: requestTimeout, Receiver: "the learning record store", Redirect: refuseRedirects, AllowLoopback: allowLoopback})
}

// RetryAfter reads a Retry-After header (RFC 9110: a number of seconds or
// an HTTP date) as a wait from now, at most a day; zero when absent or not
// understood.
func RetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" || len(value) > 64 {
		return 0
	}
	if secs, err := strconv.ParseUint(value, 10, 32); err == nil {
		return min(time.Duration(secs)*time.Second, maxRetryAfter)
	}
	at, err := http.ParseTime(value)
	if err != nil || !at.After(now) {
		return 0
	}
	return min(at.Sub(now), maxRetryAfter)
}

// backoff is the wait after a statement's n-th failed try: 30 s, 1 min,
// 2 min, … doubling to at most six hours, or longer when the store asked.
func backoff(tries int, asked time.Duration) time.Duration {
	wait := firstRetryAfter
	for i := 1; i < tries && wait < maxBackoff; i++ {
		wait *= 2
	}
	return max(min(wait, maxBackoff), asked)
}
