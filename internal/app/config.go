package app

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-health/vigil/internal/api"
	"github.com/vigil-health/vigil/internal/auth"
)

// Config is every setting, loaded once and passed down. Precedence, lowest
// first: defaults, the config file, VIGIL_* environment variables, flags.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string
	BaseURL     string // how people reach Vigil, e.g. https://vigil.example.nhs.uk
	Demo        bool
	LogLevel    string
	LogFormat   string // json or text
	IdleTimeout time.Duration
	OIDC        auth.OIDCConfig
	Mailbox     MailboxConfig    // the reporting mailbox, see reports.go
	SMTP        SMTPConfig       // feedback e-mails
	Simulation  SimulationConfig // the organisation's own phishing simulations
	Alerts      AlertsConfig     // the alert stream and the syslog listener, see alerts.go
	VulnFeeds   VulnFeedsConfig  // advisory feeds fetched on a schedule, see vulnfeeds.go
	NotifyEvery time.Duration    // how often notifications are worked, see notify.go; 0: every 15 s; negative: never (tests drive it)
	ConfigFile  string
	// CreateDatabase lets Open make a new embedded database: serve and
	// migrate set it; every other command works on an existing one.
	CreateDatabase bool
	// TrustedProxies are the load balancers allowed to say who the client is
	// (X-Forwarded-For), as a comma-separated list of addresses or CIDR ranges.
	TrustedProxies string
	// MetricsToken, when set, lets a scraper on another host read /metrics
	// with "Authorization: Bearer <token>"; without it only this host may.
	MetricsToken string
	// IntakePerToken and IntakePerOrg limit reports a second, per node.
	IntakePerToken, IntakePerOrg float64
	trustedProxies               []netip.Prefix // derived
	// LRSAllowLoopback lets a learning record store on this machine be
	// reached over plain HTTP. Tests set it; it is no setting, so a
	// deployment always sends results over HTTPS.
	LRSAllowLoopback bool
}

// setting is one configurable value: its flag, its environment variable and
// its key in the config file.
type setting struct {
	name  string // flag name and file key (with dashes)
	usage string
	str   *string
	dur   *time.Duration
	flag  *bool
	num   *float64
}

func (c *Config) settings() []setting {
	return append([]setting{
		{name: "addr", usage: "address to listen on", str: &c.Addr},
		{name: "data", usage: "data folder for the embedded SQLite database", str: &c.DataDir},
		{name: "database-url", usage: "postgres://… URL; when set, PostgreSQL is used instead of SQLite", str: &c.DatabaseURL},
		{name: "base-url", usage: "the address people use to reach Vigil (https://… makes cookies Secure)", str: &c.BaseURL},
		{name: "demo", usage: "seed the demo organisations (code DEMO) when they are not there yet", flag: &c.Demo},
		{name: "log-level", usage: "debug, info, warn or error", str: &c.LogLevel},
		{name: "log-format", usage: "json or text", str: &c.LogFormat},
		{name: "idle-timeout", usage: "sign people out after this long without use", dur: &c.IdleTimeout},
		{name: "oidc-issuer", usage: "OIDC issuer URL (e.g. a Microsoft Entra ID tenant)", str: &c.OIDC.Issuer},
		{name: "oidc-client-id", usage: "OIDC client id", str: &c.OIDC.ClientID},
		{name: "oidc-client-secret", usage: "OIDC client secret (prefer the environment variable)", str: &c.OIDC.ClientSecret},
		{name: "oidc-label", usage: "name of the identity provider on the sign-in button", str: &c.OIDC.Label},
		{name: "metrics-token", usage: "bearer token a Prometheus scraper on another host sends for /metrics (prefer the environment variable)", str: &c.MetricsToken},
		{name: "trusted-proxies", usage: "load balancers whose X-Forwarded-For is believed, e.g. 10.0.0.0/8,192.168.1.5", str: &c.TrustedProxies},
		{name: "intake-rate-per-token", usage: "reports a second one API token (or person) may send to one node", num: &c.IntakePerToken},
		{name: "intake-rate-per-org", usage: "reports a second one organisation may receive on one node", num: &c.IntakePerOrg},
	}, append(append(c.reportSettings(), c.alertSettings()...), c.vulnFeedSettings()...)...)
}

// DefaultConfig is what a newcomer gets with no settings at all.
func DefaultConfig() Config {
	intake := api.DefaultIntakeLimits()
	c := Config{Addr: "127.0.0.1:8080", DataDir: "data", BaseURL: "http://localhost:8080", LogLevel: "info", LogFormat: "json",
		IdleTimeout: auth.DefaultConfig().IdleTimeout, IntakePerToken: float64(intake.PerToken), IntakePerOrg: float64(intake.PerOrganisation)}
	defaultReportConfig(&c)
	defaultVulnFeeds(&c)
	return c
}

