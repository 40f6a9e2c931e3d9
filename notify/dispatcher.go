package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Dispatcher defaults.
const (
	DefaultMaxAttempts = 8
	DefaultBatch       = 100
	// MaxBackoff caps DefaultBackoff.
	MaxBackoff = 6 * time.Hour
	// markTimeout bounds the outbox update after a send, which runs even
	// when the dispatcher's context is cancelled meanwhile.
	markTimeout = 10 * time.Second
	// maxLastError is how much of an error message is stored.
	maxLastError = 1000
)

// Dispatcher delivers the due messages of an Outbox through a Sender and
// records each outcome. A failed message is retried after Backoff(n),
// n being its number of failed attempts so far; it is dead after
// MaxAttempts failures, or at once on a PermanentError.
type Dispatcher struct {
	Outbox Outbox
	Sender Sender
	// MaxAttempts is the number of attempts before a message is dead;
	// 0 means DefaultMaxAttempts.
	MaxAttempts int
	// Backoff is the wait after the attempt-th failure; nil means
	// DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives one record per outcome; nil discards them. Records
	// carry the message ID and channel, never the recipient (a webhook
	// URL holds a credential).
	Log *slog.Logger
	// Batch is the most messages one RunOnce handles; 0 means
	// DefaultBatch.
	Batch int
}

// DefaultBackoff is 1m after the first failure, then doubling (2m, 4m,
// …), capped at MaxBackoff; it has no jitter, so schedules are exact.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Minute
	for i := 1; i < attempt; i++ {
		d *= 2
		if d >= MaxBackoff {
			return MaxBackoff
		}
	}
	return d
}

// RunOnce delivers the messages due now, one at a time, and reports how
// many were sent and how many failed (to be retried, or dead). It stops
// at the first error of the Outbox, returning it, and when ctx is done,
// returning ctx.Err(); a send interrupted by ctx does not count as an
// attempt.
func (d *Dispatcher) RunOnce(ctx context.Context) (sent, failed int, err error) {
	if d.Outbox == nil || d.Sender == nil {
		return 0, 0, errors.New("notify: Dispatcher needs an Outbox and a Sender")
	}
	msgs, err := d.Outbox.Due(ctx, d.now(), d.batch())
	if err != nil {
		return 0, 0, fmt.Errorf("notify: outbox: %w", err)
	}
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return sent, failed, err
		}
		sendErr := d.send(ctx, m)
		if sendErr != nil && ctx.Err() != nil {
			return sent, failed, ctx.Err() // not the message's fault: it stays due
		}
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
		err := d.record(mctx, m, sendErr)
		cancel()
		if sendErr == nil {
			sent++
		} else {
			failed++
		}
		if err != nil {
			return sent, failed, fmt.Errorf("notify: outbox: %w", err)
		}
	}
	return sent, failed, nil
}

// send calls the Sender, turning a panic into a retryable error.
func (d *Dispatcher) send(ctx context.Context, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("notify: sender panicked: %v", r)
		}
	}()
	return d.Sender.Send(ctx, m)
}

// record stores the outcome of one attempt at m.
func (d *Dispatcher) record(ctx context.Context, m Message, sendErr error) error {
	log := d.log().With("id", m.ID, "channel", string(m.Channel))
	at := d.now()
	if sendErr == nil {
		log.Info("notify: sent", "attempt", m.Attempts+1)
		return d.Outbox.MarkSent(ctx, m.ID, at)
	}
	attempts := m.Attempts + 1
	dead := IsPermanent(sendErr) || attempts >= d.maxAttempts()
	var next time.Time
	if dead {
		log.Error("notify: dead", "attempts", attempts, "permanent", IsPermanent(sendErr), "err", sendErr)
	} else {
		next = at.Add(d.backoff(attempts))
		log.Warn("notify: will retry", "attempts", attempts, "next", next, "err", sendErr)
	}
	return d.Outbox.MarkFailed(ctx, m.ID, attempts, next, truncateUTF8(sendErr.Error(), maxLastError), dead)
}

// Run calls RunOnce now and then every interval (default one minute)
// until ctx is done, and returns ctx.Err(). A full batch is followed at
// once by another, so a backlog drains without waiting. Outbox errors are
// logged and retried at the next tick.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) error {
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			sent, failed, err := d.RunOnce(ctx)
			if err != nil {
				if ctx.Err() == nil {
					d.log().Error("notify: dispatch", "err", err)
				}
				break
			}
			if sent+failed < d.batch() {
				break
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func (d *Dispatcher) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Dispatcher) backoff(attempt int) time.Duration {
	if d.Backoff != nil {
		return d.Backoff(attempt)
	}
	return DefaultBackoff(attempt)
}

func (d *Dispatcher) maxAttempts() int {
	if d.MaxAttempts > 0 {
		return d.MaxAttempts
	}
	return DefaultMaxAttempts
}

func (d *Dispatcher) batch() int {
	if d.Batch > 0 {
		return d.Batch
	}
	return DefaultBatch
}

func (d *Dispatcher) log() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.New(slog.DiscardHandler)
}

// truncateUTF8 cuts s to at most n bytes on a rune boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
