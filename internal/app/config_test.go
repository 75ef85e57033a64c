package app

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	c := ConfigFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	err := c.Load(fs, func(k string) string { return env[k] })
	return *c, err
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "vigil.yaml")
	os.WriteFile(file, []byte("addr: 0.0.0.0:9000\nidle-timeout: 20m\nlog-format: text\n"), 0o600)
	env := map[string]string{"VIGIL_CONFIG": file, "VIGIL_IDLE_TIMEOUT": "30m", "VIGIL_BASE_URL": "https://vigil.example.nhs.uk/"}
	c, err := load(t, []string{"--log-format", "json"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" { // file over default
		t.Errorf("addr %q", c.Addr)
	}
	if c.IdleTimeout != 30*time.Minute { // environment over file
		t.Errorf("idle timeout %v", c.IdleTimeout)
	}
	if c.LogFormat != "json" { // flag over file
		t.Errorf("log format %q", c.LogFormat)
	}
	if got := c.Proxies(); len(got) != 0 {
		t.Errorf("no proxies configured, got %v", got)
	}
	if !c.HTTPS() || c.BaseURL != "https://vigil.example.nhs.uk" {
		t.Errorf("https base URL: secure=%v base=%q", c.HTTPS(), c.BaseURL)
	}
}

func TestConfigErrorsNameTheSetting(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"VIGIL_IDLE_TIMEOUT": "soon"}, "VIGIL_IDLE_TIMEOUT"},
		{map[string]string{"VIGIL_DEMO": "perhaps"}, "VIGIL_DEMO"},
		{map[string]string{"VIGIL_OIDC_ISSUER": "https://login.example"}, "oidc-issuer and oidc-client-id"},
		{map[string]string{"VIGIL_LOG_LEVEL": "loud"}, "log-level"},
		{map[string]string{"VIGIL_TRUSTED_PROXIES": "10.0.0.0/8, the balancer"}, `trusted-proxies: "the balancer"`},
	}
	for _, c := range cases {
		if _, err := load(t, nil, c.env); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want it to name %s", c.env, err, c.want)
		}
	}
}

func FuzzReadConfigFile(f *testing.F) {
	f.Add("addr: 127.0.0.1:8080\ndemo: true\n")
	f.Add("data: [a, b]\n")
	f.Add(":\n- -\n")
	f.Fuzz(func(t *testing.T, content string) {
		path := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := readConfigFile(path); err != nil && !strings.Contains(err.Error(), path) {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
