package syslog_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert"
	"github.com/vigil-health/vigil/internal/alert/syslog"
)

// collector keeps what a listener hands over, for the test to wait on.
type collector struct {
	mu      sync.Mutex
	results []syslog.Result
	more    chan struct{}
}

func newCollector() *collector { return &collector{more: make(chan struct{}, 1000)} }

func (c *collector) handle(r syslog.Result) {
	c.mu.Lock()
	c.results = append(c.results, r)
	c.mu.Unlock()
	c.more <- struct{}{}
}

// wait returns once n results have arrived, or fails the test after ten seconds.
func (c *collector) wait(t *testing.T, n int) []syslog.Result {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		got := append([]syslog.Result(nil), c.results...)
		c.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-c.more:
		case <-deadline:
			t.Fatalf("waited for %d results, have %d: %v", n, len(got), got)
		}
	}
}

// serve starts a listener on loopback and stops it when the test ends, checking
// that Serve returns nil soon after its context is cancelled.
func serve(t *testing.T, cfg syslog.Config) (string, *collector, context.CancelFunc) {
	t.Helper()
	l, err := syslog.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Serve(ctx, c.handle) }()
	stop := func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v after cancel", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not stop within ten seconds of cancel")
		}
	}
	t.Cleanup(stop)
	return l.Addr().String(), c, cancel
}

func TestListenerOverTCP(t *testing.T) {
	addr, c, _ := serve(t, syslog.Config{Source: "edge"})
	cef := string(sample(t, "cef-paloalto-threat.log"))
	wazuh := string(sample(t, "json-wazuh.log"))

	counted, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer counted.Close()
	fmt.Fprintf(counted, "%d %s%d %s", len(cef), cef, len(wazuh), wazuh)

	lines, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer lines.Close()
	fmt.Fprintf(lines, "%s\n<13>1 - host app - - - not an alert\n%s\n", cef, wazuh)

	got := c.wait(t, 5)
	formats := map[alert.Format]int{}
	failures := 0
	for _, r := range got {
		if r.Remote == "" || r.Frame < 1 {
			t.Errorf("result %+v does not say where it came from", r)
		}
		if r.Err != nil {
			failures++
			if r.Frame != 2 || !strings.Contains(r.Err.Error(), "neither a CEF event nor a JSON alert") {
				t.Errorf("unexpected failure %v in message %d", r.Err, r.Frame)
			}
			continue
		}
		formats[r.Alert.Source.Format]++
		if r.Alert.Source.Name != "edge" || r.Alert.Received.IsZero() {
			t.Errorf("alert %q: source %+v, received %v", r.Alert.Title, r.Alert.Source, r.Alert.Received)
		}
	}
	if formats[alert.CEF] != 2 || formats[alert.Wazuh] != 2 || failures != 1 {
		t.Errorf("got %v alerts and %d failures, want 2 CEF, 2 Wazuh and 1 failure", formats, failures)
	}
}

func TestListenerOverTLS(t *testing.T) {
	cert, pool := selfSigned(t)
	addr, c, _ := serve(t, syslog.Config{TLS: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}})
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cef := sample(t, "cef-defender-identity.log")
	fmt.Fprintf(conn, "%d %s", len(cef), cef)
	got := c.wait(t, 1)
	if got[0].Err != nil || got[0].Alert.Severity != alert.Critical {
		t.Errorf("over TLS: %+v", got[0])
	}

	// A sender that does not speak TLS is told nothing and reported.
	plain, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	fmt.Fprintf(plain, "%d %s", len(cef), cef)
	got = c.wait(t, 2)
	if got[1].Err == nil || got[1].Frame != 0 || !strings.Contains(got[1].Err.Error(), "closed the connection") {
		t.Errorf("plain text to a TLS listener: %+v", got[1])
	}
}

func TestListenerLimits(t *testing.T) {
	addr, c, _ := serve(t, syslog.Config{MaxConnections: 1, IdleTimeout: 200 * time.Millisecond, MaxFrameBytes: 100})
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	fmt.Fprintf(first, "<13>1 - h a - - - %s\n", strings.Repeat("x", 200))
	got := c.wait(t, 1)
	if got[0].Err == nil || !strings.Contains(got[0].Err.Error(), "more than the 100 bytes") {
		t.Errorf("an oversized message: %+v", got[0])
	}

	second, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	got = c.wait(t, 2)
	if got[1].Err == nil || !strings.Contains(got[1].Err.Error(), "1 senders are already connected") {
		t.Errorf("a second sender past the limit: %+v", got[1])
	}

	// The first sender goes quiet and is disconnected; the next can connect.
	first.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := first.Read(make([]byte, 1)); err == nil {
		t.Error("an idle connection was not closed")
	}
	third, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	fmt.Fprint(third, `<13>1 - h a - - - {"title":"Door alarm","severity":"low"}`+"\n")
	got = c.wait(t, 3)
	if got[2].Err != nil || got[2].Alert.Title != "Door alarm" {
		t.Errorf("a sender after the idle one left: %+v", got[2])
	}
}

func TestListenerStopsWithOpenConnections(t *testing.T) {
	addr, c, cancel := serve(t, syslog.Config{})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprint(conn, "<13>1 - h a - - - {\"title\":\"t\",\"severity\":\"low\"}\n<13>1 - h a - - - {\"title\":")
	c.wait(t, 1)
	cancel() // the cleanup checks that Serve returns
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("the connection stayed open after the listener stopped")
	}
}

func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "syslog.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
