package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

func TestRewrite(t *testing.T) {
	cases := []struct{ in, sqlite string }{
		{"SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = ?1 AND b = ?2"},
		{"SELECT '$1' FROM t WHERE a = $10", "SELECT '$1' FROM t WHERE a = ?10"},
		{`SELECT "col$1" FROM t`, `SELECT "col$1" FROM t`},
		{"SELECT 1", "SELECT 1"},
	}
	for _, c := range cases {
		if got := store.SQLite.Rewrite(c.in); got != c.sqlite {
			t.Errorf("Rewrite(%q) = %q, want %q", c.in, got, c.sqlite)
		}
		if got := store.Postgres.Rewrite(c.in); got != c.in {
			t.Errorf("Postgres rewrote %q to %q", c.in, got)
		}
	}
}

func TestEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		current, target, pending, err := db.SchemaVersion(ctx)
		if err != nil || current != target || current == 0 || len(pending) > 0 {
			t.Fatalf("schema version %d of %d, pending %v (%v), want current", current, target, pending, err)
		}
		now := store.Now()
		_, err = db.Exec(ctx, `INSERT INTO organisations (id, code, name, type, created_at) VALUES ($1, $2, $3, $4, $5)`,
			"o1", "RXX", "Test Trust", "acute-trust", now)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Exec(ctx, `INSERT INTO organisations (id, code, name, type, created_at) VALUES ($1, $2, $3, $4, $5)`,
			"o2", "RXX", "Duplicate", "acute-trust", now)
		if !db.Dialect.IsUniqueViolation(err) {
			t.Fatalf("duplicate code: got %v, want a unique violation", err)
		}
		var got time.Time
		if err := db.QueryRow(ctx, `SELECT created_at FROM organisations WHERE id = $1`, "o1").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(now) {
			t.Errorf("time round trip: got %v, want %v", got, now)
		}
		// A failed transaction leaves nothing behind.
		boom := errors.New("boom")
		err = db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO organisations (id, code, name, type, created_at) VALUES ($1, $2, $3, $4, $5)`,
				"o3", "RYY", "Half written", "acute-trust", now); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Tx error = %v", err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM organisations WHERE id = $1`, "o3").Scan(&n); err != nil || n != 0 {
			t.Fatalf("rolled-back row present: n=%d err=%v", n, err)
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, err := db.Exec(ctx, `INSERT INTO audit_events (id, org_id, actor_id, actor, action, entity_type, entity_id, summary, at)
			VALUES ($1, 'o', 'u', 'someone', 'create', 'user', 'x', 'made', $2)`, store.NewID(), store.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(ctx, `UPDATE audit_events SET summary = 'rewritten'`); err == nil {
			t.Error("UPDATE of the audit trail succeeded")
		}
		if _, err := db.Exec(ctx, `DELETE FROM audit_events`); err == nil {
			t.Error("DELETE of the audit trail succeeded")
		}
	})
}

func TestBadDatabaseURL(t *testing.T) {
	_, err := store.Open(context.Background(), store.Config{URL: "mysql://nowhere/db"})
	if err == nil || !strings.Contains(err.Error(), "not a postgres://") {
		t.Fatalf("got %v", err)
	}
	_, err = store.Open(context.Background(), store.Config{URL: "postgres://127.0.0.1:1/none?connect_timeout=2"})
	if err == nil || !strings.Contains(err.Error(), "does not answer") {
		t.Fatalf("unreachable server: got %v", err)
	}
}

func TestNotADatabase(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "vigil.db"), []byte(strings.Repeat("not sqlite ", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "not a SQLite database") {
		t.Fatalf("got %v", err)
	}
}

func TestBackup(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := db.Exec(ctx, `INSERT INTO organisations (id, code, name, type, created_at) VALUES ('o1', 'RXX', 'T', 'acute-trust', $1)`, store.Now()); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := db.Backup(ctx, filepath.Join(dir, "vigil.db")); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, filepath.Join(dir, "vigil.db")); err == nil {
		t.Error("backup over an existing file succeeded")
	}
	copyDB, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var name string
	if err := copyDB.QueryRow(ctx, `SELECT name FROM organisations WHERE code = 'RXX'`).Scan(&name); err != nil || name != "T" {
		t.Fatalf("backup lacks the row: %q %v", name, err)
	}
}

func TestLockedSQLiteFileIsExplained(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	holder, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Another program takes the file and keeps it for the length of the test.
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	db, err := store.Open(ctx, store.Config{DataDir: dir})
	if err == nil {
		_, err = db.Migrate(ctx)
		db.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "locked by another program") {
		t.Fatalf("got %v, want an explanation that the file is locked", err)
	}
}

// TestIDsSortInTheOrderTheyWereMade: within one millisecond too, so newest-first lists are.
func TestIDsSortInTheOrderTheyWereMade(t *testing.T) {
	prev := store.NewID()
	for range 10000 {
		id := store.NewID()
		if id <= prev {
			t.Fatalf("%s made after %s sorts before it", id, prev)
		}
		prev = id
	}
}
