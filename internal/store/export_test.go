package store

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"
)

// MigrateWithout migrates as an earlier release would have, one that did not
// yet have the migration numbered version.
func (db *DB) MigrateWithout(ctx context.Context, version int64) error {
	files, err := db.migrationFiles()
	if err != nil {
		return err
	}
	older := fstest.MapFS{}
	skip := fmt.Sprintf("%05d_", version)
	err = fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path, skip) {
			return err
		}
		data, err := fs.ReadFile(files, path)
		older[path] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		return err
	}
	p, err := db.provider(older)
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}
