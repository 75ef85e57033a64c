package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/alerttest"
)

// maxTries is how many times one batch is sent while the server answers 429
// before it counts as failed: a server that stays full is worth reporting.
const maxTries = 30

// Alerts is a load of detection-tool alerts sent to POST /api/v1/alerts as a
// trust's SIEM forwards them: a few senders, each posting NDJSON batches and
// waiting for the answer, which comes once the batch is committed.
type Alerts struct {
	URL      string       // Vigil's base URL
	Token    string       // an API token with alerts:write
	Senders  int          // batches in flight at once
	Batch    int          // alerts in one POST
	Alerts   int          // alerts to send in all, not counting resent batches; each run's have ids of their own
	Format   alert.Format // wazuh, ecs, ocsf or generic; empty is Wazuh
	Duration time.Duration
	// Repeat is the fraction (0–1) of POSTs that resend a batch already
	// answered, to exercise dedup: its alerts should all come back duplicates.
	Repeat float64
	Client *http.Client // nil: one with sensible limits
}

// AlertsResult is what an alert load measured. Result counts batches and
// holds one latency per answered POST: the time from sending it to the
// answer, which is the time from Vigil receiving an alert to it being
// stored and visible.
type AlertsResult struct {
	Result
	Alerts     int // alerts in answered POSTs, resent ones included
	Resent     int // batches sent again on purpose
	Accepted   int
	Duplicates int
	Rejected   int
	TooMany    int // 429 answers, each waited out and the batch sent again
}

// AcceptedPerSecond is how many alerts a second were stored.
func (r AlertsResult) AcceptedPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Accepted) / r.Elapsed.Seconds()
}

func (r AlertsResult) String() string {
	ms := func(p float64) time.Duration { return r.Percentile(p).Round(time.Millisecond) }
	return fmt.Sprintf("alerts sent:  %d in %d batches (%d batches resent)\naccepted:     %d\nduplicates:   %d\nrejected:     %d\n"+
		"429 answers:  %d\nfailed:       %d batches\naccepted/s:   %.0f over %s\nPOST to answer (received to stored and visible): p50 %s, p95 %s, p99 %s",
		r.Alerts, r.Sent, r.Resent, r.Accepted, r.Duplicates, r.Rejected, r.TooMany, r.Failed,
		r.AcceptedPerSecond(), r.Elapsed.Round(time.Millisecond), ms(50), ms(95), ms(99))
}

// plan hands out the batches: fresh ones in order, and now and then an
// answered one again, Repeat of them in all.
type plan struct {
	mu       sync.Mutex
	l        Alerts
	posts    int   // batches handed out
	fresh    int   // fresh batches handed out
	answered []int // fresh batches the server has answered
	until    time.Time
}

// next returns the batch to send and whether it is a resend; ok is false
// when the load is done.
func (p *plan) next() (n int, resend, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.until.IsZero() && time.Now().After(p.until) {
		return 0, false, false
	}
	k := p.posts
	if int(float64(k+1)*p.l.Repeat) > int(float64(k)*p.l.Repeat) && len(p.answered) > 0 {
		p.posts++
		return p.answered[k%len(p.answered)], true, true
	}
	if p.fresh*p.l.Batch >= p.l.Alerts {
		return 0, false, false
	}
	p.posts++
	p.fresh++
	return p.fresh - 1, false, true
}

func (p *plan) done(n int) {
	p.mu.Lock()
	p.answered = append(p.answered, n)
	p.mu.Unlock()
}

// Run sends the alerts and waits for every answer. A Duration stops it
// sending new batches when the time is up; the ones in flight are answered
// and counted.
func (l Alerts) Run(ctx context.Context) (AlertsResult, error) {
	if l.Senders < 1 || l.Batch < 1 || l.Alerts < 1 {
		return AlertsResult{}, errors.New("need at least one sender, one alert a batch and one alert")
	}
	if l.Repeat < 0 || l.Repeat >= 1 {
		return AlertsResult{}, errors.New("the repeat fraction must be at least 0 and below 1")
	}
	client := l.Client
	if client == nil {
		client = &http.Client{Timeout: 5 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: l.Senders}}
	}
	target := l.URL + "/api/v1/alerts"
	if l.Format != "" {
		target += "?format=" + url.QueryEscape(string(l.Format))
	}
	p := &plan{l: l}
	start := time.Now()
	// Each run's alerts get ids of their own, so a second run against the
	// same Vigil stores its alerts rather than finding them all duplicates.
	run := strconv.FormatInt(start.UnixNano(), 36)
	if l.Duration > 0 {
		p.until = start.Add(l.Duration)
	}
	var mu sync.Mutex
	var res AlertsResult
	var wg sync.WaitGroup
	for range l.Senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				n, resend, ok := p.next()
				if !ok {
					return
				}
				size := min(l.Batch, l.Alerts-n*l.Batch)
				answer, took, tooMany, err := l.post(ctx, client, target, alerttest.Batch(l.Format, run, n*l.Batch, size))
				mu.Lock()
				res.TooMany += tooMany
				if err != nil {
					res.add(fmt.Errorf("batch %d: %w", n, err))
				} else {
					res.add(nil)
					res.Alerts += size
					res.Accepted += answer.Accepted
					res.Duplicates += answer.Duplicates
					res.Rejected += len(answer.Rejected)
					res.Latencies = append(res.Latencies, took)
					if resend {
						res.Resent++
					}
				}
				mu.Unlock()
				if err == nil && !resend {
					p.done(n)
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(res.Latencies)
	return res, ctx.Err()
}

// post sends one batch until it is answered, waiting out 429s as the
// server asks, and returns the answer and how long the answered POST took.
func (l Alerts) post(ctx context.Context, client *http.Client, target string, body []byte) (answer alert.Batch, took time.Duration, tooMany int, err error) {
	for range maxTries {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
		if err != nil {
			return answer, 0, tooMany, err
		}
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+l.Token)
		began := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return answer, 0, tooMany, err
		}
		text, readErr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		took = time.Since(began)
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			tooMany++
			if !sleep(ctx, retryAfter(resp.Header.Get("Retry-After"))) {
				return answer, 0, tooMany, ctx.Err()
			}
			continue
		case resp.StatusCode != http.StatusOK:
			return answer, 0, tooMany, fmt.Errorf("%d %s", resp.StatusCode, strings.TrimSpace(string(text)))
		case readErr != nil:
			return answer, 0, tooMany, fmt.Errorf("read the answer: %w", readErr)
		}
		if err := json.Unmarshal(text, &answer); err != nil {
			return answer, 0, tooMany, fmt.Errorf("the answer is not a batch result: %w", err)
		}
		return answer, took, tooMany, nil
	}
	return answer, 0, tooMany, fmt.Errorf("still answered 429 after %d tries", maxTries)
}

// retryAfter reads a Retry-After of whole seconds; anything else waits a second.
func retryAfter(v string) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}
