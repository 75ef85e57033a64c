// Package loadtest drives a running Vigil the way its busiest users would,
// over HTTP, and measures what they would feel: how many requests it takes a
// second and how long the slowest of them wait. `vigil bench` and the
// benchmarks in the app's tests both use it.
package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Intake is a load of reported e-mails sent to POST /api/v1/reports, as a
// national phishing wave sends them: many clients at once, each report a
// different small message from a different member of staff.
type Intake struct {
	URL     string // Vigil's base URL
	Token   string // an API token with reports:create
	Clients int    // concurrent clients
	Reports int    // reports in all
	// Reporters are the addresses reports come from, in turn; none makes the
	// reports anonymous to the organisation's people (the token sends them).
	Reporters []string
	Client    *http.Client // nil: one with sensible limits
}

// Result is what a load measured.
type Result struct {
	Sent      int
	Failed    int
	FirstFail string // the first failure, for a person to read
	Elapsed   time.Duration
	Latencies []time.Duration // sorted, one per request
}

// add counts one request as sent, or as failed when err is not nil,
// keeping the first failure to show.
func (r *Result) add(err error) {
	if err != nil {
		r.Failed++
		if r.FirstFail == "" {
			r.FirstFail = err.Error()
		}
		return
	}
	r.Sent++
}

// PerSecond is the sustained rate of successful requests.
func (r Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Sent) / r.Elapsed.Seconds()
}

// Percentile is the latency below which p (0–100) of requests finished.
func (r Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := min(len(r.Latencies)-1, int(float64(len(r.Latencies))*p/100))
	return r.Latencies[i]
}

func (r Result) String() string {
	return fmt.Sprintf("%d sent, %d failed in %s: %.0f/s, p50 %s, p99 %s", r.Sent, r.Failed, r.Elapsed.Round(time.Millisecond),
		r.PerSecond(), r.Percentile(50).Round(time.Millisecond), r.Percentile(99).Round(time.Millisecond))
}

// Run sends the reports and waits for every answer.
func (l Intake) Run(ctx context.Context) (Result, error) {
	if l.Clients < 1 || l.Reports < 1 {
		return Result{}, errors.New("need at least one client and one report")
	}
	client := l.Client
	if client == nil {
		client = &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: l.Clients}}
	}
	var next atomic.Int64
	var mu sync.Mutex
	res := Result{Latencies: make([]time.Duration, 0, l.Reports)}
	var wg sync.WaitGroup
	start := time.Now()
	for range l.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= l.Reports || ctx.Err() != nil {
					return
				}
				began := time.Now()
				err := l.send(ctx, client, i)
				took := time.Since(began)
				mu.Lock()
				res.Latencies = append(res.Latencies, took)
				res.add(err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	slices.Sort(res.Latencies)
	return res, ctx.Err()
}

func (l Intake) send(ctx context.Context, client *http.Client, i int) error {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	if len(l.Reporters) > 0 {
		_ = form.WriteField("reporter_email", l.Reporters[i%len(l.Reporters)])
	}
	part, _ := form.CreateFormFile("file", fmt.Sprintf("reported-%d.eml", i))
	_, _ = part.Write(Lure(i))
	_ = form.Close() // writing to a bytes.Buffer does not fail
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL+"/api/v1/reports", &body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+l.Token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return fmt.Errorf("report %d: %d %s", i, resp.StatusCode, answer)
	}
	return nil
}

// lures are a few campaigns' worth of subjects and senders: a wave is many
// people reporting a handful of lures.
var lures = []struct{ from, subject, link string }{
	{"NHSmail Support <support@nhsmail-verify.example>", "Your mailbox is 98% full - act now", "https://nhsmail-verify.example/login"},
	{"Payroll <payroll@nhs-pay-portal.example>", "Your December payslip is ready", "https://nhs-pay-portal.example/payslip"},
	{"Microsoft 365 <no-reply@m365-secure.example>", "Unusual sign-in to your account", "https://m365-secure.example/verify"},
	{"Royal Mail <delivery@rm-parcel.example>", "We missed you: reschedule delivery", "https://rm-parcel.example/track"},
}

// Lure is the i-th reported e-mail of a wave: one of a few lures, each copy
// its own message with its own Message-ID, as each recipient's copy is.
func Lure(i int) []byte {
	l := lures[i%len(lures)]
	return fmt.Appendf(nil, "From: %s\r\nTo: staff%d@trust.example\r\nSubject: %s\r\nDate: Mon, 2 Nov 2026 09:%02d:00 +0000\r\n"+
		"Message-ID: <wave-%d@mailer.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Dear colleague,\r\n\r\nPlease act within 24 hours or lose access.\r\n%s?u=%d\r\n\r\nThanks\r\n",
		l.from, i, l.subject, i%60, i, l.link, i)
}
