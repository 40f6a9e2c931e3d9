package notify

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fakeSender returns, for each message ID, the scripted errors in turn
// (nil once the script is used up), and counts the calls.
type fakeSender struct {
	mu     sync.Mutex
	script map[int64][]error
	always map[int64]error
	calls  map[int64]int
}

func newFakeSender() *fakeSender {
	return &fakeSender{script: map[int64][]error{}, always: map[int64]error{}, calls: map[int64]int{}}
}

func (f *fakeSender) Send(ctx context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[m.ID]++
	if err, ok := f.always[m.ID]; ok {
		return err
	}
	if s := f.script[m.ID]; len(s) > 0 {
		f.script[m.ID] = s[1:]
		return s[0]
	}
	return nil
}

func (f *fakeSender) Calls(id int64) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[id]
}

func setup() (*MemoryOutbox, *fakeSender, *fakeClock, *Dispatcher) {
	ob, fs, clk := NewMemoryOutbox(), newFakeSender(), &fakeClock{t: t0}
	return ob, fs, clk, &Dispatcher{Outbox: ob, Sender: fs, Now: clk.Now}
}

func runOnce(t *testing.T, d *Dispatcher) (int, int) {
	t.Helper()
	sent, failed, err := d.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return sent, failed
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{0, time.Minute}, {1, time.Minute}, {2, 2 * time.Minute}, {3, 4 * time.Minute},
		{7, 64 * time.Minute}, {9, 256 * time.Minute}, {10, 6 * time.Hour}, {11, 6 * time.Hour},
		{64, 6 * time.Hour}, {1 << 30, 6 * time.Hour},
	}
	for _, tt := range tests {
		if got := DefaultBackoff(tt.attempt); got != tt.want {
			t.Errorf("DefaultBackoff(%d) = %v, want %v", tt.attempt, got, tt.want)
		}
	}
}

// TestDispatcherRetries: a message failing with a retryable error is
// retried at exactly t+1m, +2m, +4m, … and is dead after 8 attempts.
func TestDispatcherRetries(t *testing.T) {
	ob, fs, clk, d := setup()
	id := ob.Add(Message{Channel: ChannelEmail, To: "a@example.gov.cn", Subject: "提醒"})
	fs.always[id] = errors.New("connection refused")
	wantWaits := []time.Duration{1, 2, 4, 8, 16, 32, 64} // minutes
	for attempt := 1; attempt <= 8; attempt++ {
		failedAt := clk.Now()
		if sent, failed := runOnce(t, d); sent != 0 || failed != 1 {
			t.Fatalf("attempt %d: sent %d failed %d", attempt, sent, failed)
		}
		r, _ := ob.Get(id)
		if r.Attempts != attempt || r.LastError != "connection refused" {
			t.Fatalf("attempt %d: record %+v", attempt, r)
		}
		if attempt == 8 {
			if !r.Dead || !r.NextAt.IsZero() {
				t.Fatalf("after 8 attempts: dead %v next %v", r.Dead, r.NextAt)
			}
			break
		}
		want := failedAt.Add(wantWaits[attempt-1] * time.Minute)
		if r.Dead || !r.NextAt.Equal(want) {
			t.Fatalf("attempt %d: dead %v next %v, want %v", attempt, r.Dead, r.NextAt, want)
		}
		clk.Set(want.Add(-time.Second)) // not yet due
		if sent, failed := runOnce(t, d); sent+failed != 0 {
			t.Fatalf("attempt %d: retried %v early", attempt, time.Second)
		}
		clk.Set(want)
	}
	clk.Add(30 * 24 * time.Hour)
	if sent, failed := runOnce(t, d); sent+failed != 0 {
		t.Error("a dead message was tried again")
	}
	if n := fs.Calls(id); n != 8 {
		t.Errorf("%d calls, want 8", n)
	}
}

