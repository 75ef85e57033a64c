package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Training is a load of learners on their phones: each signs in, then
// walks a lesson's screens and sends its quiz, over and over, pausing to
// read between requests, until the time is up.
type Training struct {
	URL      string    // Vigil's base URL
	Accounts []Account // people to sign in as, in turn: learners may share an account, each with their own session
	Learners int       // learners at once
	Duration time.Duration
	Lesson   string                                // the lesson they walk
	Think    time.Duration                         // the pause between a learner's requests; 0 sends as fast as answered
	Client   func(jar http.CookieJar) *http.Client // nil: one with sensible limits
}

// Account is an e-mail address and password to sign in with.
type Account struct{ Email, Password string }

// ParseAccount reads "email:password".
func ParseAccount(s string) (Account, error) {
	email, password, ok := strings.Cut(s, ":")
	if !ok || email == "" || password == "" || len(s) > 400 {
		return Account{}, fmt.Errorf("account %q: want EMAIL:PASSWORD", strings.SplitN(s, ":", 2)[0])
	}
	return Account{Email: email, Password: password}, nil
}

// The kinds of request a learner makes.
const (
	KindScreen = "lesson screen"
	KindSubmit = "quiz submit"
)

// TrainingResult is what the learners measured, by kind of request.
type TrainingResult struct {
	Learners int
	Elapsed  time.Duration
	Kinds    map[string]*Result
}

