// Package storetest gives tests a fresh, migrated database on each engine:
// SQLite in a temporary folder always, and PostgreSQL when the environment
// variable VIGIL_TEST_POSTGRES holds a server URL. Each PostgreSQL test gets
// a throw-away database that is dropped when the test ends.
package storetest

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/store"
)

// PostgresEnv names the variable that holds the test server's URL.
const PostgresEnv = "VIGIL_TEST_POSTGRES"

// Engine is one database engine a test can run on.
type Engine struct {
	Name string
	Open func(t testing.TB) *store.DB
}

// Engines lists SQLite and, when configured, PostgreSQL.
func Engines() []Engine {
	return []Engine{{"sqlite", SQLite}, {"postgres", Postgres}}
}

// Each runs fn as a subtest on every engine; the PostgreSQL one is skipped,
// saying so, when no server is configured.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
}

// SQLite opens a migrated SQLite database in a temporary folder.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, store.Config{DataDir: t.TempDir(), Create: true})
}

// Postgres opens a migrated throw-away PostgreSQL database, or skips the test.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	url := PostgresURL(t)
	return open(t, store.Config{URL: url})
}

// PostgresURL creates a throw-away database and returns its URL, or skips the test.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("PostgreSQL half skipped: %s is not set", PostgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("open %s: %v", PostgresEnv, err)
	}
	defer admin.Close()
	name := "vigil_test_" + strings.ToLower(store.NewID())
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("reopen admin connection: %v", err)
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(t, base, name)
}

func withDatabase(t testing.TB, base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, cfg store.Config) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
