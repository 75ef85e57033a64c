package store

import (
	"errors"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the database engine. It holds every difference between the two
// that the rest of Vigil needs to know about.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

var rewrites sync.Map // query → rewritten query, for SQLite

// Rewrite turns $1-style placeholders into SQLite's ?1, leaving quoted text alone.
// Rewritten queries are cached: the same few hundred statements run all day.
func (d Dialect) Rewrite(query string) string {
	if d == Postgres || !strings.Contains(query, "$") {
		return query
	}
	if q, ok := rewrites.Load(query); ok {
		return q.(string)
	}
	q := rewriteDollars(query)
	rewrites.Store(query, q)
	return q
}

func rewriteDollars(query string) string {
	var b strings.Builder
	b.Grow(len(query))
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9':
			c = '?'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// IsUniqueViolation reports whether err is a unique-constraint failure.
func (d Dialect) IsUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) {
		return sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || sqErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsDeadlock reports whether err is PostgreSQL ending a transaction to break
// a deadlock: nothing of it was kept, and running it again may succeed.
// SQLite has one writer and never deadlocks.
func IsDeadlock(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "40P01"
}

// LockRows is what ends a SELECT inside a write transaction that must hold
// the rows it reads until it commits. SQLite needs nothing: a write
// transaction there holds the whole database.
func (d Dialect) LockRows() string {
	if d == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// SkipLocked ends a SELECT that claims work: rows another node holds are
// passed over rather than waited for. SQLite has one writer, so none is held.
func (d Dialect) SkipLocked() string {
	if d == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}
