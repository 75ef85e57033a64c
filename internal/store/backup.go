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
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", path)
	}
	if _, err := db.write.ExecContext(ctx, "VACUUM INTO ?1", path); err != nil {
		return fmt.Errorf("back up to %s: %w", path, explainSQLite(err))
	}
	return nil
}
