package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Read replicas.
//
// A store opened with replicas sends read-only transactions and single
// reads to a streaming replica, and everything that writes to the primary.
// Reads see the process's own writes: after each write transaction the
// store notes the primary's WAL position, and a replica serves reads only
// once it has replayed up to the latest position noted (each replica's
// replay position is polled every pollEvery). A replica that lags, or that
// cannot be reached, leaves its reads to the primary until it catches up or
// answers again, so a replica going down degrades to the primary rather
// than failing requests. Processes do not share their positions: several
// servers behind one balancer each see their own writes at once and the
// others' after the replica's lag.

// pollEvery is how often the replicas' replay positions are read.
const pollEvery = 100 * time.Millisecond

// replica is one read replica.
type replica struct {
	pool     *pgxpool.Pool
	name     string        // host:port, for errors and statistics
	replayed atomic.Uint64 // the last replay position read
	up       atomic.Bool   // answered the last poll
}

// replicaSet is the replicas of a store.
type replicaSet struct {
	list    []*replica
	written atomic.Uint64 // the primary's position after this process's latest write
	next    atomic.Uint32
	// ReplicaReads and PrimaryReads count where reads went.
	replicaReads, primaryReads atomic.Int64
	stop                       chan struct{}
	done                       sync.WaitGroup
}

// ReplicaStats says where the reads of a store with replicas went.
type ReplicaStats struct {
	ReplicaReads, PrimaryReads int64
	// Up names the replicas that answered the last poll, Caught those of
	// them that have replayed this process's latest write.
	Up, Caught []string
}

// openReplicas connects to the replicas and starts polling them. A replica
// that cannot be reached now is kept and used once it answers.
func openReplicas(ctx context.Context, cfgs []*pgxpool.Config) (*replicaSet, error) {
	s := &replicaSet{stop: make(chan struct{})}
	for _, cfg := range cfgs {
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("postgres: replica: %w", err)
		}
		r := &replica{pool: pool, name: cfg.ConnConfig.Host + ":" + strconv.Itoa(int(cfg.ConnConfig.Port))}
		s.list = append(s.list, r)
	}
	s.poll(ctx)
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(pollEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.poll(context.Background())
			}
		}
	}()
	return s, nil
}

// poll reads every replica's replay position.
func (s *replicaSet) poll(ctx context.Context) {
	for _, r := range s.list {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		var lsn string
		err := r.pool.QueryRow(ctx, `SELECT coalesce(pg_last_wal_replay_lsn()::text, '')`).Scan(&lsn)
		cancel()
		pos, ok := parseLSN(lsn)
		if err != nil || !ok {
			r.up.Store(false)
			continue
		}
		r.replayed.Store(pos)
		r.up.Store(true)
	}
}

// wrote notes the primary's WAL position after a committed write.
func (s *replicaSet) wrote(ctx context.Context, primary *pgxpool.Pool) {
	var lsn string
	if err := primary.QueryRow(ctx, `SELECT pg_current_wal_lsn()::text`).Scan(&lsn); err != nil {
		// Unknown: no replica may serve until a later write is noted.
		s.written.Store(^uint64(0))
		return
	}
	if pos, ok := parseLSN(lsn); ok {
		for {
			old := s.written.Load()
			if (pos <= old && old != ^uint64(0)) || s.written.CompareAndSwap(old, pos) {
				break
			}
		}
	}
}

// pick returns the pool of a replica that is up and has replayed this
// process's latest write, taking turns among them; nil when there is
// none, for the primary.
func (s *replicaSet) pick() *replica {
	if s == nil {
		return nil
	}
	w := s.written.Load()
	n := len(s.list)
	start := int(s.next.Add(1))
	for i := range n {
		r := s.list[(start+i)%n]
		if r.up.Load() && r.replayed.Load() >= w {
			s.replicaReads.Add(1)
			return r
		}
	}
	s.primaryReads.Add(1)
	return nil
}

// failed marks r down after an error reaching it.
func (s *replicaSet) failed(r *replica) { r.up.Store(false) }

func (s *replicaSet) stats() ReplicaStats {
	st := ReplicaStats{ReplicaReads: s.replicaReads.Load(), PrimaryReads: s.primaryReads.Load()}
	w := s.written.Load()
	for _, r := range s.list {
		if r.up.Load() {
			st.Up = append(st.Up, r.name)
			if r.replayed.Load() >= w {
				st.Caught = append(st.Caught, r.name)
			}
		}
	}
	return st
}

func (s *replicaSet) close() {
	if s == nil {
		return
	}
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
	s.done.Wait()
	for _, r := range s.list {
		r.pool.Close()
	}
}

// parseLSN parses a WAL position written as PostgreSQL writes it (16/B374D848).
func parseLSN(s string) (uint64, bool) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, false
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return h<<32 | l, true
}
