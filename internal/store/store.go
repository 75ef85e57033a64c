// Package store opens Vigil's database — embedded SQLite by default,
// PostgreSQL for several nodes — and hides the few ways the two differ.
//
// SQL is written once in PostgreSQL's $1 style; for SQLite the store
// rewrites the placeholders to ?1. SQLite gets one writer connection and a
// pool of readers, because SQLite allows one writer at a time and a pool of
// writers would only queue on its lock (and fail with SQLITE_BUSY).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Config says which database to open.
type Config struct {
	// URL is a postgres:// URL. When empty, SQLite in DataDir is used.
	URL string
	// DataDir holds vigil.db when URL is empty.
	DataDir string
	// Create allows making a new SQLite database. Commands that work on an
	// existing one leave it off, so that a mistyped --data is an error
	// rather than a new, empty database.
	Create bool
}

// DB is an open database: a writer and a reader handle, the same pool on PostgreSQL.
type DB struct {
	Dialect Dialect
	write   *sql.DB
	read    *sql.DB
	// Where names the database for messages (file path or host/dbname), never with a password.
	Where string
}

// SQLitePath is the database file inside a data folder.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, "vigil.db") }

// Open connects, checks the database answers and returns it. It does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.URL != "" {
		return openPostgres(ctx, cfg.URL)
	}
	return openSQLite(ctx, cfg.DataDir, cfg.Create)
}

func openPostgres(ctx context.Context, raw string) (*DB, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return nil, fmt.Errorf("database URL %q is not a postgres://host/dbname URL", redact(raw))
	}
	db, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL at %s: %w", redact(raw), err)
	}
	// Keep as many idle as may be open: PostgreSQL starts a process for each
	// new connection, so a pool that closes and reopens them under load
	// spends its time forking rather than answering.
	db.SetMaxOpenConns(pgConnections)
	db.SetMaxIdleConns(pgConnections)
	db.SetConnMaxIdleTime(5 * time.Minute)
	where := u.Host + u.Path
	if err := ping(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("PostgreSQL at %s does not answer: %w", where, err)
	}
	return &DB{Dialect: Postgres, write: db, read: db, Where: where}, nil
}

// pgConnections is each node's pool of PostgreSQL connections: enough that
// requests rarely queue for one, few enough that several nodes stay well
// inside the server's usual max_connections of 100.
const pgConnections = 32

// SQLite settings, in the order they must be applied: busy_timeout comes
// before journal_mode so that switching to WAL waits for a lock rather than
// failing at once when another process has the file open.
var sqlitePragmas = []string{
	"busy_timeout(5000)",  // wait up to 5 s for a lock instead of failing with SQLITE_BUSY
	"journal_mode(WAL)",   // readers do not block the writer, nor it them
	"synchronous(NORMAL)", // safe with WAL; a power cut loses at most the last commits, never the file
	"foreign_keys(1)",     // SQLite leaves them off unless asked
	"temp_store(MEMORY)",
}

func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		q.Set("_txlock", "deferred")
	} else {
		// Write transactions take the lock when they begin, so two of them
		// never both read and then fail to upgrade.
		q.Set("_txlock", "immediate")
		// The writer keeps the index pages it inserts into in memory (up to
		// 64 MiB rather than SQLite's 2 MiB), instead of reading them back
		// from the file for every batch of alerts.
		q.Add("_pragma", "cache_size(-65536)")
		q.Add("_pragma", "wal_autocheckpoint(10000)")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, dataDir string, create bool) (*DB, error) {
	if dataDir == "" {
		dataDir = "data"
	}
	path := SQLitePath(dataDir)
	if !create {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("there is no Vigil database at %s: check --data, or start Vigil with vigil serve (or vigil migrate) to create one", path)
		}
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dataDir, err)
	}
	// The database holds people's details and reported e-mails: only the
	// account Vigil runs as may read it. SQLite creates its -wal and -shm
	// files with the main file's mode.
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	write, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := ping(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite %s: %w", path, explainSQLite(err))
	}
	read, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open SQLite %s for reading: %w", path, err)
	}
	read.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	if err := ping(ctx, read); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open SQLite %s for reading: %w", path, explainSQLite(err))
	}
	return &DB{Dialect: SQLite, write: write, read: read, Where: path}, nil
}

// ping runs a real statement: sql.DB.Ping alone does not apply SQLite's pragmas.
func ping(ctx context.Context, db *sql.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var one int
	return db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

func explainSQLite(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY"):
		return fmt.Errorf("the database file is locked by another program (is another vigil running on this data folder?): %w", err)
	case strings.Contains(msg, "file is not a database") || strings.Contains(msg, "SQLITE_NOTADB"):
		return fmt.Errorf("the file is not a SQLite database: %w", err)
	}
	return err
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Close closes both handles.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return ping(ctx, db.read) }

// Exec runs a statement on the writer.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return db.write.ExecContext(ctx, db.Dialect.Rewrite(query), args...)
}

// Query reads through the reader pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.read.QueryContext(ctx, db.Dialect.Rewrite(query), args...)
}

// QueryRow reads one row through the reader pool.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.Dialect.Rewrite(query), args...)
}

// Tx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", explainSQLite(err))
	}
	tx := &Tx{tx: sqlTx, Dialect: db.Dialect}
	if err := fn(tx); err != nil {
		if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("roll back: %w", rbErr))
		}
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", explainSQLite(err))
	}
	return nil
}

// Tx is a write transaction.
type Tx struct {
	Dialect Dialect
	tx      *sql.Tx
}

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.Dialect.Rewrite(query), args...)
}

// Query reads in the transaction, seeing its own writes.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.Dialect.Rewrite(query), args...)
}

// Prepare makes a statement to run many times in the transaction: the fast
// way to write many rows to SQLite, which binds numbered parameters of one
// long statement slowly.
func (t *Tx) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, t.Dialect.Rewrite(query))
}

// QueryRow reads one row in the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.Dialect.Rewrite(query), args...)
}

// Querier is what both DB and Tx offer, so a domain store's helpers work inside or outside a transaction.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Querier = (*DB)(nil)
	_ Querier = (*Tx)(nil)
)

// createPrivate makes an empty database file readable by its owner only,
// unless it exists already.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	return f.Close()
}
