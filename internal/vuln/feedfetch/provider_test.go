package feedfetch_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/gocsaf/csaf/v3/csaf"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/feedfetch"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

const csafDir = "/.well-known/csaf"

// testProvider lays out a CSAF trusted provider on a feedServer: metadata, a key, a
// directory with changes.csv and index.txt, and ROLIE feeds, each document with its
// hashes and its signature made here.
type testProvider struct {
	t       *testing.T
	fs      *feedServer
	base    string
	key     *openpgp.Entity
	signAt  time.Time
	changes map[string]time.Time // directory path → changes.csv time
	rolie   []string             // paths listed in the TLP:WHITE ROLIE feed
}

func newKey(t *testing.T, at time.Time) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity("Test provider PSIRT", "", "psirt@provider.example",
		&packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Time: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func armoredPublic(t *testing.T, e *openpgp.Entity) []byte {
	var buf bytes.Buffer
	w, err := armor.Encode(&buf, openpgp.PublicKeyType, nil)
	if err == nil {
		err = e.Serialize(w)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sign(t *testing.T, e *openpgp.Entity, doc []byte, at time.Time) []byte {
	var buf bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&buf, e, bytes.NewReader(doc), &packet.Config{Time: func() time.Time { return at }}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// publish serves doc at path with correct hashes and a signature by signer; body, when
// not nil, is served instead of doc (a document changed after it was hashed and signed).
func (p *testProvider) publish(path string, doc []byte, signer *openpgp.Entity, body []byte) {
	name := path[strings.LastIndex(path, "/")+1:]
	s256, s512 := sha256.Sum256(doc), sha512.Sum512(doc)
	p.fs.set(path+".sha256", []byte(hex.EncodeToString(s256[:])+"  "+name+"\n"))
	p.fs.set(path+".sha512", []byte(hex.EncodeToString(s512[:])+"  "+name+"\n"))
	p.fs.set(path+".asc", sign(p.t, signer, doc, p.signAt))
	if body == nil {
		body = doc
	}
	p.fs.set(path, body)
}

// lists writes changes.csv, index.txt and the ROLIE feeds from what is published.
func (p *testProvider) lists() {
	var csv, index strings.Builder
	for path, at := range p.changes {
		rel := strings.TrimPrefix(path, csafDir+"/white/")
		fmt.Fprintf(&csv, "%q,%q\n", rel, at.Format(time.RFC3339))
		index.WriteString(rel + "\n")
	}
	p.fs.set(csafDir+"/white/changes.csv", []byte(csv.String()))
	p.fs.set(csafDir+"/white/index.txt", []byte(index.String()))
	feed := csaf.ROLIEFeed{Feed: csaf.FeedData{ID: "test-white", Title: "TLP:WHITE advisories", Updated: csaf.TimeStamp(p.signAt)}}
	for _, path := range p.rolie {
		u := p.base + path
		feed.Feed.Entry = append(feed.Feed.Entry, &csaf.Entry{ID: path, Titel: path, Content: csaf.Content{Type: "application/json", Src: u},
			Published: csaf.TimeStamp(p.signAt), Updated: csaf.TimeStamp(p.signAt),
			Link: []csaf.Link{{Rel: "self", HRef: u}, {Rel: "hash", HRef: u + ".sha256"}, {Rel: "hash", HRef: u + ".sha512"}, {Rel: "signature", HRef: u + ".asc"}}})
	}
	var buf bytes.Buffer
	if _, err := feed.WriteTo(&buf); err != nil {
		p.t.Fatal(err)
	}
	p.fs.set(csafDir+"/white/csaf-feed-tlp-white.json", buf.Bytes())
}

// metadata writes provider-metadata.json with the gocsaf types: a ROLIE feed for
// TLP:WHITE and one for TLP:AMBER, the directory, and the key with its fingerprint.
func (p *testProvider) metadata(fingerprint string) {
	md := csaf.NewProviderMetadataDomain(p.base, []csaf.TLPLabel{csaf.TLPLabelWhite, csaf.TLPLabelAmber})
	md.AddDirectoryDistribution(p.base + csafDir + "/white/")
	cat, name, ns := csaf.CSAFCategoryVendor, "Test provider", "https://provider.example"
	md.Publisher = &csaf.Publisher{Category: &cat, Name: &name, Namespace: &ns}
	md.SetPGP(fingerprint, p.base+csafDir+"/openpgp/key.asc")
	var buf bytes.Buffer
	if _, err := md.WriteTo(&buf); err != nil {
		p.t.Fatal(err)
	}
	p.fs.set(csafDir+"/provider-metadata.json", buf.Bytes())
}

func advisoryIDs(t *testing.T, db *store.DB) string {
	rows, err := db.Query(context.Background(), `SELECT ids FROM vuln_advisories ORDER BY ids`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []string
	for rows.Next() {
		var ids string
		if err := rows.Scan(&ids); err != nil {
			t.Fatal(err)
		}
		all = append(all, ids)
	}
	return strings.Join(all, " ")
}

func refusalsByDocument(t *testing.T, f refreshFixture) map[string]string {
	rs, err := f.svc.Refusals(context.Background(), f.gp)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rs {
		out[r.DocumentURL[strings.LastIndex(r.DocumentURL, "/")+1:]] = r.Reason
	}
	return out
}

// TestCSAFProvider: a national centre follows a CSAF trusted provider. The first run
// imports the documents whose hash and signature check out and refuses, each with why, a
// tampered document, one signed by another key, a TLP:AMBER one and one redirected to
// another host; the TLP:AMBER ROLIE feed is not read. The second run fetches only the
// document changed since, and a document that now checks out is imported and no longer
// listed as refused.
func TestCSAFProvider(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		f := newRefreshFixture(t, db, clock)
		fs := &feedServer{sent: map[string]int{}, docs: map[string][]byte{}}
		elsewhere := httptest.NewTLSServer(fs)
		defer elsewhere.Close()
		var redirecting atomic.Bool
		redirecting.Store(true)
		mux := http.NewServeMux()
		mux.Handle("/", fs)
		mux.HandleFunc(csafDir+"/white/2026/moved.json", func(w http.ResponseWriter, r *http.Request) {
			if redirecting.Load() {
				http.Redirect(w, r, elsewhere.URL+csafDir+"/white/2026/good.json", http.StatusFound)
				return
			}
			fs.ServeHTTP(w, r)
		})
		srv := httptest.NewTLSServer(mux)
		defer srv.Close()

		signAt := now.Add(-time.Hour)
		p := &testProvider{t: t, fs: fs, base: srv.URL, key: newKey(t, signAt.Add(-time.Hour)), signAt: signAt, changes: map[string]time.Time{}}
		fs.set(csafDir+"/openpgp/key.asc", armoredPublic(t, p.key))
		p.metadata(hex.EncodeToString(p.key.PrimaryKey.Fingerprint))
		intruder := newKey(t, signAt.Add(-time.Hour))

		t1 := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
		good, tampered, amber := testdata(t, "rhsa-2021_5186.json"), testdata(t, "rhsa-2022_0011.json"), testdata(t, "rhsa-2021_5217.json")
		amber = bytes.Replace(amber, []byte(`"label": "WHITE"`), []byte(`"label": "AMBER"`), 1)
		p.publish(csafDir+"/white/2026/good.json", good, p.key, nil)
		p.publish(csafDir+"/white/2026/tampered.json", tampered, p.key, bytes.Replace(tampered, []byte("Important"), []byte("Low"), 1))
		p.publish(csafDir+"/white/2026/badsig.json", testdata(t, "rhsa-2019_1862.json"), intruder, nil)
		p.publish(csafDir+"/white/2026/amber.json", amber, p.key, nil)
		p.publish(csafDir+"/white/2026/rolie-only.json", testdata(t, "rhsa-2019_1862.json"), p.key, nil)
		p.publish(csafDir+"/white/2026/moved.json", testdata(t, "rhsa-2019_1862.json"), p.key, nil)
		p.publish(csafDir+"/amber/secret.json", amber, p.key, nil)
		for i, name := range []string{"good", "tampered", "badsig", "amber"} {
			p.changes[csafDir+"/white/2026/"+name+".json"] = t1.Add(time.Duration(i) * time.Minute)
		}
		// The newest: a document that cannot be fetched holds the watermark before it.
		p.changes[csafDir+"/white/2026/moved.json"] = signAt.Add(30 * time.Minute)
		p.rolie = []string{csafDir + "/white/2026/rolie-only.json", csafDir + "/white/2026/good.json"}
		p.lists()

		feedURL := "csaf:" + srv.URL + csafDir + "/provider-metadata.json"
		r := feedfetch.New(f.svc, []feedfetch.Feed{{Kind: findings.Advisories, URL: feedURL}},
			feedfetch.Options{Every: time.Hour, Timeout: 5 * time.Second, MaxBytes: 1 << 20, Clock: clock, Client: srv.Client()})

		first := r.RefreshDue(ctx, f.central)
		if len(first) != 1 || first[0].Failing() {
			t.Fatalf("first run: %+v", first)
		}
		for _, want := range []string{"CSAF provider: 6 documents listed, 6 changed since the last run; 2 imported (2 advisories: 2 new",
			"4 refused.", "Only TLP:WHITE (TLP:CLEAR) documents with a good hash and signature are imported.",
			"csaf-feed-tlp-amber.json not read: it is TLP:AMBER"} {
			if !strings.Contains(first[0].LastResult, want) {
				t.Errorf("first run says %q, want %q", first[0].LastResult, want)
			}
		}
		if ids := advisoryIDs(t, db); !strings.Contains(ids, "CVE-2021-4104") || strings.Contains(ids, "CVE-2020-10188") || strings.Contains(ids, "CVE-2021-4133") {
			t.Errorf("advisories after the first run: %s; want the good document's, not the tampered or TLP:AMBER one's", ids)
		}
		refused := refusalsByDocument(t, f)
		for name, why := range map[string]string{
			"tampered.json": "Refused: its SHA-512 hash is",
			"badsig.json":   "Refused: the OpenPGP signature does not verify",
			"amber.json":    "Not imported: it is TLP:AMBER",
			"moved.json":    "a provider may redirect only to https addresses on its own host",
		} {
			if !strings.Contains(refused[name], why) {
				t.Errorf("%s refused because %q, want %q", name, refused[name], why)
			}
		}
		if len(refused) != 4 {
			t.Errorf("refused %v, want 4 documents", refused)
		}
		srcs, err := f.svc.FeedSources(ctx, f.gp)
		if err != nil || len(srcs) != 1 || !srcs[0].Since.Equal(signAt) {
			t.Errorf("the provider's watermark after the first run: %+v, %v; want %v, before the document not fetched", srcs, err, signAt)
		}
		if fs.sent[csafDir+"/amber/secret.json"] != 0 || fs.sent[csafDir+"/amber/csaf-feed-tlp-amber.json"] != 0 {
			t.Errorf("the TLP:AMBER feed was read")
		}

		// The tampered document is published again, correctly, with a new time, and the
		// redirect is gone. Only those two are fetched again.
		now = now.Add(2 * time.Hour)
		t2 := signAt.Add(2 * time.Hour)
		p.publish(csafDir+"/white/2026/tampered.json", tampered, p.key, nil)
		p.changes[csafDir+"/white/2026/tampered.json"] = t2
		p.lists()
		redirecting.Store(false)
		before := map[string]int{}
		for k, v := range fs.sent {
			before[k] = v
		}
		second := r.RefreshDue(ctx, f.central)
		if len(second) != 1 || second[0].Failing() || !strings.Contains(second[0].LastResult, "6 documents listed, 2 changed since the last run; 2 imported (1 advisories: 1 new") {
			t.Fatalf("second run: %+v", second)
		}
		for path, want := range map[string]int{"good.json": 0, "badsig.json": 0, "amber.json": 0, "rolie-only.json": 0, "tampered.json": 1, "moved.json": 1} {
			if got := fs.sent[csafDir+"/white/2026/"+path] - before[csafDir+"/white/2026/"+path]; got != want {
				t.Errorf("second run fetched %s %d times, want %d", path, got, want)
			}
		}
		if ids := advisoryIDs(t, db); !strings.Contains(ids, "CVE-2020-10188") {
			t.Errorf("the corrected document was not imported: %s", ids)
		}
		refused = refusalsByDocument(t, f)
		if _, still := refused["tampered.json"]; still || len(refused) != 2 {
			t.Errorf("refused after the second run: %v", refused)
		}
		srcs, err = f.svc.FeedSources(ctx, f.gp)
		if err != nil || len(srcs) != 1 || !srcs[0].Since.Equal(t2) {
			t.Errorf("the provider's watermark: %+v, %v; want %v", srcs, err, t2)
		}
	})
}

// TestRefusalsTenancy: the documents a trust's own provider feed refused are shown to
// that trust only, an import clears a refusal, and someone who may only read cannot
// record refusals.
func TestRefusalsTenancy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRefreshFixture(t, db, store.Now)
		const feed = "csaf:supplier.example"
		doc := "https://supplier.example/.well-known/csaf/white/2026/a.json"
		refused := []findings.Refusal{{DocumentURL: doc, Reason: "Refused: bad signature", At: time.Now()}}
		if err := f.svc.RecordRefusals(ctx, f.trust, feed, refused, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.Refusals(ctx, f.trust); err != nil || len(got) != 1 || got[0].Shared || got[0].FeedURL != feed || got[0].DocumentURL != doc {
			t.Errorf("the trust's own refusals: %+v, %v", got, err)
		}
		if got, err := f.svc.Refusals(ctx, f.gp); err != nil || len(got) != 0 {
			t.Errorf("another organisation sees %+v, %v", got, err)
		}
		if err := f.svc.RecordRefusals(ctx, f.cso, feed, refused, nil); vigil.CodeOf(err) != vigil.Forbidden {
			t.Errorf("a reader recorded a refusal: %v", err)
		}
		if err := f.svc.RecordRefusals(ctx, f.trust, feed, nil, []string{doc}); err != nil {
			t.Fatal(err)
		}
		if got, err := f.svc.Refusals(ctx, f.trust); err != nil || len(got) != 0 {
			t.Errorf("after the document imported: %+v, %v", got, err)
		}
	})
}

// TestCSAFProviderKeyAndIndex: a key whose fingerprint is not the one the metadata gives
// is not used, and with no other key nothing is fetched and the feed is failing, saying
// why. With the right fingerprint and a directory without changes.csv, index.txt is read
// and its undated documents are fetched on every run.
func TestCSAFProviderKeyAndIndex(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		f := newRefreshFixture(t, db, clock)
		fs := &feedServer{sent: map[string]int{}, docs: map[string][]byte{}}
		srv := httptest.NewTLSServer(fs)
		defer srv.Close()
		signAt := now.Add(-time.Hour)
		p := &testProvider{t: t, fs: fs, base: srv.URL, key: newKey(t, signAt.Add(-time.Hour)), signAt: signAt, changes: map[string]time.Time{}}
		other := newKey(t, signAt.Add(-time.Hour))
		fs.set(csafDir+"/openpgp/key.asc", armoredPublic(t, p.key))
		p.metadata(hex.EncodeToString(other.PrimaryKey.Fingerprint))
		p.publish(csafDir+"/white/2026/good.json", testdata(t, "rhsa-2021_5186.json"), p.key, nil)
		p.changes[csafDir+"/white/2026/good.json"] = signAt
		p.lists()
		fs.mu.Lock()
		delete(fs.docs, csafDir+"/white/changes.csv")
		fs.mu.Unlock()

		// The address ends in provider-metadata.json: followed without the csaf: prefix.
		feedURL := srv.URL + csafDir + "/provider-metadata.json"
		r := feedfetch.New(f.svc, []feedfetch.Feed{{Kind: findings.Advisories, URL: feedURL}},
			feedfetch.Options{Every: time.Hour, Timeout: 5 * time.Second, MaxBytes: 1 << 20, Clock: clock, Client: srv.Client()})
		first := r.RefreshDue(ctx, f.central)
		if len(first) != 1 || !first[0].Failing() || !strings.Contains(first[0].LastError, "no OpenPGP key to check signatures with") ||
			!strings.Contains(first[0].LastError, "its fingerprint is not "+hex.EncodeToString(other.PrimaryKey.Fingerprint)) {
			t.Fatalf("with the wrong fingerprint: %+v", first)
		}
		if fs.sent[csafDir+"/white/2026/good.json"] != 0 {
			t.Errorf("a document was fetched without a key to check it")
		}

		p.metadata(hex.EncodeToString(p.key.PrimaryKey.Fingerprint))
		for range 2 {
			now = now.Add(2 * time.Hour)
			got := r.RefreshDue(ctx, f.central)
			if len(got) != 1 || got[0].Failing() || !strings.Contains(got[0].LastResult, "1 documents listed, 1 changed since the last run; 1 imported") {
				t.Fatalf("from index.txt: %+v", got)
			}
		}
		if n := fs.sent[csafDir+"/white/2026/good.json"]; n != 2 {
			t.Errorf("the undated document was fetched %d times in two runs, want 2", n)
		}
		if ids := advisoryIDs(t, db); !strings.Contains(ids, "CVE-2021-4104") {
			t.Errorf("advisories from index.txt: %s", ids)
		}
	})
}

