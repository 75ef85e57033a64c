package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/vuln/feedfetch"
)

// TestVulnFeedConfig: feeds come from the config file like every other setting, lists are
// split, and settings that cannot work are refused together with their reasons.
func TestVulnFeedConfig(t *testing.T) {
	file := filepath.Join(t.TempDir(), "vigil.yaml")
	os.WriteFile(file, []byte("vuln-feed-org: CSOC\nvuln-feed-kev: https://feeds.example/kev.json\n"+
		"vuln-feed-osv: https://feeds.example/npm/all.zip, https://feeds.example/PyPI/all.zip\nvuln-feed-every: 12h\n"), 0o600)
	c, err := load(t, nil, map[string]string{"VIGIL_CONFIG": file})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	feeds, _ := c.VulnFeeds.feeds()
	for _, f := range feeds {
		urls = append(urls, string(f.Kind)+" "+f.URL)
	}
	want := "kev https://feeds.example/kev.json|advisories https://feeds.example/npm/all.zip|advisories https://feeds.example/PyPI/all.zip"
	if strings.Join(urls, "|") != want || c.VulnFeeds.Every != 12*time.Hour || c.VulnFeeds.Timeout != 5*time.Minute {
		t.Errorf("feeds %q every %v timeout %v", urls, c.VulnFeeds.Every, c.VulnFeeds.Timeout)
	}

	// An address may say how often it is asked for, instead of vuln-feed-every.
	c, err = load(t, []string{"--vuln-feed-org", "CSOC", "--vuln-feed-epss", "https://feeds.example/epss.csv.gz every 1h",
		"--vuln-feed-osv", "https://feeds.example/npm/all.zip every 24h, https://feeds.example/PyPI/all.zip"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var intervals []string
	feeds, _ = c.VulnFeeds.feeds()
	for _, f := range feeds {
		intervals = append(intervals, f.URL+" "+f.Every.String())
	}
	want = "https://feeds.example/epss.csv.gz 1h0m0s|https://feeds.example/npm/all.zip 24h0m0s|https://feeds.example/PyPI/all.zip 0s"
	if strings.Join(intervals, "|") != want {
		t.Errorf("intervals %q, want %q", intervals, want)
	}

	_, err = load(t, []string{"--vuln-feed-csaf", "file:///etc/advisory.json", "--vuln-feed-every", "10s", "--vuln-feed-max-mib", "1024",
		"--vuln-feed-kev", "https://feeds.example/kev.json every often"}, nil)
	for _, want := range []string{"file:///etc/advisory.json is not an http:// or https:// address", "set vuln-feed-org",
		`vuln feed https://feeds.example/kev.json: "often" is not an interval of at least 1m`,
		"vuln-feed-every must be at least 1m", "vuln-feed-max-mib must be at most 256"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to say %q", err, want)
		}
	}
}

// TestVulnFeedConfigCSAFProvider: a CSAF provider is configured among the CSAF addresses
// by its domain or its metadata address, with its own interval; one that could only be
// followed in the clear, or is not a domain, is refused with why.
func TestVulnFeedConfigCSAFProvider(t *testing.T) {
	c, err := load(t, []string{"--vuln-feed-org", "CSOC", "--vuln-feed-csaf",
		"csaf:psirt.example every 12h, https://vendor.example/.well-known/csaf/provider-metadata.json, https://vendor.example/advisory.json"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	feeds, _ := c.VulnFeeds.feeds()
	for _, f := range feeds {
		got = append(got, fmt.Sprintf("%s %v %v", f.URL, f.Every, feedfetch.IsProvider(f.URL)))
	}
	want := "csaf:psirt.example 12h0m0s true|https://vendor.example/.well-known/csaf/provider-metadata.json 0s true|https://vendor.example/advisory.json 0s false"
	if strings.Join(got, "|") != want {
		t.Errorf("feeds %q, want %q", got, want)
	}
	if u, err := feedfetch.ProviderMetadataURL("csaf:psirt.example"); err != nil || u != "https://psirt.example/.well-known/csaf/provider-metadata.json" {
		t.Errorf("a provider's domain means %q, %v", u, err)
	}

	_, err = load(t, []string{"--vuln-feed-org", "CSOC", "--vuln-feed-csaf", "csaf:http://psirt.example/provider-metadata.json, csaf:psirt.example/csaf"}, nil)
	for _, want := range []string{`CSAF provider "csaf:http://psirt.example/provider-metadata.json": a provider is followed only at an https address`,
		`CSAF provider "csaf:psirt.example/csaf": give a domain`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want it to say %q", err, want)
		}
	}
}
