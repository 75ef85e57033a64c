package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// migrationFiles are this engine's migrations.
func (db *DB) migrationFiles() (fs.FS, error) {
	return fs.Sub(migrations, "migrations/"+db.Dialect.String())
}

func (db *DB) provider(files fs.FS) (*goose.Provider, error) {
	// Each capability numbers its migrations in its own range (reports
	// 00001–, vulnerabilities 00010–, alerts 00020–, training 00030–, …), so a
	// release can bring a migration numbered below one a database already has.
	// Goose refuses that unless told to apply it.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	if db.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// A session advisory lock: when several nodes start at once, one
		// migrates and the others wait, instead of racing on the same DDL.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(5, 120))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, db.write, files, opts...)
}

// Migrate brings the schema up to date and returns how many migrations ran.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	files, err := db.migrationFiles()
	if err != nil {
		return 0, fmt.Errorf("prepare migrations: %w", err)
	}
	p, err := db.provider(files)
	if err != nil {
		return 0, fmt.Errorf("prepare migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return len(results), fmt.Errorf("migrate %s: %w", db.Where, explainSQLite(err))
	}
	return len(results), nil
}

// SchemaVersion returns the highest applied and the newest known migration
// versions, and the known migrations not yet applied (some may be numbered
// below current: see provider).
func (db *DB) SchemaVersion(ctx context.Context) (current, target int64, pending []int64, err error) {
	files, err := db.migrationFiles()
	if err != nil {
		return 0, 0, nil, err
	}
	p, err := db.provider(files)
	if err != nil {
		return 0, 0, nil, err
	}
	if current, target, err = p.GetVersions(ctx); err != nil {
		return 0, 0, nil, err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return 0, 0, nil, err
	}
	for _, m := range status {
		if m.State == goose.StatePending {
			pending = append(pending, m.Source.Version)
		}
	}
	return current, target, pending, nil
}
