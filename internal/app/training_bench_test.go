package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/app/apptest"
)

// BenchmarkLearners is 200 learners at once on SQLite over HTTP, each
// iteration one request: reading a lesson screen, or sending a whole quiz
// (marked, stored and audited). "flat-out" has every learner send the
// next request as soon as the last is answered, which finds the most the
// machine can serve; "paced" has the 200 between them send 200 requests a
// second (one each a second, far busier than people reading), which is
// what the latency a learner feels is measured at. It reports requests/s
// and the 50th and 99th percentiles. Run with -benchtime=2000x.
func BenchmarkLearners(b *testing.B) {
	const learners = 200
	a := apptest.Start(b)
	nurse := a.SignIn(b, apptest.Nurse)
	csrf := nurse.CSRF()
	l, _ := a.Content.Lessons.Lesson("when-systems-go-down")
	answers := make([]string, len(l.Quiz))
	for i, q := range l.Quiz {
		answers[i] = fmt.Sprint(q.Right())
	}
	quiz := url.Values{"csrf_token": {csrf}, "answers": {strings.Join(answers, ",")}}.Encode()
	client := &http.Client{Jar: nurse.HTTP.Jar, CheckRedirect: nurse.HTTP.CheckRedirect,
		Transport: &http.Transport{MaxIdleConnsPerHost: learners}}
	for _, bench := range []struct {
		name string
		req  func() (*http.Request, error)
		want int
	}{
		{"lesson-screen", func() (*http.Request, error) {
			return http.NewRequest(http.MethodGet, a.URL+"/training/lessons/"+l.ID+"/screens/2", nil)
		}, http.StatusOK},
		{"quiz-submit", func() (*http.Request, error) {
			r, err := http.NewRequest(http.MethodPost, a.URL+"/training/lessons/"+l.ID+"/quiz", strings.NewReader(quiz))
			if err == nil {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			return r, err
		}, http.StatusSeeOther},
	} {
		for _, pace := range []time.Duration{0, time.Second / learners} {
			name := bench.name + "/flat-out"
			if pace > 0 {
				name = bench.name + "/paced"
			}
			b.Run(name, func(b *testing.B) { runLearners(b, learners, pace, client, bench.req, bench.want) })
		}
	}
}

// runLearners sends b.N requests from learners goroutines, one every pace
// (or as fast as they are answered when pace is 0).
func runLearners(b *testing.B, learners int, pace time.Duration, client *http.Client, req func() (*http.Request, error), want int) {
	waits := make([]time.Duration, b.N)
	var failed sync.Once
	var failure error
	next := make(chan int)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range learners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				t0 := time.Now()
				err := do(client, req, want)
				waits[i] = time.Since(t0)
				if err != nil {
					failed.Do(func() { failure = err })
				}
			}
		}()
	}
	var tick <-chan time.Time
	if pace > 0 {
		ticker := time.NewTicker(pace)
		defer ticker.Stop()
		tick = ticker.C
	}
	for i := range b.N {
		if tick != nil {
			<-tick
		}
		next <- i
	}
	close(next)
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if failure != nil {
		b.Fatal(failure)
	}
	slices.Sort(waits)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(waits[len(waits)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "p50-ms")
}

func do(client *http.Client, req func() (*http.Request, error), want int) error {
	r, err := req()
	if err != nil {
		return err
	}
	res, err := client.Do(r)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	if res.StatusCode != want {
		return fmt.Errorf("%s %s: %d, want %d", r.Method, r.URL.Path, res.StatusCode, want)
	}
	return nil
}
