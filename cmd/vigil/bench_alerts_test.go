package main

import (
	"regexp"
	"strings"
	"syscall"
	"testing"
)

func TestBenchAlertsReportsWhatItMeasured(t *testing.T) {
	if testing.Short() {
		t.Skip("starts vigil serve")
	}
	data := seededData(t)
	_, token, _ := runVigil(t, "", "token", "create", "--data", data, "--org", "DEMO", "--name", "bench", "--scope", "alerts:write")
	addr := freeAddr(t)
	server := startServe(t, data, addr)
	defer func() { server.Process.Signal(syscall.SIGTERM); server.Wait() }()
	code, out, errOut := runVigil(t, "", "bench", "alerts", "--url", "http://"+addr, "--token", strings.TrimSpace(token),
		"--senders", "2", "--batch", "10", "--alerts", "40", "--format", "generic")
	want := regexp.MustCompile(`^alerts sent:  40 in 4 batches \(0 batches resent\)\naccepted:     40\nduplicates:   0\nrejected:     0\n` +
		`429 answers:  0\nfailed:       0 batches\naccepted/s:   \d+ over \S+\nPOST to answer \(received to stored and visible\): p50 \S+, p95 \S+, p99 \S+\n$`)
	if code != 0 || !want.MatchString(out) {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
	// A second run stores alerts of its own; the batches it resends come back
	// as duplicates. A wrong token fails the run.
	if code, out, _ := runVigil(t, "", "bench", "alerts", "--url", "http://"+addr, "--token", strings.TrimSpace(token),
		"--senders", "1", "--batch", "10", "--alerts", "40", "--format", "generic", "--repeat", "0.5"); code != 0 ||
		!strings.HasPrefix(out, "alerts sent:  80 in 8 batches (4 batches resent)\naccepted:     40\nduplicates:   40\n") {
		t.Errorf("sent again: exit %d, out %q", code, out)
	}
	if code, _, errOut := runVigil(t, "", "bench", "alerts", "--url", "http://"+addr, "--token", "vigil_wrong", "--alerts", "5"); code != 1 || !strings.Contains(errOut, "1 batches failed") {
		t.Errorf("a wrong token: exit %d, err %q", code, errOut)
	}
}

func TestBenchAlertsUsage(t *testing.T) {
	for _, args := range [][]string{
		{"--url", "http://127.0.0.1:1"},
		{"--token", "t", "--format", "cef"},
		{"--token", "t", "--batch", "10001"},
		{"--token", "t", "--repeat", "1"},
		{"--token", "t", "--senders", "0"},
		{"--token", "t", "extra"},
	} {
		code, out, errOut := runVigil(t, "", append([]string{"bench", "alerts"}, args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, "usage") {
			t.Errorf("%v: exit %d, out %q, err %q", args, code, out, errOut)
		}
	}
	if code, _, errOut := runVigil(t, "", "bench"); code != 2 || !strings.Contains(errOut, "vigil bench alerts --url URL --token TOKEN") {
		t.Errorf("bench alone: exit %d, err %q", code, errOut)
	}
}
