package store

import (
	"context"
	"errors"
)

// EachID reads the ids a query lists, then calls do for each one after the
// query is closed, so do may write; it answers how many do reported done.
// One failure does not stop the rest: the errors are joined.
func (db *DB) EachID(ctx context.Context, do func(ctx context.Context, id string) (bool, error), query string, args ...any) (int, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	done := 0
	var errs error
	for _, id := range ids {
		ok, err := do(ctx, id)
		if ok {
			done++
		}
		errs = errors.Join(errs, err)
	}
	return done, errs
}
