package notify

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestMemoryOutbox(t *testing.T) {
	ctx := context.Background()
	ob := NewMemoryOutbox()
	a := ob.Add(Message{ID: 99, Subject: "a"})
	b := ob.Add(Message{Subject: "b", NextAt: t0.Add(time.Hour)})
	if a != 1 || b != 2 {
		t.Fatalf("ids %d %d", a, b)
	}
	due, _ := ob.Due(ctx, t0, 0)
	if len(due) != 1 || due[0].ID != a {
		t.Fatalf("due %+v", due)
	}
	if err := ob.MarkSent(ctx, a, t0); err != nil {
		t.Fatal(err)
	}
	if err := ob.MarkFailed(ctx, b, 1, time.Time{}, "x", true); err != nil {
		t.Fatal(err)
	}
	if due, _ := ob.Due(ctx, t0.Add(48*time.Hour), 0); len(due) != 0 {
		t.Errorf("sent or dead messages due: %+v", due)
	}
	if err := ob.MarkSent(ctx, 7, t0); !errors.Is(err, ErrNoMessage) {
		t.Errorf("MarkSent(unknown) = %v", err)
	}
	if err := ob.MarkFailed(ctx, 7, 1, t0, "", false); !errors.Is(err, ErrNoMessage) {
		t.Errorf("MarkFailed(unknown) = %v", err)
	}
	all := ob.All()
	if len(all) != 2 || all[0].Subject != "a" || all[1].LastError != "x" {
		t.Errorf("All = %+v", all)
	}
	all[0].Subject = "changed"
	if r, _ := ob.Get(a); r.Subject != "a" {
		t.Error("All shares memory with the outbox")
	}
	ctxDone, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ob.Due(ctxDone, t0, 0); err == nil {
		t.Error("Due ignores a done context")
	}
}

// TestMemoryOutboxConcurrent is for the race detector.
func TestMemoryOutboxConcurrent(t *testing.T) {
	ctx := context.Background()
	ob := NewMemoryOutbox()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				id := ob.Add(Message{})
				ob.Due(ctx, time.Now(), 10)
				ob.MarkFailed(ctx, id, 1, time.Now(), "x", false)
				ob.MarkSent(ctx, id, time.Now())
				ob.All()
			}
		})
	}
	wg.Wait()
	if n := len(ob.All()); n != 400 {
		t.Errorf("%d messages", n)
	}
}
