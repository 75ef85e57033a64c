package app

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/vigil-health/vigil/internal/vigil"
	"github.com/vigil-health/vigil/internal/vuln/feedfetch"
	"github.com/vigil-health/vigil/internal/vuln/findings"
)

// VulnFeedsConfig names the advisory feeds fetched on a schedule, and the organisation
// (usually the national centre, whose imports every organisation shares) they are
// imported for.
type VulnFeedsConfig struct {
	Org       string
	KEV, EPSS string // one address each
	OSV, CSAF string // comma-separated addresses
	Every     time.Duration
	Timeout   time.Duration
	MaxMiB    float64
}

func (c *Config) vulnFeedSettings() []setting {
	return []setting{
		{name: "vuln-feed-org", usage: "organisation code the scheduled feeds are imported for; a national centre's are shared with every organisation", str: &c.VulnFeeds.Org},
		{name: "vuln-feed-kev", usage: "address of CISA's KEV catalogue (JSON or CSV) to fetch on a schedule", str: &c.VulnFeeds.KEV},
		{name: "vuln-feed-epss", usage: "address of FIRST's daily EPSS scores (CSV, gzipped or not) to fetch on a schedule", str: &c.VulnFeeds.EPSS},
		{name: "vuln-feed-osv", usage: "addresses of OSV records or zips of them (such as an ecosystem's all.zip), comma-separated", str: &c.VulnFeeds.OSV},
		{name: "vuln-feed-csaf", usage: "addresses of CSAF 2.0 advisories or VEX documents, comma-separated; csaf:DOMAIN or csaf:ADDRESS (or an address ending in provider-metadata.json) follows a CSAF provider, importing its signed TLP:WHITE documents", str: &c.VulnFeeds.CSAF},
		{name: "vuln-feed-every", usage: "how often each feed is asked for a newer document, unless its address says otherwise (\"ADDRESS every 24h\")", dur: &c.VulnFeeds.Every},
		{name: "vuln-feed-timeout", usage: "how long one fetch may take, download included", dur: &c.VulnFeeds.Timeout},
		{name: "vuln-feed-max-mib", usage: "largest document a feed may send, in MiB (at most 256)", num: &c.VulnFeeds.MaxMiB},
	}
}

func defaultVulnFeeds(c *Config) {
	c.VulnFeeds.Every, c.VulnFeeds.Timeout, c.VulnFeeds.MaxMiB = 6*time.Hour, 5*time.Minute, 256
}

// feeds lists the configured feeds in the order they are fetched, and what is wrong
// with their entries (an entry whose interval does not read is still listed, asked as
// often as the others).
func (c VulnFeedsConfig) feeds() (feeds []feedfetch.Feed, problems []string) {
	add := func(kind findings.FeedKind, list string) {
		for _, entry := range strings.Split(list, ",") {
			u, every, err := feedEntry(entry)
			if err != nil {
				problems = append(problems, err.Error())
			}
			if u != "" {
				feeds = append(feeds, feedfetch.Feed{Kind: kind, URL: u, Every: every})
			}
		}
	}
	add(findings.KEVFeed, c.KEV)
	add(findings.EPSSFeed, c.EPSS)
	add(findings.Advisories, c.OSV)
	add(findings.Advisories, c.CSAF)
	return feeds, problems
}

// feedEntry reads one configured feed: an address, optionally followed by " every " and
// how often to ask it (an address holds no spaces, so the two cannot be confused).
func feedEntry(entry string) (url string, every time.Duration, err error) {
	url, after, has := strings.Cut(strings.TrimSpace(entry), " every ")
	url = strings.TrimSpace(url)
	if !has {
		return url, 0, nil
	}
	every, err = time.ParseDuration(strings.TrimSpace(after))
	if err != nil || every < time.Minute {
		return url, 0, fmt.Errorf("vuln feed %s: %q is not an interval of at least 1m (such as 30m, 6h or 24h)", url, strings.TrimSpace(after))
	}
	return url, every, nil
}

func (c *Config) checkVulnFeeds() []string {
	var problems []string
	f := c.VulnFeeds
	if strings.Contains(f.KEV, ",") || strings.Contains(f.EPSS, ",") {
		problems = append(problems, "vuln-feed-kev and vuln-feed-epss each take one address")
	}
	feeds, entryProblems := f.feeds()
	problems = append(problems, entryProblems...)
	for _, feed := range feeds {
		if feedfetch.IsProvider(feed.URL) {
			if _, err := feedfetch.ProviderMetadataURL(feed.URL); err != nil {
				problems = append(problems, "vuln feed: "+err.Error())
			}
			continue
		}
		if u, err := url.Parse(feed.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, "vuln feed "+feed.URL+" is not an http:// or https:// address")
		}
	}
	if len(feeds) > 0 && f.Org == "" {
		problems = append(problems, "set vuln-feed-org: the organisation the scheduled feeds are imported for")
	}
	if f.Every < time.Minute {
		problems = append(problems, "vuln-feed-every must be at least 1m")
	}
	if f.Timeout < time.Second {
		problems = append(problems, "vuln-feed-timeout must be at least 1s")
	}
	if f.MaxMiB > float64(findings.MaxUpload>>20) {
		problems = append(problems, "vuln-feed-max-mib must be at most 256")
	}
	return problems
}

// runVulnFeeds fetches the configured feeds on their schedule until ctx ends.
func (a *App) runVulnFeeds(ctx context.Context) {
	if r := a.vulnFeedRefresher(); r != nil {
		r.Run(ctx, a.vulnFeedScope)
	}
}

// vulnFeedRefresher is the refresher of the configured feeds, nil when there are none.
func (a *App) vulnFeedRefresher() *feedfetch.Refresher {
	c := a.Config.VulnFeeds
	feeds, _ := c.feeds() // what is wrong was reported when the configuration was checked
	if len(feeds) == 0 {
		return nil
	}
	return feedfetch.New(a.Vulns, feeds, feedfetch.Options{Every: c.Every, Timeout: c.Timeout, MaxBytes: int64(c.MaxMiB * (1 << 20)),
		Clock: a.Clock, Logger: a.Logger})
}

// vulnFeedScope acts for the configured organisation. It is looked up on every round, so
// an organisation made after start-up (such as by seeding the demo) is found.
func (a *App) vulnFeedScope(ctx context.Context) (vigil.Scope, error) {
	o, err := a.Orgs.OrganisationByCode(ctx, a.Config.VulnFeeds.Org)
	if err != nil {
		return vigil.Scope{}, err
	}
	return o.System("scheduled feed refresh"), nil
}

// RefreshVulnFeeds fetches the feeds that are due now, as the schedule would: for tests
// and for operators who do not want to wait.
func (a *App) RefreshVulnFeeds(ctx context.Context) ([]findings.FeedSource, error) {
	r := a.vulnFeedRefresher()
	if r == nil {
		return nil, nil
	}
	sc, err := a.vulnFeedScope(ctx)
	if err != nil {
		return nil, err
	}
	return r.RefreshDue(ctx, sc), nil
}
