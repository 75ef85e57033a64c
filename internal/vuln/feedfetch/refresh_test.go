package feedfetch_test

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/auth"
	"github.com/vigil-health/vigil/internal/caremap/mapstore"
	"github.com/vigil-health/vigil/internal/org"
	"github.com/vigil-health/vigil/internal/org/orgtest"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/feedfetch"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// feedServer serves documents by path with an ETag, answering 304 when the ETag sent
// still matches, and counts the documents it sent in full.
type feedServer struct {
	mu   sync.Mutex
	docs map[string][]byte
	sent map[string]int
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc, ok := s.docs[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(doc))
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.sent[r.URL.Path]++
	w.Header().Set("ETag", etag)
	w.Write(doc)
}

func (s *feedServer) set(path string, doc []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.docs[path] = doc
}

func testdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// osvZip lays OSV records out as osv.dev's all.zip does.
func osvZip(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err == nil {
			_, err = w.Write(testdata(t, n))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzipped(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type refreshFixture struct {
	svc                     *findings.Service
	central, trust, cso, gp vigil.Scope
}

func newRefreshFixture(t *testing.T, db *store.DB, clock func() time.Time) refreshFixture {
	orgs := org.NewStore(db, auth.EndSessions)
	add := func(code string, typ org.Type) org.Organisation { return orgtest.Organisation(t, orgs, code, typ) }
	trust, gp, centre := add("TRUST", org.AcuteTrust), add("GP", org.GPPractice), add("NCC", org.NationalCentre)
	person := func(o org.Organisation, role vigil.Role) vigil.Scope {
		return vigil.PersonScope(o.Ref(), "", "test "+string(role), "", []vigil.Role{role})
	}
	return refreshFixture{svc: findings.New(db, orgs, mapstore.New(db), clock), central: centre.System("scheduled feed refresh"),
		trust: person(trust, vigil.SecurityAnalyst), cso: person(trust, vigil.ClinicalSafetyOfficer), gp: person(gp, vigil.SecurityAnalyst)}
}

func byURL(srcs []findings.FeedSource) map[string]findings.FeedSource {
	out := map[string]findings.FeedSource{}
	for _, s := range srcs {
		out[s.URL] = s
	}
	return out
}

// TestRefreshSchedule: a national centre's feeds are fetched, imported for everyone and
// recorded; nothing is fetched again before it is due; when due, an unchanged document is
// not sent again and a changed one is imported; a feed that fails is recorded as failing
// without stopping the others.
func TestRefreshSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		f := newRefreshFixture(t, db, clock)
		fs := &feedServer{sent: map[string]int{}, docs: map[string][]byte{
			"/kev.json":       testdata(t, "known_exploited_vulnerabilities.json"),
			"/epss.csv.gz":    gzipped(t, testdata(t, "epss_scores-sample.csv")),
			"/osv/all.zip":    osvZip(t, "GHSA-9v2f-6vcg-3hgv.json"),
			"/csaf/rhsa.json": testdata(t, "rhsa-2021_5186.json"),
			"/csaf/bad.json":  []byte(`{"document": {"category": "csaf_security_advisory"`),
		}}
		srv := httptest.NewServer(fs)
		defer srv.Close()
		feeds := []feedfetch.Feed{{Kind: findings.KEVFeed, URL: srv.URL + "/kev.json"}, {Kind: findings.EPSSFeed, URL: srv.URL + "/epss.csv.gz"},
			{Kind: findings.Advisories, URL: srv.URL + "/osv/all.zip"}, {Kind: findings.Advisories, URL: srv.URL + "/csaf/rhsa.json"},
			{Kind: findings.Advisories, URL: srv.URL + "/csaf/bad.json"}, {Kind: findings.Advisories, URL: srv.URL + "/gone.zip"}}
		r := feedfetch.New(f.svc, feeds, feedfetch.Options{Every: 6 * time.Hour, Timeout: 5 * time.Second, MaxBytes: 1 << 20, Clock: clock})

		first := byURL(r.RefreshDue(ctx, f.central))
		if len(first) != len(feeds) {
			t.Fatalf("%d feeds tried, want %d", len(first), len(feeds))
		}
		for _, c := range []struct{ path, result string }{
			{"/kev.json", "kev.json: 100 read, 100 new"},
			{"/epss.csv.gz", "epss.csv.gz: 5 read, 5 new"},
			{"/osv/all.zip", "all.zip: 1 read, 1 new"},
			{"/csaf/rhsa.json", "rhsa.json: 2 read, 2 new"},
		} {
			got := first[srv.URL+c.path]
			if got.Failing() || !strings.HasPrefix(got.LastResult, c.result) || !got.Succeeded.Equal(now) || !got.Changed.Equal(now) || got.ETag == "" {
				t.Errorf("%s: %+v, want a success saying %q", c.path, got, c.result)
			}
		}
		if got := first[srv.URL+"/epss.csv.gz"].LastResult; !strings.Contains(got, "2 entries could not be read") {
			t.Errorf("EPSS problems not reported: %q", got)
		}
		for path, want := range map[string]string{"/gone.zip": "404 Not Found", "/csaf/bad.json": "bad.json"} {
			if got := first[srv.URL+path]; !got.Failing() || !strings.Contains(got.LastError, want) || !got.Succeeded.IsZero() {
				t.Errorf("%s: %+v, want a failure naming %q", path, got, want)
			}
		}
		// Imported for every organisation: the GP practice's product advice sees the OSV record.
		ps, err := f.svc.Products(ctx, f.gp, []string{"pkg:pypi/gradio"})
		if err != nil || len(ps) != 1 || len(ps[0].Advisories) != 1 || ps[0].Advisories[0].ID != "CVE-2024-39236" {
			t.Fatalf("products after refresh: %+v, %v", ps, err)
		}

		now = now.Add(time.Hour)
		if again := r.RefreshDue(ctx, f.central); len(again) != 0 {
			t.Errorf("an hour later %d feeds were fetched again, want none before they are due", len(again))
		}

		fs.set("/osv/all.zip", osvZip(t, "GHSA-9v2f-6vcg-3hgv.json", "PYSEC-2023-74.json"))
		fs.set("/gone.zip", osvZip(t, "PYSEC-2023-74.json"))
		firstRound := now.Add(-time.Hour)
		now = now.Add(6 * time.Hour)
		second := byURL(r.RefreshDue(ctx, f.central))
		kev := second[srv.URL+"/kev.json"]
		if kev.LastResult != "Not changed since the last fetch." || !kev.Succeeded.Equal(now) || !kev.Changed.Equal(firstRound) || fs.sent["/kev.json"] != 1 {
			t.Errorf("unchanged KEV: %+v, sent %d times", kev, fs.sent["/kev.json"])
		}
		if got := second[srv.URL+"/osv/all.zip"].LastResult; !strings.HasPrefix(got, "all.zip: 2 read, 1 new, 0 updated, 1 unchanged") {
			t.Errorf("changed zip: %q", got)
		}
		if got := second[srv.URL+"/gone.zip"]; got.Failing() || !got.Succeeded.Equal(now) {
			t.Errorf("a feed that works again: %+v", got)
		}

		listed, err := f.svc.FeedSources(ctx, f.gp)
		if err != nil || len(listed) != len(feeds) || !listed[0].Failing() || listed[0].URL != srv.URL+"/csaf/bad.json" {
			t.Errorf("the GP practice's list of shared feeds, failing first: %+v, %v", listed, err)
		}
	})
}

