package monitor_test

import (
	"context"
	"fmt"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/alert/syslog"
	"github.com/vigil-health/vigil/internal/monitor"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// TestSyslogAlertsAreStored sends CEF over TCP, one message per line, and
// finds every alert stored as the listener's source, matched to the firewall.
func TestSyslogAlertsAreStored(t *testing.T) {
	f := newFixture(t, storetest.SQLite(t), monitor.Options{})
	f.run(t)
	l, err := syslog.Listen("tcp", "127.0.0.1:0", syslog.Config{Source: "Edge firewall syslog"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var problems atomic.Int32
	go func() {
		done <- f.mon.ReceiveSyslog(ctx, l, f.analyst, "Edge firewall syslog", func(error) { problems.Add(1) })
	}()
	conn, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := range n {
		fmt.Fprintf(conn, "<134>May  1 11:05:%02d fw-edge-01 CEF:0|Fortinet|FortiGate|v7.2.8|16384|utm:ips signature|7|src=10.40.7.%d dst=192.0.2.200 dpt=445 dvchost=fw-edge-01\n", i%60, i)
	}
	fmt.Fprintf(conn, "not syslog at all\n")
	conn.Close()
	var latest []monitor.Alert
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if latest, err = f.mon.Latest(context.Background(), f.analyst, monitor.MaxQueue); err != nil || len(latest) >= n {
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(latest) != n {
		t.Fatalf("stored %d alerts from syslog, want %d", len(latest), n)
	}
	if problems.Load() != 1 {
		t.Errorf("%d problems reported, want 1 for the line that is not syslog", problems.Load())
	}
	if a := latest[0]; a.Source.Name != "Edge firewall syslog" || a.AssetID != "firewall" || a.Source.Format != "cef" {
		t.Errorf("syslog alert: source %q asset %q format %q", a.Source.Name, a.AssetID, a.Source.Format)
	}
}
