package apptest

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"sync"
	"testing"

	"github.com/vigil-health/vigil/internal/app"
	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// demoTemplate is a database migrated and seeded with the demo once per
// test binary and engine. Each test runs on a copy of it, because migrating
// and seeding were most of a test's time, over the network on PostgreSQL.
type demoTemplate struct {
	once      sync.Once
	engine    Engine
	dataDir   string // the template app's data folder, the SQLite database's too
	source    string // the PostgreSQL database, or the SQLite data folder
	passwords map[string]string
	err       error
}

// demoTemplates are shared by every test in the binary; Main removes them.
var demoTemplates = map[Engine]*demoTemplate{SQLite: {engine: SQLite}, Postgres: {engine: Postgres}}

// copyInto points cfg at a fresh copy of the engine's seeded demo database
// and returns the demo passwords.
func copyInto(t testing.TB, e Engine, cfg *app.Config) map[string]string {
	t.Helper()
	if e == Postgres && os.Getenv(storetest.PostgresEnv) == "" {
		t.Skipf("PostgreSQL half skipped: %s is not set", storetest.PostgresEnv)
	}
	d := demoTemplates[e]
	d.once.Do(func() { d.err = d.make(context.Background()) })
	if d.err != nil {
		t.Fatalf("seed the %s demo template: %v", e, d.err)
	}
	if e == Postgres {
		cfg.DatabaseURL = storetest.PostgresCopyOf(t, d.source)
		return d.passwords
	}
	for _, suffix := range []string{"", "-wal"} {
		err := copyFile(store.SQLitePath(d.source)+suffix, store.SQLitePath(cfg.DataDir)+suffix)
		if err != nil && !(suffix != "" && errors.Is(err, fs.ErrNotExist)) {
			t.Fatalf("copy the demo database: %v", err)
		}
	}
	return d.passwords
}

func (d *demoTemplate) make(ctx context.Context) (err error) {
	cfg := app.DefaultConfig()
	if d.dataDir, err = os.MkdirTemp("", "vigil-demo-template-"); err != nil {
		return err
	}
	cfg.DataDir = d.dataDir
	if d.engine == Postgres {
		if d.source, cfg.DatabaseURL, err = storetest.CreatePostgres(ctx, ""); err != nil {
			return err
		}
	} else {
		d.source = cfg.DataDir
	}
	a, err := app.New(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	// A database is copied only once nobody is connected to it.
	defer a.Close()
	d.passwords, err = seed(ctx, a.Demo())
	return err
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// Main runs a package's tests and then removes the demo templates, for a
// TestMain: os.Exit(apptest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	for _, d := range demoTemplates {
		if d.engine == Postgres && d.source != "" {
			if err := storetest.DropPostgres(context.Background(), d.source); err != nil {
				slog.Error("drop the PostgreSQL demo template", "err", err)
			}
		}
		if d.dataDir != "" {
			os.RemoveAll(d.dataDir)
		}
	}
	return code
}