// envName is the environment variable for a setting: data → VIGIL_DATA.
func envName(name string) string {
	return "VIGIL_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// ConfigFlags registers every setting (and --config) on fs. Call Load after fs.Parse.
func ConfigFlags(fs *flag.FlagSet) *Config {
	c := DefaultConfig()
	for _, s := range c.settings() {
		usage := s.usage + " (env " + envName(s.name) + ")"
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.name, *s.str, usage)
		case s.dur != nil:
			fs.DurationVar(s.dur, s.name, *s.dur, usage)
		case s.num != nil:
			fs.Float64Var(s.num, s.name, *s.num, usage)
		default:
			fs.BoolVar(s.flag, s.name, *s.flag, usage)
		}
	}
	fs.StringVar(&c.ConfigFile, "config", "", "YAML file of settings, keys as the flag names (env VIGIL_CONFIG)")
	return &c
}

// Load applies the config file and the environment beneath the flags that
// were given on the command line, then checks the result.
func (c *Config) Load(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if c.ConfigFile == "" {
		c.ConfigFile = getenv("VIGIL_CONFIG")
	}
	fileValues, err := readConfigFile(c.ConfigFile)
	if err != nil {
		return err
	}
	known := map[string]bool{}
	for _, s := range c.settings() {
		known[s.name] = true
		if given[s.name] {
			continue
		}
		if v, ok := fileValues[s.name]; ok {
			if err := s.set(v); err != nil {
				return fmt.Errorf("config file %s: %s: %w", c.ConfigFile, s.name, err)
			}
		}
		if v := getenv(envName(s.name)); v != "" {
			if err := s.set(v); err != nil {
				return fmt.Errorf("%s: %w", envName(s.name), err)
			}
		}
	}
	for k := range fileValues {
		if !known[k] {
			return fmt.Errorf("config file %s: unknown setting %q", c.ConfigFile, k)
		}
	}
	return c.check()
}

func (s setting) set(v string) error {
	switch {
	case s.str != nil:
		*s.str = v
	case s.dur != nil:
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("%q is not a duration like 15m", v)
		}
		*s.dur = d
	case s.num != nil:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("%q is not a number above 0", v)
		}
		*s.num = n
	default:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*s.flag = b
	}
	return nil
}

func readConfigFile(path string) (map[string]string, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config file: %w", err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("config file %s is not valid YAML: %w", path, err)
	}
	out := map[string]string{}
	for k, v := range raw {
		switch v.(type) {
		case map[string]any, []any:
			return nil, fmt.Errorf("config file %s: %s must be a single value", path, k)
		}
		out[k] = fmt.Sprint(v)
	}
	return out, nil
}

func (c *Config) check() error {
	var problems []string
	if c.IdleTimeout < time.Minute || c.IdleTimeout > 24*time.Hour {
		problems = append(problems, "idle-timeout must be between 1m and 24h")
	}
	if !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		problems = append(problems, "base-url must start with http:// or https://")
	}
	switch c.LogFormat {
	case "json", "text":
	default:
		problems = append(problems, "log-format must be json or text")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		problems = append(problems, "log-level must be debug, info, warn or error")
	}
	if (c.OIDC.Issuer == "") != (c.OIDC.ClientID == "") {
		problems = append(problems, "set both oidc-issuer and oidc-client-id, or neither")
	}
	problems = append(problems, c.checkReports()...)
	problems = append(problems, c.checkVulnFeeds()...)
	proxies, err := parseProxies(c.TrustedProxies)
	if err != nil {
		problems = append(problems, err.Error())
	}
	c.trustedProxies = proxies
	if len(problems) > 0 {
		return errors.New("bad configuration: " + strings.Join(problems, "; "))
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.OIDC.Issuer != "" {
		c.OIDC.RedirectURL = c.BaseURL + "/sign-in/oidc/callback"
	}
	return nil
}

// parseProxies reads "10.0.0.0/8, 192.168.1.5" into prefixes.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !strings.Contains(item, "/") {
			addr, err := netip.ParseAddr(item)
			if err != nil {
				return nil, fmt.Errorf("trusted-proxies: %q is not an address or CIDR range", item)
			}
			out = append(out, netip.PrefixFrom(addr, addr.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("trusted-proxies: %q is not an address or CIDR range", item)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// Proxies returns the parsed trusted proxies.
func (c Config) Proxies() []netip.Prefix { return c.trustedProxies }

// HTTPS says people reach Vigil over HTTPS: cookies are then Secure, and
// every answer asks browsers to use HTTPS only.
func (c Config) HTTPS() bool { return strings.HasPrefix(c.BaseURL, "https://") }
