package app

import (
	"flag"
	"strings"
	"testing"
)

func TestSpeakUpSettings(t *testing.T) {
	loadEnv := func(env map[string]string) (*Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		c := ConfigFlags(fs)
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		return c, c.Load(fs, func(k string) string { return env[k] })
	}
	c, err := loadEnv(map[string]string{
		"VIGIL_REPORT_IMAP_ADDR": "outlook.office365.com:993", "VIGIL_REPORT_IMAP_USER": "phishing@riverside.example",
		"VIGIL_REPORT_IMAP_PASSWORD": "secret", "VIGIL_REPORT_IMAP_ORG": "DEMO",
		"VIGIL_SIMULATION_VALUES": "campaign-2026-10, campaign-2026-11",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Mailbox.Password != "secret" || c.Mailbox.TLS != "implicit" || c.Mailbox.Folder != "INBOX" {
		t.Errorf("mailbox settings: %+v", c.Mailbox)
	}
	markers := c.simulationMarkers()
	if len(markers) != 1 || markers[0].Header != "X-Vigil-Simulation" || len(markers[0].Values) != 2 || markers[0].Values[1] != "campaign-2026-11" {
		t.Errorf("simulation markers: %+v", markers)
	}
	c.Simulation.Header = ""
	if m := c.simulationMarkers(); m == nil || len(m) != 0 {
		t.Errorf("recognition off should be an empty, non-nil list: %#v", m)
	}

	for env, want := range map[string]string{
		"VIGIL_REPORT_IMAP_ADDR=imap.example:993":        "report-imap-org",
		"VIGIL_SMTP_ADDR=send.nhs.net:587":               "smtp-from",
		"VIGIL_REPORT_IMAP_OAUTH_TOKEN_URL=https://x.ex": "report-imap-oauth-client-id",
	} {
		k, v, _ := strings.Cut(env, "=")
		if _, err := loadEnv(map[string]string{k: v}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want it to name %s", env, err, want)
		}
	}
}
