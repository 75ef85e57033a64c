package mailbox

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/report/mailtest"
)

// runUntil runs p until the test's stop condition cancels ctx, and fails the
// test if Run does not return afterwards. The long guard is a hang detector,
// not a speed assertion.
func runUntil(t *testing.T, p *Poller, ctx context.Context) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v after cancel, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not stop after its context was cancelled")
	}
}

func TestRunHandsOverMessagesAndStopsOnCancel(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	want := ts.seedSamples(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	seen := 0
	handle := func(context.Context, Message) error {
		mu.Lock()
		defer mu.Unlock()
		if seen++; seen == len(want) {
			cancel()
		}
		return nil
	}
	cfg := ts.config()
	cfg.MaxPerPoll = 2 // Run must go straight on to the next poll while messages wait
	cfg.PollInterval = time.Hour
	runUntil(t, newPoller(t, cfg, handle), ctx)
	if seen != len(want) {
		t.Errorf("Run handed over %d messages, want %d", seen, len(want))
	}
}

func TestRunBacksOffAfterFailuresAndRecovers(t *testing.T) {
	ts := startIMAP(t, serverOptions{})
	ts.add(t, "INBOX", []byte("Subject: report\r\n\r\nplease look\r\n"))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	var calls atomic.Int32
	cfg := ts.config()
	cfg.Password = ""
	cfg.Token = func(context.Context) (string, error) {
		if calls.Add(1) <= 3 {
			return "", errors.New("identity provider unavailable")
		}
		return testToken, nil
	}
	cfg.PollInterval = time.Hour
	logs := &countingHandler{}
	p, err := New(cfg, func(context.Context, Message) error { cancel(); return nil }, slog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, p, ctx)
	if n := logs.count("reporting mailbox poll failed"); n != 3 {
		t.Errorf("logged %d failed polls, want 3", n)
	}
	if all, unseen := ts.count(t, "INBOX"); all != 1 || unseen != 0 {
		t.Errorf("INBOX has %d messages, %d unseen; want the report handled after recovery", all, unseen)
	}
}

func TestRunStopsDuringBackoff(t *testing.T) {
	cfg := Config{
		Address:    "127.0.0.1:1", // nothing listens there
		TLS:        TLSNone,
		Username:   testUser,
		Password:   testPassword,
		MinBackoff: time.Hour,
	}
	ctx, cancel := context.WithCancel(t.Context())
	logs := &countingHandler{onRecord: cancel}
	p, err := New(cfg, (&collector{}).handle, slog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	runUntil(t, p, ctx)
}

func TestBackoffGrowsToTheCeiling(t *testing.T) {
	p := newPoller(t, Config{Address: "h:1", Username: "u", Password: "p", MinBackoff: time.Second, MaxBackoff: 8 * time.Second}, (&collector{}).handle)
	for _, tc := range []struct {
		failures int
		max      time.Duration
	}{{1, time.Second}, {2, 2 * time.Second}, {3, 4 * time.Second}, {4, 8 * time.Second}, {10, 8 * time.Second}, {1000, 8 * time.Second}} {
		d := p.backoff(tc.failures)
		if d < tc.max/2 || d > tc.max {
			t.Errorf("backoff after %d failures = %v, want between %v and %v", tc.failures, d, tc.max/2, tc.max)
		}
	}
}

// countingHandler counts log records by message.
type countingHandler struct {
	mu       sync.Mutex
	messages []string
	onRecord func()
}

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *countingHandler) WithGroup(string) slog.Handler            { return h }
func (h *countingHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.messages = append(h.messages, r.Message)
	h.mu.Unlock()
	if h.onRecord != nil {
		h.onRecord()
	}
	return nil
}

func (h *countingHandler) count(msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, m := range h.messages {
		if m == msg {
			n++
		}
	}
	return n
}

func TestPollOnceStopsWhenTheServerIsSilent(t *testing.T) {
	silent := mailtest.SilentServer(t)
	p := newPoller(t, Config{Address: silent, TLS: TLSNone, Username: testUser, Password: testPassword}, (&collector{}).handle)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, err := p.PollOnce(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("PollOnce = %v, want it to stop at the context's deadline", err)
	}
}
