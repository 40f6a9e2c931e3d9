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
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// dialect is PostgreSQL's side of sqlstore.Dialect, over a pgxpool.
type dialect struct {
	pool *pgxpool.Pool
	// replicas serve reads when set (see replica.go).
	replicas *replicaSet
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
	if m == sqlstore.Read {
		if r := d.replicas.pick(); r != nil {
			tx, err := r.pool.BeginTx(ctx, opts)
			if err == nil {
				return &pgTx{d: d, tx: tx}, nil
			}
			if ctx.Err() != nil {
				return nil, err
			}
			d.replicas.failed(r)
		}
	}
	tx, err := d.pool.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &pgTx{d: d, tx: tx, write: m != sqlstore.Read}, nil
}

func (d *dialect) Pool() sqlstore.Querier { return pgPool{d} }

// pgPool runs statements on the pool, outside a transaction.
type pgPool struct{ d *dialect }

func (p pgPool) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := p.d.pool.Exec(ctx, p.d.number(query), args...)
	return tag.RowsAffected(), err
}

func (p pgPool) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	q := p.d.number(query)
	if r := p.d.replicas.pick(); r != nil {
		rows, err := r.pool.Query(ctx, q, args...)
		if err == nil {
			return &replicaRows{Rows: rows, ctx: ctx, d: p.d, r: r, query: q, args: args}, nil
		}
		if ctx.Err() != nil || !unreachable(err) {
			return nil, err
		}
		p.d.replicas.failed(r)
	}
	rows, err := p.d.pool.Query(ctx, q, args...)
	return pgRows{rows}, err
}

// replicaRows are the rows of a query on a replica; when the replica is
// found unreachable before the first row, the query is run again on the
// primary.
type replicaRows struct {
	pgx.Rows
	ctx   context.Context
	d     *dialect
	r     *replica
	query string
	args  []any
	seen  bool // a row was read, or the query moved to the primary
}

func (rr *replicaRows) Scan(dest ...any) error { return rr.Rows.Scan(native(dest)...) }

func (rr *replicaRows) Next() bool {
	if rr.Rows.Next() {
		rr.seen = true
		return true
	}
	err := rr.Rows.Err()
	if rr.seen || err == nil || rr.ctx.Err() != nil || !unreachable(err) {
		return false
	}
	rr.seen = true
	rr.d.replicas.failed(rr.r)
	rr.Rows.Close()
	rows, qerr := rr.d.pool.Query(rr.ctx, rr.query, rr.args...)
	if qerr != nil {
		rr.Rows = errRows{rr.Rows, qerr}
		return false
	}
	rr.Rows = rows
	return rr.Rows.Next()
}

// errRows are closed rows whose error is err.
type errRows struct {
	pgx.Rows
	err error
}

func (e errRows) Next() bool        { return false }
func (e errRows) Err() error        { return e.err }
func (e errRows) Scan(...any) error { return e.err }

func (p pgPool) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	q := p.d.number(query)
	if r := p.d.replicas.pick(); r != nil {
		return replicaRow{ctx: ctx, d: p.d, r: r, query: q, args: args}
	}
	return pgRow{p.d.pool.QueryRow(ctx, q, args...)}
}

// replicaRow reads a row from a replica, and from the primary when the
// replica cannot be reached.
type replicaRow struct {
	ctx   context.Context
	d     *dialect
	r     *replica
	query string
	args  []any
}

func (rr replicaRow) Scan(dest ...any) error {
	err := pgRow{rr.r.pool.QueryRow(rr.ctx, rr.query, rr.args...)}.Scan(dest...)
	if err == nil || errors.Is(err, sqlstore.ErrNoRows) || rr.ctx.Err() != nil || !unreachable(err) {
		return err
	}
	rr.d.replicas.failed(rr.r)
	return pgRow{rr.d.pool.QueryRow(rr.ctx, rr.query, rr.args...)}.Scan(dest...)
}

// unreachable reports whether err says the server could not be reached
// or its connection was lost, rather than that the query failed there.
func unreachable(err error) bool {
	var pe *pgconn.PgError
	return !errors.As(err, &pe)
}

// pgTx is a pgx transaction with ? placeholders.
type pgTx struct {
	d     *dialect
	tx    pgx.Tx
	write bool // on the primary, for a write
}

func (t *pgTx) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := t.tx.Exec(ctx, t.d.number(query), args...)
	return tag.RowsAffected(), err
}

func (t *pgTx) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := t.tx.Query(ctx, t.d.number(query), args...)
	return pgRows{rows}, err
}

func (t *pgTx) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return pgRow{t.tx.QueryRow(ctx, t.d.number(query), args...)}
}

func (t *pgTx) Commit(ctx context.Context) error {
	if err := t.tx.Commit(ctx); err != nil {
		return err
	}
	if t.write && t.d.replicas != nil {
		t.d.replicas.wrote(ctx, t.d.pool)
	}
	return nil
}

func (t *pgTx) Rollback(ctx context.Context) error { return t.tx.Rollback(ctx) }

// pgRow gives sqlstore.ErrNoRows for pgx.ErrNoRows.
type pgRow struct{ r pgx.Row }

func (r pgRow) Scan(dest ...any) error {
	err := r.r.Scan(native(dest)...)
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
