package postgres

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"ducha/store/internal/shared"
	"ducha/store/sqlstore"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// dialect is PostgreSQL's side of sqlstore.Dialect, over a pgxpool.
type dialect struct {
	pool *pgxpool.Pool
	// numbered caches queries with ? placeholders numbered $1, $2, …
	numbered sync.Map
}

var _ sqlstore.Dialect = (*dialect)(nil)

func (*dialect) Name() string { return "postgres" }

// number returns query with its ? placeholders numbered, outside quoted
// strings and identifiers.
func (d *dialect) number(query string) string {
	if q, ok := d.numbered.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
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
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	q := b.String()
	d.numbered.Store(query, q)
	return q
}

func (d *dialect) Begin(ctx context.Context, m sqlstore.Mode) (sqlstore.Tx, error) {
	opts := pgx.TxOptions{}
	if m == sqlstore.Read {
		// One snapshot for all the queries of a read.
		opts = pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}
	}
	tx, err := d.pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &pgTx{d: d, tx: tx}, nil
}

func (d *dialect) Pool() sqlstore.Querier { return pgPool{d} }

// pgPool runs statements on the pool, outside a transaction.
type pgPool struct{ d *dialect }

func (p pgPool) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := p.d.pool.Exec(ctx, p.d.number(query), args...)
	return tag.RowsAffected(), err
}

func (p pgPool) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return p.d.pool.Query(ctx, p.d.number(query), args...)
}

func (p pgPool) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return pgRow{p.d.pool.QueryRow(ctx, p.d.number(query), args...)}
}

// pgTx is a pgx transaction with ? placeholders.
type pgTx struct {
	d  *dialect
	tx pgx.Tx
}

func (t *pgTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, t.d.number(query), args...)
	return tag.RowsAffected(), err
}

func (t *pgTx) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return t.tx.Query(ctx, t.d.number(query), args...)
}

func (t *pgTx) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return pgRow{t.tx.QueryRow(ctx, t.d.number(query), args...)}
}

func (t *pgTx) Commit(ctx context.Context) error   { return t.tx.Commit(ctx) }
func (t *pgTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// pgRow gives sqlstore.ErrNoRows for pgx.ErrNoRows.
type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// Copy copies rows in with COPY.
func (d *dialect) Copy(ctx context.Context, q sqlstore.Querier, table string, cols []string, values []any) error {
	if len(values) == 0 {
		return nil
	}
	_, err := q.(*pgTx).tx.CopyFrom(ctx, pgx.Identifier{table}, cols, &flatRows{values: values, n: len(cols)})
	return err
}

// Batch sends the statements in one pgx batch.
func (d *dialect) Batch(ctx context.Context, q sqlstore.Querier, stmts []sqlstore.Stmt) error {
	if len(stmts) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	for _, st := range stmts {
		qq := b.Queue(d.number(st.SQL), st.Args...)
		if st.Dest != nil {
			qq.QueryRow(func(row pgx.Row) error { return row.Scan(st.Dest...) })
		}
	}
	return q.(*pgTx).tx.SendBatch(ctx, b).Close()
}

// Lock takes a lock of table that lets readers on and keeps other batches
// out until the transaction ends.
func (d *dialect) Lock(ctx context.Context, q sqlstore.Querier, table string) error {
	_, err := q.Exec(ctx, `LOCK TABLE `+pgx.Identifier{table}.Sanitize()+` IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

func (*dialect) ForUpdate(of ...string) string {
	if len(of) == 0 {
		return " FOR UPDATE"
	}
	return " FOR UPDATE OF " + strings.Join(of, ", ")
}

func (*dialect) InIDs(col string) string { return col + " = ANY(?)" }

func (*dialect) IDs(ids []int64) any {
	if ids == nil {
		return []int64{}
	}
	return ids
}

func (*dialect) Strings(ss []string) any { return ss }

func (*dialect) JSON(col string) string { return col + "::text" }

func (*dialect) JSONArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (*dialect) Stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Stamp(t)
}

func (*dialect) Date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return shared.Day(t)
}

// NextIDs takes n ids from the sequence of table's id column.
func (d *dialect) NextIDs(ctx context.Context, q sqlstore.Querier, table string, n int) ([]int64, error) {
	if n == 0 {
		return nil, nil
	}
	rows, err := q.Query(ctx, `SELECT nextval(pg_get_serial_sequence(?, 'id')) FROM generate_series(1, ?)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (*dialect) IsUnique(err error) bool     { return pgCode(err) == uniqueViolation }
func (*dialect) IsForeignKey(err error) bool { return pgCode(err) == foreignKeyViolation }
func (*dialect) IsConstraint(err error) bool { return strings.HasPrefix(pgCode(err), "23") }

// Binary orders text by code point.
func (*dialect) Binary(col string) string { return col + ` COLLATE "C"` }

// flatRows is a pgx.CopyFromSource over the values of one row after
// another.
type flatRows struct {
	values []any
	n      int // values a row
	row    []any
}

func (r *flatRows) Next() bool {
	if len(r.values) < r.n {
		return false
	}
	r.row, r.values = r.values[:r.n], r.values[r.n:]
	return true
}

func (r *flatRows) Values() ([]any, error) { return r.row, nil }

func (r *flatRows) Err() error { return nil }
