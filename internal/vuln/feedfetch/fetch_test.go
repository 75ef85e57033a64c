package feedfetch_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/feedfetch"
)

func fetch(t *testing.T, req feedfetch.Request) (feedfetch.Response, error) {
	t.Helper()
	if req.MaxBytes == 0 {
		req.MaxBytes = 1 << 20
	}
	if req.Timeout == 0 {
		req.Timeout = 5 * time.Second
	}
	return feedfetch.Fetch(context.Background(), http.DefaultClient, req)
}

// TestFetchConditional: the first fetch sends no conditions and keeps what the server
// said; the next sends them back and learns the document has not changed.
func TestFetchConditional(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Sun, 01 Nov 2026 10:00:00 GMT")
		w.Write([]byte("cve,epss,percentile\n"))
	}))
	defer srv.Close()
	first, err := fetch(t, feedfetch.Request{URL: srv.URL + "/feeds/epss_scores-current.csv.gz"})
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || string(first.Body) != "cve,epss,percentile\n" || first.Name != "epss_scores-current.csv.gz" || first.ETag != `"v1"` {
		t.Errorf("first fetch: %+v", first)
	}
	second, err := fetch(t, feedfetch.Request{URL: srv.URL + "/feeds/epss_scores-current.csv.gz", ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || second.Body != nil || second.ETag != `"v1"` || second.LastModified != first.LastModified {
		t.Errorf("second fetch: %+v", second)
	}
	want := []string{"|", `"v1"|Sun, 01 Nov 2026 10:00:00 GMT`}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("conditions sent %q, want %q", got, want)
	}
}

// TestFetchRefuses: too large (said up front or found while reading), too slow, a server
// error and an address that is not http are each refused with a reason.
func TestFetchRefuses(t *testing.T) {
	big := strings.Repeat("x", 2048)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/declared":
			w.Write([]byte(big))
		case "/streamed":
			w.(http.Flusher).Flush() // no Content-Length: the limit is found while reading
			w.Write([]byte(big))
		case "/slow":
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		default:
			http.Error(w, "broken", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	for _, c := range []struct {
		name string
		req  feedfetch.Request
		want string
	}{
		{"declared size", feedfetch.Request{URL: srv.URL + "/declared", MaxBytes: 1024}, "2048 bytes, more than the limit of 1024"},
		{"streamed size", feedfetch.Request{URL: srv.URL + "/streamed", MaxBytes: 1024}, "more than the limit of 1024 bytes"},
		{"timeout", feedfetch.Request{URL: srv.URL + "/slow", Timeout: 100 * time.Millisecond}, "did not arrive within 100ms"},
		{"server error", feedfetch.Request{URL: srv.URL + "/broken"}, "the server answered 500 Internal Server Error"},
		{"not http", feedfetch.Request{URL: "file:///etc/passwd"}, "is not an http:// or https:// address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := fetch(t, c.req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v (%d bytes), want an error saying %q", err, len(res.Body), c.want)
			}
		})
	}
}
