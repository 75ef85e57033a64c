package outbound_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/outbound"
)

// TestClientRefusesThisMachine: an address that leads to this machine is
// refused before anything is sent, unless a test allows it; a redirect is
// never followed.
func TestClientRefusesThisMachine(t *testing.T) {
	reached := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	for _, address := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)} {
		_, err := outbound.Client(outbound.Options{Timeout: 5 * time.Second, Receiver: "the webhook"}).Get(address)
		if err == nil || !strings.Contains(err.Error(), "the webhook's address leads to") {
			t.Errorf("%s: %v, want a refusal naming the webhook", address, err)
		}
	}
	if reached != 0 {
		t.Fatalf("the server was reached %d times", reached)
	}
	allowed := outbound.Client(outbound.Options{Timeout: 5 * time.Second, Receiver: "the webhook", AllowLoopback: true})
	res, err := allowed.Get(srv.URL + "/moved")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || reached != 1 {
		t.Errorf("redirect: status %d after %d requests, want the 302 itself after one", res.StatusCode, reached)
	}
}

func TestIsLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{"localhost": true, "LOCALHOST": true, "a.localhost": true, "127.0.0.1": true, "::1": true, "0.0.0.0": true,
		"lrs.example.nhs.uk": false, "10.0.0.1": false, "localhost.example": false} {
		if got := outbound.IsLoopbackHost(host); got != want {
			t.Errorf("IsLoopbackHost(%q) = %v", host, got)
		}
	}
}
