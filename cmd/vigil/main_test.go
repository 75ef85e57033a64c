package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/demo"
)

// runVigil runs the command line in-process and returns its exit code and output.
func runVigil(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, streams{strings.NewReader(stdin), &out, &errOut})
	return code, out.String(), errOut.String()
}

// seededData makes a data folder holding the demo organisations.
func seededData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cfg := app.DefaultConfig()
	cfg.DataDir = dir
	a, err := app.New(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err == nil {
		defer a.Close()
		_, err = demo.Seed(context.Background(), a.Demo())
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTokenCreatePrintsTheTokenAlone(t *testing.T) {
	dir := seededData(t)
	code, out, errOut := runVigil(t, "", "token", "create", "--data", dir, "--org", "DEMO", "--name", "mailbox poller", "--scope", "reports:create")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`^vigil_[A-Za-z0-9_-]{43}\n$`).MatchString(out) {
		t.Fatalf("stdout %q, want the token alone on one line", out)
	}
	code, _, errOut = runVigil(t, "", "token", "create", "--data", dir, "--org", "NOPE", "--name", "x")
	if code != 1 || !strings.Contains(errOut, "no organisation with code NOPE") {
		t.Errorf("unknown org: exit %d, %q", code, errOut)
	}
	code, _, errOut = runVigil(t, "", "token", "create", "--data", dir, "--org", "DEMO", "--name", "x", "--scope", "everything")
	if code != 2 || !strings.Contains(errOut, `unknown scope "everything"`) {
		t.Errorf("bad scope: exit %d, %q", code, errOut)
	}
	code, _, errOut = runVigil(t, "", "token", "create", "--data", dir, "--org", "DEMOGP", "--name", "x", "--scope", "organisations:read-all")
	if code != 1 || !strings.Contains(errOut, "cannot do more") {
		t.Errorf("a practice token reading across organisations: exit %d, %q", code, errOut)
	}
}

func TestBadDatabaseSettingsGiveOneLine(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "--database-url", "mysql://x/y"}, "not a postgres://host/dbname URL"},
		{[]string{"migrate", "--database-url", "postgres://127.0.0.1:1/none?connect_timeout=2"}, "does not answer"},
		{[]string{"serve", "--idle-timeout", "5s", "--data", t.TempDir()}, "idle-timeout must be between"},
		{[]string{"serve", "--base-url", "ftp://x", "--data", t.TempDir()}, "base-url must start with"},
	}
	for _, c := range cases {
		code, _, errOut := runVigil(t, "", c.args...)
		if code == 0 || !strings.Contains(errOut, c.want) || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want one line containing %q", c.args, code, errOut, c.want)
		}
	}
}

func TestConfigFileAndEnvironment(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "vigil.yaml")
	os.WriteFile(file, []byte("data: "+dir+"\nidle-timeout: 10m\nfavourite-colour: blue\n"), 0o600)
	code, _, errOut := runVigil(t, "", "migrate", "--config", file)
	if code == 0 || !strings.Contains(errOut, `unknown setting "favourite-colour"`) {
		t.Errorf("unknown key: exit %d %q", code, errOut)
	}
	os.WriteFile(file, []byte("data: [unclosed\n"), 0o600)
	code, _, errOut = runVigil(t, "", "migrate", "--config", file)
	if code == 0 || !strings.Contains(errOut, "is not valid YAML") {
		t.Errorf("malformed YAML: exit %d %q", code, errOut)
	}
	os.WriteFile(file, []byte("data: "+dir+"\n"), 0o600)
	t.Setenv("VIGIL_CONFIG", file)
	code, out, errOut := runVigil(t, "", "migrate")
	if code != 0 || !strings.Contains(out, filepath.Join(dir, "vigil.db")) {
		t.Errorf("config from VIGIL_CONFIG: exit %d %q %q", code, out, errOut)
	}
}

func TestMigrateBackupAndVersion(t *testing.T) {
	dir := seededData(t)
	code, out, _ := runVigil(t, "", "migrate", "--data", dir)
	if code != 0 || !strings.Contains(out, "0 migration(s) applied") {
		t.Errorf("migrate on a current schema: %d %q", code, out)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	code, out, errOut := runVigil(t, "", "backup", "--data", dir, backup)
	if code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %d %q %q", code, out, errOut)
	}
	restored := t.TempDir()
	b, _ := os.ReadFile(backup)
	os.WriteFile(filepath.Join(restored, "vigil.db"), b, 0o600)
	if code, out, errOut := runVigil(t, "", "token", "create", "--data", restored, "--org", "DEMO", "--name", "from backup"); code != 0 || !strings.HasPrefix(out, "vigil_") {
		t.Errorf("the backup does not hold the demo trust: %d %q", code, errOut)
	}
	if code, _, errOut := runVigil(t, "", "backup", "--data", dir, backup); code == 0 || !strings.Contains(errOut, "already exists") {
		t.Errorf("backup over a file: %d %q", code, errOut)
	}
	// The database and its copies hold people's details and reported e-mails: owner only.
	for _, f := range []string{filepath.Join(dir, "vigil.db"), backup} {
		if st, err := os.Stat(f); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want 0600", f, st.Mode().Perm(), err)
		}
	}
	// A mistyped --data is an error, not a new empty database quietly backed up.
	wrong := filepath.Join(t.TempDir(), "no-such-data")
	if code, _, errOut := runVigil(t, "", "backup", "--data", wrong, filepath.Join(t.TempDir(), "x.db")); code != 1 || !strings.Contains(errOut, "no Vigil database") {
		t.Errorf("backup of a missing database: exit %d %q", code, errOut)
	}
	if _, err := os.Stat(wrong); !os.IsNotExist(err) {
		t.Errorf("backup made the folder %s: %v", wrong, err)
	}
	if code, out, _ := runVigil(t, "", "version"); code != 0 || !strings.HasPrefix(out, "vigil ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, _, errOut := runVigil(t, "", "frobnicate"); code != 2 || !strings.Contains(errOut, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
}

func TestUserCommands(t *testing.T) {
	dir := seededData(t)
	csv := filepath.Join(t.TempDir(), "staff.csv")
	os.WriteFile(csv, []byte("email,name,job_role\nok@riverside.example,OK Person,doctor\nbad,Bad Row,doctor\n"), 0o600)
	code, _, errOut := runVigil(t, "", "user", "import", "--data", dir, "--org", "DEMO", csv)
	if code != 1 || !strings.Contains(errOut, "line 3") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("bad row: exit %d %q", code, errOut)
	}
	code, out, errOut := runVigil(t, "", "user", "add", "--data", dir, "--org", "DEMO", "--email", "locum@riverside.example", "--name", "Dr Locum", "--job-role", "doctor")
	if code != 0 || !strings.Contains(out, "added Dr Locum") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	code, out, errOut = runVigil(t, "a long enough passphrase\n", "user", "password", "--data", dir, "--email", "locum@riverside.example")
	if code != 0 || !strings.Contains(out, "password set") {
		t.Fatalf("user password: %d %q %q", code, out, errOut)
	}
	if code, _, errOut := runVigil(t, "short\n", "user", "password", "--data", dir, "--email", "locum@riverside.example"); code == 0 || !strings.Contains(errOut, "at least 12 characters") {
		t.Errorf("weak password: %d %q", code, errOut)
	}
}