// TestDispatcherOutcomes: success, permanent failure, recovery after
// failures, custom MaxAttempts and Backoff.
func TestDispatcherOutcomes(t *testing.T) {
	perm := Permanent(errors.New("550 no such user"))
	tests := []struct {
		name        string
		script      []error
		maxAttempts int
		backoff     func(int) time.Duration
		runs        int // RunOnce calls, the clock moving a day between them
		wantCalls   int
		wantSent    bool
		wantDead    bool
		wantTries   int // Attempts recorded (failed attempts)
		wantNextIn  time.Duration
	}{
		{name: "sent at once", runs: 3, wantCalls: 1, wantSent: true},
		{name: "permanent is dead at once", script: []error{perm}, runs: 3, wantCalls: 1, wantDead: true, wantTries: 1},
		{name: "wrapped permanent", script: []error{errors.Join(errors.New("x"), perm)}, runs: 2, wantCalls: 1, wantDead: true, wantTries: 1},
		{name: "recovers", script: []error{errors.New("a"), errors.New("b")}, runs: 5, wantCalls: 3, wantSent: true, wantTries: 2},
		{name: "max 3", script: []error{errors.New("a"), errors.New("b"), errors.New("c"), errors.New("d")},
			maxAttempts: 3, runs: 6, wantCalls: 3, wantDead: true, wantTries: 3},
		{name: "custom backoff", script: []error{errors.New("a")}, backoff: func(n int) time.Duration { return time.Duration(n) * time.Hour * 48 },
			runs: 1, wantCalls: 1, wantTries: 1, wantNextIn: 48 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ob, fs, clk, d := setup()
			d.MaxAttempts, d.Backoff = tt.maxAttempts, tt.backoff
			id := ob.Add(Message{Channel: ChannelWeCom, To: "https://example.com/hook"})
			fs.script[id] = tt.script
			for i := 0; i < tt.runs; i++ {
				runOnce(t, d)
				if i < tt.runs-1 {
					clk.Add(24 * time.Hour)
				}
			}
			r, _ := ob.Get(id)
			if fs.Calls(id) != tt.wantCalls || !r.SentAt.IsZero() != tt.wantSent || r.Dead != tt.wantDead || r.Attempts != tt.wantTries {
				t.Errorf("calls %d, record %+v", fs.Calls(id), r)
			}
			if tt.wantNextIn != 0 && !r.NextAt.Equal(clk.Now().Add(tt.wantNextIn)) {
				t.Errorf("next %v, want now+%v", r.NextAt, tt.wantNextIn)
			}
		})
	}
}