// TestFeedSourcesTenancy: a trust's own feed is not shown to another organisation, and
// someone who may only read cannot record fetches.
func TestFeedSourcesTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRefreshFixture(t, db, store.Now)
		own := findings.FeedSource{Kind: findings.Advisories, URL: "https://supplier.example/csaf/advisory.json", Checked: time.Now(), LastError: "timeout"}
		if err := f.svc.RecordFetch(ctx, f.trust, own); err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.FeedSources(ctx, f.trust); err != nil || len(got) != 1 || got[0].Shared || got[0].LastError != "timeout" {
			t.Errorf("the trust's own feeds: %+v, %v", got, err)
		}
		if got, err := f.svc.FeedSources(ctx, f.gp); err != nil || len(got) != 0 {
			t.Errorf("another organisation sees %+v, %v", got, err)
		}
		if got, err := f.svc.FeedSource(ctx, f.gp, own.Kind, own.URL); err != nil || !got.Checked.IsZero() {
			t.Errorf("another organisation reads the trust's state: %+v, %v", got, err)
		}
		if err := f.svc.RecordFetch(ctx, f.cso, own); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a reader recorded a fetch: %v", err)
		}
	})
}

// TestRefreshIntervalPerFeed: the KEV catalogue is asked for every hour, the OSV export
// every day (the default): two hours on only the KEV catalogue is fetched again, and each
// records its own interval and when it is next due.
func TestRefreshIntervalPerFeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		f := newRefreshFixture(t, db, clock)
		fs := &feedServer{sent: map[string]int{}, docs: map[string][]byte{
			"/kev.json":    testdata(t, "known_exploited_vulnerabilities.json"),
			"/osv/all.zip": osvZip(t, "GHSA-9v2f-6vcg-3hgv.json"),
		}}
		srv := httptest.NewServer(fs)
		defer srv.Close()
		feeds := []feedfetch.Feed{{Kind: findings.KEVFeed, URL: srv.URL + "/kev.json", Every: time.Hour}, {Kind: findings.Advisories, URL: srv.URL + "/osv/all.zip"}}
		r := feedfetch.New(f.svc, feeds, feedfetch.Options{Every: 24 * time.Hour, Timeout: 5 * time.Second, MaxBytes: 1 << 20, Clock: clock})
		if first := r.RefreshDue(ctx, f.central); len(first) != 2 {
			t.Fatalf("%d feeds fetched first, want 2", len(first))
		}
		now = now.Add(2 * time.Hour)
		again := r.RefreshDue(ctx, f.central)
		if len(again) != 1 || again[0].URL != srv.URL+"/kev.json" {
			t.Errorf("two hours on fetched %+v, want the KEV catalogue alone", again)
		}
		srcs, err := f.svc.FeedSources(ctx, f.gp)
		if err != nil {
			t.Fatal(err)
		}
		listed := byURL(srcs)
		kev, osv := listed[srv.URL+"/kev.json"], listed[srv.URL+"/osv/all.zip"]
		if kev.Every != time.Hour || !kev.Due().Equal(now.Add(time.Hour)) || osv.Every != 24*time.Hour || !osv.Due().Equal(now.Add(22*time.Hour)) {
			t.Errorf("intervals: KEV every %v due %v, OSV every %v due %v", kev.Every, kev.Due(), osv.Every, osv.Due())
		}
	})
}
