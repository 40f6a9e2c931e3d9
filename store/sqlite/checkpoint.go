package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// checkpointer copies the write-ahead log into the database file in the
// background, so that a commit only appends to the log. Connections run
// with wal_autocheckpoint off; after each write transaction the
// checkpointer runs a passive checkpoint, which blocks neither readers nor
// the writer, on a connection of its own (and so on another core).
type checkpointer struct {
	db   *sql.DB
	kick chan struct{}
	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

func startCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	c.wg.Go(c.run)
	return c
}

func (c *checkpointer) run() {
	for {
		select {
		case <-c.stop:
			return
		case <-c.kick:
			// Errors (a busy database, a closing one) only delay the
			// copy: the next write kicks again, and closing the last
			// connection checkpoints.
			c.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}

// written tells the checkpointer that the log has grown.
func (c *checkpointer) written() {
	if c == nil {
		return
	}
	select {
	case c.kick <- struct{}{}:
	default: // a checkpoint is due already
	}
}

// close stops the checkpointer and waits for it; it may be called again.
func (c *checkpointer) close() {
	if c == nil {
		return
	}
	c.once.Do(func() { close(c.stop) })
	c.wg.Wait()
}
