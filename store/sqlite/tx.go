package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// writeTx is a write transaction holding the writer token until Commit or
// Rollback, whichever comes first.
type writeTx struct {
	*sql.Tx
	release     func()
	checkpoints *checkpointer
}

// Commit commits the transaction, releases the writer token and has the
// log checkpointed.
func (t *writeTx) Commit() error {
	defer t.done()
	if err := t.Tx.Commit(); err != nil {
		return err
	}
	t.checkpoints.written()
	return nil
}

// Rollback rolls back the transaction (an error once committed) and
// releases the writer token.
func (t *writeTx) Rollback() error {
	defer t.done()
	return t.Tx.Rollback()
}

func (t *writeTx) done() {
	if t.release != nil {
		t.release()
		t.release = nil
	}
}

// takeWriter waits for the writer token and returns its release.
func (d *DB) takeWriter(ctx context.Context) (func(), error) {
	select {
	case d.writer <- struct{}{}:
		return func() { <-d.writer }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// beginWrite waits for the writer token and begins an immediate
// transaction.
func (d *DB) beginWrite(ctx context.Context) (*writeTx, error) {
	release, err := d.takeWriter(ctx)
	if err != nil {
		return nil, err
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		release()
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return &writeTx{Tx: tx, release: release, checkpoints: d.checkpoints}, nil
}

// bulkWriter says how SaveReport writes rows in its transaction: with
// the statements of its connection pool.
type bulkWriter struct {
	stmts *stmtCache
}

// beginBulk begins a write transaction like beginWrite, for SaveReport.
// In a database file it runs on the bulk connections, which do not check
// foreign keys: SaveReport checks what it refers to (the government, the
// units) in the transaction, gives every row the id of a parent it
// inserts in the same transaction, and deletes a replaced report's rows
// itself, child tables first. The checks would take a sixth of the time of
// an import; turning them off and on per transaction would expire the
// prepared statements. In memory the checks stay on.
func (d *DB) beginBulk(ctx context.Context) (*writeTx, bulkWriter, error) {
	if d.bulk == nil {
		tx, err := d.beginWrite(ctx)
		return tx, bulkWriter{stmts: d.stmts}, err
	}
	release, err := d.takeWriter(ctx)
	if err != nil {
		return nil, bulkWriter{}, err
	}
	tx, err := d.bulk.BeginTx(ctx, nil)
	if err != nil {
		release()
		return nil, bulkWriter{}, fmt.Errorf("sqlite: begin: %w", err)
	}
	return &writeTx{Tx: tx, release: release, checkpoints: d.checkpoints}, bulkWriter{d.bulkStmts}, nil
}

// beginRead begins a read-only (deferred) transaction: a consistent
// snapshot that does not block writers.
func (d *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return tx, nil
}
