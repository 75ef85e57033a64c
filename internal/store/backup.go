package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path while it is in use.
// VACUUM INTO reads one snapshot, so writers carry on and the copy is compact.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return errors.New("backup copies the embedded SQLite database; for PostgreSQL use pg_dump")
	}
	// VACUUM INTO fills an empty file: making it here first, owner-only,
	// keeps the copy as private as the database.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists; choose a new file name", path)
	}
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	f.Close()
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?1", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("back up to %s: %w", path, explainSQLite(err))
	}
	return nil
}
