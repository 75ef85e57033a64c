package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/vigil-health/vigil/internal/loadtest"
)

// runAsVigil makes the test binary act as the vigil command, so a test can
// run `vigil serve` as a real process and kill it.
const runAsVigil = "VIGIL_TEST_RUN_AS_VIGIL"

func TestMain(m *testing.M) {
	if os.Getenv(runAsVigil) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKilledMidWaveLosesNoReport kills `vigil serve` with SIGKILL while a
// phishing wave arrives, starts it again, and checks what people were told:
// every report acknowledged is there once, and every report stored —
// acknowledged or caught mid-flight — is filed once.
func TestKilledMidWaveLosesNoReport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills vigil serve")
	}
	data := seededData(t)
	code, token, errOut := runVigil(t, "", "token", "create", "--data", data, "--org", "DEMO", "--name", "wave", "--scope", "reports:create")
	if code != 0 {
		t.Fatalf("token: %s", errOut)
	}
	token = strings.TrimSpace(token)
	addr := freeAddr(t)
	server := startServe(t, data, addr)

	var mu sync.Mutex
	acked := map[string]bool{}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for c := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; ctx.Err() == nil; i += 16 {
				if id, ok := postReport(ctx, addr, token, i); ok {
					mu.Lock()
					acked[id] = true
					mu.Unlock()
				}
			}
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 150 || time.Now().After(deadline) {
			break
		}
	}
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	stop()
	wg.Wait()
	if len(acked) < 150 {
		t.Fatalf("only %d reports acknowledged before the kill", len(acked))
	}

	server = startServe(t, data, addr) // files what the kill left, at start-up
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "vigil.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(30 * time.Second); count(`SELECT count(*) FROM reports WHERE processed_at IS NULL`) > 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d reports still unfiled after the restart", count(`SELECT count(*) FROM reports WHERE processed_at IS NULL`))
		}
	}
	for id := range acked {
		if n := count(`SELECT count(*) FROM reports WHERE id = ?1 AND processed_at IS NOT NULL`, id); n != 1 {
			t.Errorf("acknowledged report %s: %d filed rows", id, n)
		}
	}
	stored := count(`SELECT count(*) FROM reports WHERE source = 'api'`)
	if filings := count(`SELECT count(*) FROM audit_events WHERE entity_type = 'report' AND action = 'update'`); filings != stored {
		t.Errorf("%d filings recorded for %d stored reports", filings, stored)
	}
	t.Logf("%d acknowledged before the kill, %d stored in all, all filed once", len(acked), stored)
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startServe runs `vigil serve` as a process and waits until it is ready.
func startServe(t *testing.T, data, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "serve", "--data", data, "--addr", addr, "--log-format", "text", "--log-level", "warn")
	cmd.Env = append(os.Environ(), runAsVigil+"=1")
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("vigil serve did not become ready:\n%s", logs.String())
		}
	}
}

// postReport sends the i-th report of the wave and answers its id when it
// was acknowledged.
func postReport(ctx context.Context, addr, token string, i int) (string, bool) {
	var body bytes.Buffer
	form := multipart.NewWriter(&body)
	part, _ := form.CreateFormFile("file", fmt.Sprintf("r%d.eml", i))
	part.Write(loadtest.Lure(i))
	form.Close()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/reports", &body)
	req.Header.Set("Content-Type", form.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer res.Body.Close()
	var created struct {
		ID string `json:"id"`
	}
	if res.StatusCode != http.StatusCreated || json.NewDecoder(res.Body).Decode(&created) != nil {
		return "", false
	}
	return created.ID, true
}

func TestBenchIntakeReportsWhatItMeasured(t *testing.T) {
	if testing.Short() {
		t.Skip("starts vigil serve")
	}
	data := seededData(t)
	_, token, _ := runVigil(t, "", "token", "create", "--data", data, "--org", "DEMO", "--name", "bench", "--scope", "reports:create")
	addr := freeAddr(t)
	server := startServe(t, data, addr)
	defer func() { server.Process.Signal(syscall.SIGTERM); server.Wait() }()
	code, out, errOut := runVigil(t, "", "bench", "intake", "--url", "http://"+addr, "--token", strings.TrimSpace(token), "--clients", "8", "--reports", "40")
	if code != 0 || !regexp.MustCompile(`^40 sent, 0 failed in \S+: \d+/s, p50 \S+, p99 \S+\n$`).MatchString(out) {
		t.Errorf("exit %d, out %q, err %q", code, out, errOut)
	}
	if code, _, errOut := runVigil(t, "", "bench", "intake", "--url", "http://"+addr); code != 2 || !strings.Contains(errOut, "--token") {
		t.Errorf("without a token: %d %q", code, errOut)
	}
}
