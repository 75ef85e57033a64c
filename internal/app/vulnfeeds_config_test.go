package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	for _, f := range c.VulnFeeds.feeds() {
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
	for _, f := range c.VulnFeeds.feeds() {
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
