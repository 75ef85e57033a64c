package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-health/vigil/internal/store"
	"github.com/vigil-health/vigil/internal/store/storetest"
)

// schema is what both dialects' migrations must agree on: the tables, their
// columns (name and whether they may be null), and every index by its
// columns and uniqueness. Types differ by design (TIMESTAMP and timestamptz,
// INTEGER and boolean), so they are not compared.
type schema map[string]*table

type table struct {
	columns []string // "name" or "name null"
	indexes []string // "unique (a, b)" or "(a)"
}

// TestBothDialectsHaveTheSameSchema migrates a fresh database on each engine
// and compares what the migrations made: a table or index added to one
// dialect's folder and not the other's fails here.
func TestBothDialectsHaveTheSameSchema(t *testing.T) {
	ctx := context.Background()
	lite, err := sqliteSchema(ctx, storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 10 {
		t.Fatalf("SQLite schema has only %d tables", len(lite))
	}
	pg, err := postgresSchema(ctx, storetest.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range sortedKeys(lite, pg) {
		l, p := lite[name], pg[name]
		switch {
		case l == nil:
			t.Errorf("table %s is only in the PostgreSQL migrations", name)
		case p == nil:
			t.Errorf("table %s is only in the SQLite migrations", name)
		default:
			if !slices.Equal(l.columns, p.columns) {
				t.Errorf("table %s columns differ:\n  sqlite:   %v\n  postgres: %v", name, l.columns, p.columns)
			}
			if !slices.Equal(l.indexes, p.indexes) {
				t.Errorf("table %s indexes differ:\n  sqlite:   %v\n  postgres: %v", name, l.indexes, p.indexes)
			}
		}
	}
}

func sortedKeys(a, b schema) []string {
	var names []string
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if a[n] == nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// firstColumn reads the first column of every row.
func firstColumn(ctx context.Context, q store.Querier, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func sqliteSchema(ctx context.Context, db *store.DB) (schema, error) {
	names, err := firstColumn(ctx, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	out := schema{}
	for _, name := range names {
		tb := &table{}
		rows, err := db.Query(ctx, `SELECT name, "notnull", pk FROM pragma_table_info($1)`, name)
		if err != nil {
			return nil, err
		}
		var pk []string
		for rows.Next() {
			var col string
			var notNull, pkPos int
			if err := rows.Scan(&col, &notNull, &pkPos); err != nil {
				rows.Close()
				return nil, err
			}
			tb.columns = append(tb.columns, column(col, notNull == 0 && pkPos == 0))
			if pkPos > 0 {
				pk = append(pk, col) // pragma_table_info lists columns in table order; pk order is by pkPos
			}
		}
		rows.Close()
		if len(pk) > 0 {
			tb.indexes = append(tb.indexes, index(true, pk))
		}
		idx, err := db.Query(ctx, `SELECT name, "unique", origin FROM pragma_index_list($1)`, name)
		if err != nil {
			return nil, err
		}
		type ix struct {
			name   string
			unique bool
		}
		var list []ix
		for idx.Next() {
			var n, origin string
			var unique int
			if err := idx.Scan(&n, &unique, &origin); err != nil {
				idx.Close()
				return nil, err
			}
			if origin != "pk" {
				list = append(list, ix{n, unique == 1})
			}
		}
		idx.Close()
		for _, x := range list {
			cols, err := firstColumn(ctx, db, `SELECT name FROM pragma_index_info($1) ORDER BY seqno`, x.name)
			if err != nil {
				return nil, err
			}
			tb.indexes = append(tb.indexes, index(x.unique, cols))
		}
		finish(tb)
		out[name] = tb
	}
	return out, nil
}

func postgresSchema(ctx context.Context, db *store.DB) (schema, error) {
	names, err := firstColumn(ctx, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`)
	if err != nil {
		return nil, err
	}
	out := schema{}
	for _, name := range names {
		tb := &table{}
		rows, err := db.Query(ctx, `SELECT c.column_name, c.is_nullable = 'YES' AND NOT EXISTS (
				SELECT 1 FROM information_schema.table_constraints k JOIN information_schema.key_column_usage u
				ON u.constraint_name = k.constraint_name AND u.table_name = k.table_name
				WHERE k.table_name = c.table_name AND k.constraint_type = 'PRIMARY KEY' AND u.column_name = c.column_name)
			FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = $1 ORDER BY c.ordinal_position`, name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var col string
			var nullable bool
			if err := rows.Scan(&col, &nullable); err != nil {
				rows.Close()
				return nil, err
			}
			tb.columns = append(tb.columns, column(col, nullable))
		}
		rows.Close()
		idx, err := db.Query(ctx, `SELECT i.indisunique, array_to_string(ARRAY(
				SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n), ',')
			FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname = $1`, name)
		if err != nil {
			return nil, err
		}
		for idx.Next() {
			var unique bool
			var cols string
			if err := idx.Scan(&unique, &cols); err != nil {
				idx.Close()
				return nil, err
			}
			tb.indexes = append(tb.indexes, index(unique, strings.Split(cols, ",")))
		}
		idx.Close()
		finish(tb)
		out[name] = tb
	}
	return out, nil
}

func column(name string, nullable bool) string {
	if nullable {
		return name + " null"
	}
	return name
}

func index(unique bool, cols []string) string {
	s := "(" + strings.Join(cols, ", ") + ")"
	if unique {
		return "unique " + s
	}
	return s
}

// finish puts a table's lists in an order both engines share.
func finish(t *table) {
	slices.Sort(t.columns)
	slices.Sort(t.indexes)
	t.indexes = slices.Compact(t.indexes)
}
