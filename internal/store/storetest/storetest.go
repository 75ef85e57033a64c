// Package storetest gives tests a fresh, migrated database on each engine:
// SQLite in a temporary folder always, and PostgreSQL when the environment
// variable VIGIL_TEST_POSTGRES holds a server URL. Each PostgreSQL test gets
// a throw-away database that is dropped when the test ends.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
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
	return PostgresCopyOf(t, "")
}

// PostgresCopyOf is PostgresURL for a copy of template, a database nobody is
// connected to; an empty template gives an empty database.
func PostgresCopyOf(t testing.TB, template string) string {
	t.Helper()
	if os.Getenv(PostgresEnv) == "" {
		t.Skipf("PostgreSQL half skipped: %s is not set", PostgresEnv)
	}
	name, url, err := CreatePostgres(context.Background(), template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := DropPostgres(context.Background(), name); err != nil {
			t.Error(err)
		}
	})
	return url
}

// CreatePostgres creates a database with a fresh name on the server in
// VIGIL_TEST_POSTGRES, copied from template when it is not empty, and returns
// its name and URL. The caller drops it with DropPostgres.
func CreatePostgres(ctx context.Context, template string) (name, dbURL string, err error) {
	base := os.Getenv(PostgresEnv)
	if base == "" {
		return "", "", fmt.Errorf("%s is not set", PostgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", "", fmt.Errorf("%s is not a URL: %w", PostgresEnv, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", fmt.Errorf("open %s: %w", PostgresEnv, err)
	}
	defer admin.Close()
	name = "vigil_test_" + strings.ToLower(store.NewID())
	stmt := "CREATE DATABASE " + name
	if template != "" {
		stmt += " TEMPLATE " + template
	}
	if _, err := admin.ExecContext(ctx, stmt); err != nil {
		return "", "", fmt.Errorf("create test database: %w", err)
	}
	u.Path = "/" + name
	return name, u.String(), nil
}

// DropPostgres drops a database CreatePostgres made, closing its connections.
func DropPostgres(ctx context.Context, name string) error {
	admin, err := sql.Open("pgx", os.Getenv(PostgresEnv))
	if err != nil {
		return fmt.Errorf("reopen admin connection: %w", err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop test database %s: %w", name, err)
	}
	return nil
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
