package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// maxBatchRows is the most rows one PostgreSQL statement carries; with the
// columns of a wide table it stays well inside the limit of 65,535 parameters.
const maxBatchRows = 1000

// Batch writes many rows of one shape in a transaction, the fast way for the engine:
// SQLite runs one prepared single-row statement again and again (it binds the numbered
// parameters of a long statement in time that grows with their square); PostgreSQL
// takes many rows per statement, saving a round trip a row.
type Batch struct {
	tx         *Tx
	head, tail string
	cols, rows int
	perStmt    int
	stmt       *sql.Stmt // SQLite only
	args       []any
}

// Batch prepares to write rows with "head VALUES (…), (…) tail": head names the table
// and its cols columns ("INSERT INTO t (a, b)"), tail is what follows the rows, such as
// an ON CONFLICT clause. Close it when done; Flush writes what is still held.
func (t *Tx) Batch(ctx context.Context, head string, cols int, tail string) (*Batch, error) {
	b := &Batch{tx: t, head: head, tail: tail, cols: cols, perStmt: min(maxBatchRows, 65535/cols)}
	if t.Dialect == SQLite {
		stmt, err := t.Prepare(ctx, head+" VALUES "+Placeholders(1, 1, cols)+" "+tail)
		if err != nil {
			return nil, fmt.Errorf("prepare %s: %w", head, err)
		}
		b.stmt = stmt
	}
	return b, nil
}

// Add writes one row, or holds it until enough are held to write together.
func (b *Batch) Add(ctx context.Context, row ...any) error {
	if len(row) != b.cols {
		return fmt.Errorf("%s: a row of %d values, want %d", b.head, len(row), b.cols)
	}
	if b.stmt != nil {
		if _, err := b.stmt.ExecContext(ctx, row...); err != nil {
			return fmt.Errorf("%s: %w", b.head, err)
		}
		return nil
	}
	b.args = append(b.args, row...)
	b.rows++
	if b.rows >= b.perStmt {
		return b.Flush(ctx)
	}
	return nil
}

// Flush writes the rows held.
func (b *Batch) Flush(ctx context.Context) error {
	if b.rows == 0 {
		return nil
	}
	_, err := b.tx.Exec(ctx, b.head+" VALUES "+Placeholders(1, b.rows, b.cols)+" "+b.tail, b.args...)
	if err != nil {
		return fmt.Errorf("%s (%d rows): %w", b.head, b.rows, err)
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// Close lets go of the prepared statement. Rows held and not flushed are dropped.
func (b *Batch) Close() {
	if b.stmt != nil {
		b.stmt.Close()
	}
}

// Placeholders writes rows groups of cols numbered parameters, the first numbered
// first: Placeholders(1, 2, 2) is "($1, $2), ($3, $4)".
func Placeholders(first, rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * cols * 7)
	n := first - 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		}
		b.WriteByte(')')
	}
	return b.String()
}
