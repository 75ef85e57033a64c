package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func getAsset(t *testing.T, target string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	serveAsset(rec, req)
	return rec.Result()
}

func TestAssetsAreSentGzippedAndCachedLongOnlyWithTheirFingerprint(t *testing.T) {
	want, err := static.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	addr := AssetURL("app.css")
	if !strings.HasPrefix(addr, "/assets/app.css?v=") {
		t.Fatalf("app.css is linked as %q, without a fingerprint", addr)
	}

	res := getAsset(t, addr, "Accept-Encoding", "gzip, deflate, br")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" || res.Header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("with gzip accepted: %d, Content-Encoding %q, Vary %q", res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	if cc := res.Header.Get("Cache-Control"); cc != cacheFingerprinted {
		t.Errorf("fingerprinted address cached %q", cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type %q", ct)
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != string(want) {
		t.Error("the gzipped stylesheet does not unpack to app.css")
	}

	plain := getAsset(t, "/assets/app.css")
	body, _ := io.ReadAll(plain.Body)
	if plain.Header.Get("Content-Encoding") != "" || string(body) != string(want) {
		t.Errorf("without gzip accepted: Content-Encoding %q, %d bytes", plain.Header.Get("Content-Encoding"), len(body))
	}
	if cc := plain.Header.Get("Cache-Control"); cc != cacheOther {
		t.Errorf("an address without the fingerprint is cached %q", cc)
	}
	if stale := getAsset(t, "/assets/app.css?v=0000"); stale.Header.Get("Cache-Control") != cacheOther {
		t.Errorf("an old fingerprint is cached %q", stale.Header.Get("Cache-Control"))
	}
	if refused := getAsset(t, addr, "Accept-Encoding", "gzip;q=0"); refused.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a browser that refused it")
	}

	again := getAsset(t, addr, "Accept-Encoding", "gzip", "If-None-Match", res.Header.Get("ETag"))
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("a browser holding the same version: %d, want 304", again.StatusCode)
	}
	if missing := getAsset(t, "/assets/no-such.css"); missing.StatusCode != http.StatusNotFound {
		t.Errorf("a missing asset: %d", missing.StatusCode)
	}
}