func (r TrainingResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d learners for %s\n", r.Learners, r.Elapsed.Round(time.Second))
	for _, k := range []string{KindScreen, KindSubmit} {
		res, ok := r.Kinds[k]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%-13s %6d ok, %d failed, %.0f/s, p50 %s, p95 %s, p99 %s\n", k, res.Sent, res.Failed, res.PerSecond(),
			ms(res.Percentile(50)), ms(res.Percentile(95)), ms(res.Percentile(99)))
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// Failed counts the failed requests of every kind.
func (r TrainingResult) Failed() (int, string) {
	n, first := 0, ""
	for _, k := range []string{KindScreen, KindSubmit} {
		if res, ok := r.Kinds[k]; ok {
			n += res.Failed
			if first == "" {
				first = res.FirstFail
			}
		}
	}
	return n, first
}

// learner is one signed-in session.
type learner struct {
	client *http.Client
	csrf   string
}

// Run signs the learners in, finds how many screens the lesson has, and
// lets them walk it until the duration is over.
func (l Training) Run(ctx context.Context) (TrainingResult, error) {
	if l.Learners < 1 || l.Duration <= 0 || len(l.Accounts) == 0 || l.Lesson == "" {
		return TrainingResult{}, errors.New("need at least one learner, an account, a lesson and a duration")
	}
	// One pool of connections for all, as many as there are learners: a
	// phone keeps its connection open between screens.
	transport := &http.Transport{MaxIdleConns: l.Learners, MaxIdleConnsPerHost: l.Learners, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	learners := make([]learner, l.Learners)
	for i := range learners {
		var err error
		if learners[i], err = l.signIn(ctx, transport, l.Accounts[i%len(l.Accounts)]); err != nil {
			return TrainingResult{}, fmt.Errorf("sign in learner %d: %w", i+1, err)
		}
	}
	screens, questions, err := l.shape(ctx, learners[0])
	if err != nil {
		return TrainingResult{}, err
	}
	answers := strings.TrimSuffix(strings.Repeat("0,", questions), ",")
	res := TrainingResult{Learners: l.Learners, Kinds: map[string]*Result{KindScreen: {}, KindSubmit: {}}}
	var mu sync.Mutex
	record := func(kind string, took time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		r := res.Kinds[kind]
		r.Latencies = append(r.Latencies, took)
		r.add(err)
	}
	ctx, cancel := context.WithTimeout(ctx, l.Duration)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for i, ln := range learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Learners start spread over one think time, as people do.
			if l.Think > 0 && !sleep(ctx, l.Think*time.Duration(i)/time.Duration(len(learners))) {
				return
			}
			for ctx.Err() == nil {
				for n := 1; n <= screens && ctx.Err() == nil; n++ {
					took, err := l.screen(ctx, ln, n)
					if ctx.Err() == nil {
						record(KindScreen, took, err)
					}
					if !sleep(ctx, l.Think) {
						return
					}
				}
				took, err := l.submit(ctx, ln, answers)
				if ctx.Err() == nil {
					record(KindSubmit, took, err)
				}
				if !sleep(ctx, l.Think) {
					return
				}
			}
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	for _, r := range res.Kinds {
		r.Elapsed = res.Elapsed
		slices.Sort(r.Latencies)
	}
	return res, nil
}

// sleep waits d unless the context ends first, and says whether to go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (l Training) newClient(transport http.RoundTripper) *http.Client {
	jar, _ := cookiejar.New(nil) // no public suffix list: never fails
	if l.Client != nil {
		return l.Client(jar)
	}
	return &http.Client{Jar: jar, Timeout: time.Minute, Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn opens the sign-in page for its CSRF cookie and signs in.
func (l Training) signIn(ctx context.Context, transport http.RoundTripper, a Account) (learner, error) {
	ln := learner{client: l.newClient(transport)}
	if _, err := l.get(ctx, ln, "/sign-in", http.StatusOK); err != nil {
		return ln, err
	}
	u, err := url.Parse(l.URL)
	if err != nil {
		return ln, fmt.Errorf("the address %q: %w", l.URL, err)
	}
	for _, c := range ln.client.Jar.Cookies(u) {
		if c.Name == "vigil_csrf" {
			ln.csrf = c.Value
		}
	}
	if ln.csrf == "" {
		return ln, errors.New("the sign-in page set no CSRF cookie (is the address http://127.0.0.1:PORT of a running vigil serve?)")
	}
	form := url.Values{"email": {a.Email}, "password": {a.Password}, "csrf_token": {ln.csrf}}
	if err := l.post(ctx, ln, "/sign-in", form, http.StatusSeeOther); err != nil {
		return ln, fmt.Errorf("as %s: %w", a.Email, err)
	}
	return ln, nil
}

// shape finds how many screens the lesson has (the first that is not
// found ends it) and how many quiz questions (likewise).
func (l Training) shape(ctx context.Context, ln learner) (screens, questions int, err error) {
	count := func(path string) (int, error) {
		for n := 1; n <= 50; n++ {
			status, err := l.get(ctx, ln, fmt.Sprintf(path, l.Lesson, n), 0)
			if err != nil {
				return 0, err
			}
			if status != http.StatusOK {
				return n - 1, nil
			}
		}
		return 50, nil
	}
	if screens, err = count("/training/lessons/%s/screens/%d"); err != nil {
		return 0, 0, err
	}
	if questions, err = count("/training/lessons/%s/quiz/%d"); err != nil {
		return 0, 0, err
	}
	if screens == 0 || questions == 0 {
		return 0, 0, fmt.Errorf("the lesson %q has %d screens and %d questions for this learner", l.Lesson, screens, questions)
	}
	return screens, questions, nil
}

func (l Training) screen(ctx context.Context, ln learner, n int) (time.Duration, error) {
	began := time.Now()
	_, err := l.get(ctx, ln, fmt.Sprintf("/training/lessons/%s/screens/%d", l.Lesson, n), http.StatusOK)
	return time.Since(began), err
}

func (l Training) submit(ctx context.Context, ln learner, answers string) (time.Duration, error) {
	began := time.Now()
	err := l.post(ctx, ln, "/training/lessons/"+l.Lesson+"/quiz", url.Values{"answers": {answers}, "csrf_token": {ln.csrf}}, http.StatusSeeOther)
	return time.Since(began), err
}

// get fetches a path; want 0 accepts any status.
func (l Training) get(ctx context.Context, ln learner, path string, want int) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.URL+path, nil)
	if err != nil {
		return 0, err
	}
	return send(ln.client, req, want)
}

func (l Training) post(ctx context.Context, ln learner, path string, form url.Values, want int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, err = send(ln.client, req, want)
	return err
}

func send(client *http.Client, req *http.Request, want int) (int, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); err != nil {
		return resp.StatusCode, err
	}
	if want != 0 && resp.StatusCode != want {
		return resp.StatusCode, fmt.Errorf("%s %s: %d, want %d", req.Method, req.URL.Path, resp.StatusCode, want)
	}
	return resp.StatusCode, nil
}