// TestCSAFProviderLimitPerRun: with more changed documents than a run may fetch, the
// oldest are fetched first, the page says how many wait, and the next run fetches only
// those.
func TestCSAFProviderLimitPerRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		f := newRefreshFixture(t, db, clock)
		fs := &feedServer{sent: map[string]int{}, docs: map[string][]byte{}}
		srv := httptest.NewTLSServer(fs)
		defer srv.Close()
		signAt := now.Add(-time.Hour)
		p := &testProvider{t: t, fs: fs, base: srv.URL, key: newKey(t, signAt.Add(-time.Hour)), signAt: signAt, changes: map[string]time.Time{}}
		fs.set(csafDir+"/openpgp/key.asc", armoredPublic(t, p.key))
		p.metadata(hex.EncodeToString(p.key.PrimaryKey.Fingerprint))
		for i, name := range []string{"rhsa-2021_5186.json", "rhsa-2022_0011.json", "rhsa-2019_1862.json"} {
			path := csafDir + "/white/2026/" + name
			p.publish(path, testdata(t, name), p.key, nil)
			p.changes[path] = signAt.Add(-time.Duration(3-i) * time.Minute)
		}
		p.lists()
		r := feedfetch.New(f.svc, []feedfetch.Feed{{Kind: findings.Advisories, URL: "csaf:" + srv.URL + csafDir + "/provider-metadata.json"}},
			feedfetch.Options{Every: time.Hour, Timeout: 5 * time.Second, MaxBytes: 1 << 20, Clock: clock, Client: srv.Client(), MaxDocuments: 2})
		first := r.RefreshDue(ctx, f.central)
		if len(first) != 1 || !strings.Contains(first[0].LastResult, "3 changed since the last run; 2 imported") ||
			!strings.Contains(first[0].LastResult, "1 more wait for the next run (at most 2 a run)") {
			t.Fatalf("first run: %+v", first)
		}
		if fs.sent[csafDir+"/white/2026/rhsa-2019_1862.json"] != 0 {
			t.Errorf("the newest document was fetched before the older ones")
		}
		now = now.Add(2 * time.Hour)
		second := r.RefreshDue(ctx, f.central)
		if len(second) != 1 || !strings.Contains(second[0].LastResult, "1 changed since the last run; 1 imported") {
			t.Fatalf("second run: %+v", second)
		}
		for name, want := range map[string]int{"rhsa-2021_5186.json": 1, "rhsa-2022_0011.json": 1, "rhsa-2019_1862.json": 1} {
			if got := fs.sent[csafDir+"/white/2026/"+name]; got != want {
				t.Errorf("%s fetched %d times in two runs, want %d", name, got, want)
			}
		}
	})
}