// TestDispatcherOrderAndBatch: due messages go oldest first, Batch at a
// time; future ones wait; sent ones are never sent again.
func TestDispatcherOrderAndBatch(t *testing.T) {
	ob, fs, clk, d := setup()
	d.Batch = 2
	var order []int64
	d.Sender = SenderFunc(func(ctx context.Context, m Message) error {
		order = append(order, m.ID)
		return fs.Send(ctx, m)
	})
	late := ob.Add(Message{Subject: "later", NextAt: t0.Add(time.Hour)})
	a := ob.Add(Message{Subject: "a", NextAt: t0.Add(-time.Minute)})
	b := ob.Add(Message{Subject: "b"})
	c := ob.Add(Message{Subject: "c", NextAt: t0.Add(-time.Hour)})
	if s, _ := runOnce(t, d); s != 2 {
		t.Fatalf("first run sent %d", s)
	}
	if s, _ := runOnce(t, d); s != 1 {
		t.Fatalf("second run sent %d", s)
	}
	if s, _ := runOnce(t, d); s != 0 {
		t.Fatalf("third run sent %d", s)
	}
	clk.Add(time.Hour)
	runOnce(t, d)
	runOnce(t, d)
	want := []int64{b, c, a, late} // zero NextAt first, then by NextAt
	if len(order) != len(want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}

// TestDispatcherCancelled: a send interrupted by cancellation is not
// counted as an attempt; the message stays due.
func TestDispatcherCancelled(t *testing.T) {
	ob, _, _, d := setup()
	id := ob.Add(Message{Subject: "x"})
	ctx, cancel := context.WithCancel(context.Background())
	d.Sender = SenderFunc(func(ctx context.Context, m Message) error {
		cancel()
		<-ctx.Done()
		return ctx.Err()
	})
	if _, _, err := d.RunOnce(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if r, _ := ob.Get(id); r.Attempts != 0 || r.Dead || !r.SentAt.IsZero() {
		t.Errorf("record %+v", r)
	}
	// A send that succeeds as the context is cancelled is still recorded.
	ctx, cancel = context.WithCancel(context.Background())
	d.Sender = SenderFunc(func(context.Context, Message) error { cancel(); return nil })
	if sent, _, _ := d.RunOnce(ctx); sent != 1 {
		t.Errorf("sent %d", sent)
	}
	if r, _ := ob.Get(id); r.SentAt.IsZero() {
		t.Error("delivered message not marked sent")
	}
}

// TestDispatcherPanic: a panicking sender is a retryable failure.
func TestDispatcherPanic(t *testing.T) {
	ob, _, _, d := setup()
	id := ob.Add(Message{})
	d.Sender = SenderFunc(func(context.Context, Message) error { panic("boom") })
	if _, failed := runOnce(t, d); failed != 1 {
		t.Fatal("panic not counted as a failure")
	}
	if r, _ := ob.Get(id); r.Dead || r.Attempts != 1 || r.LastError != "notify: sender panicked: boom" {
		t.Errorf("record %+v", r)
	}
}

// brokenOutbox fails MarkSent.
type brokenOutbox struct{ *MemoryOutbox }

func (brokenOutbox) MarkSent(context.Context, int64, time.Time) error { return errors.New("db down") }

func TestDispatcherOutboxError(t *testing.T) {
	ob, fs, clk, _ := setup()
	ob.Add(Message{})
	ob.Add(Message{})
	d := &Dispatcher{Outbox: brokenOutbox{ob}, Sender: fs, Now: clk.Now}
	sent, _, err := d.RunOnce(context.Background())
	if err == nil || sent != 1 {
		t.Errorf("sent %d, err %v; want 1 and the outbox error", sent, err)
	}
	if _, _, err := (&Dispatcher{}).RunOnce(context.Background()); err == nil {
		t.Error("a Dispatcher without Outbox and Sender ran")
	}
}

// TestDispatcherRun: Run drains a backlog larger than a batch at once,
// then returns when the context is done.
func TestDispatcherRun(t *testing.T) {
	ob := NewMemoryOutbox()
	for range 5 {
		ob.Add(Message{})
	}
	var n atomic.Int32
	allSent := make(chan struct{})
	d := &Dispatcher{Outbox: ob, Batch: 2, Sender: SenderFunc(func(context.Context, Message) error {
		if n.Add(1) == 5 {
			close(allSent)
		}
		return nil
	})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx, time.Hour) }()
	select {
	case <-allSent:
	case <-time.After(5 * time.Second):
		t.Fatal("backlog not drained without waiting for the tick")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
	for _, r := range ob.Records() {
		if r.SentAt.IsZero() {
			t.Errorf("message %d not marked sent", r.ID)
		}
	}
}

// TestEndToEndWeCom: outbox → dispatcher → router → WeCom robot that
// fails once with HTTP 500, then accepts.
func TestEndToEndWeCom(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			http.Error(w, "busy", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	defer srv.Close()
	ob, clk := NewMemoryOutbox(), &fakeClock{t: t0}
	m := PeriodDue("示例区教育局", "新增学位10340个", "2024-3-1", "2024年第一季度", testDay, "")
	m.Channel, m.To = ChannelWeCom, srv.URL+"/cgi-bin/webhook/send?key=K"
	id := ob.Add(m)
	d := &Dispatcher{Outbox: ob, Sender: Router{Webhook: WebhookSender{}}, Now: clk.Now}
	if _, failed := runOnce(t, d); failed != 1 {
		t.Fatal("first attempt should fail")
	}
	r, _ := ob.Get(id)
	if r.Dead || !r.NextAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after HTTP 500: %+v", r)
	}
	clk.Add(time.Minute)
	if sent, _ := runOnce(t, d); sent != 1 {
		t.Fatal("retry not sent")
	}
	if r, _ := ob.Get(id); !r.SentAt.Equal(t0.Add(time.Minute)) || r.Attempts != 1 {
		t.Errorf("record %+v", r)
	}
}
