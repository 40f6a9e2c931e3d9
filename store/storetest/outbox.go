package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"ducha/ledger"
	"ducha/notify"
)

// message returns a message to the education bureau's robot.
func message(subject string) notify.Message {
	return notify.Message{Channel: notify.ChannelWeCom, To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
		Subject: subject, Body: "您单位承担的以下承诺事项需填报进展情况。", Link: "https://ducha.example/c/1"}
}

// subjects returns the subjects of ms.
func subjects(ms []notify.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// recordSubjects returns the subjects of rs.
func recordSubjects(rs []notify.Record) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Subject)
	}
	return out
}

func testEnqueue(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	for _, tt := range []struct {
		key   string
		m     notify.Message
		added bool
	}{
		{"", message("a"), true},
		{"", message("a"), true}, // no key: always added
		{"remind/2024-Q2/42", message("b"), true},
		{"remind/2024-Q2/42", message("b again"), false}, // never twice
		{"remind/2024-Q2/43", message("c"), true},
	} {
		added, err := s.Enqueue(ctx, tt.key, tt.m)
		if err != nil || added != tt.added {
			t.Fatalf("Enqueue(%q, %s) = %v, %v; want %v", tt.key, tt.m.Subject, added, err, tt.added)
		}
	}
	dingtalk := message("d")
	dingtalk.Channel, dingtalk.Secret = notify.ChannelDingTalk, "SEC000"
	dingtalk.ID, dingtalk.Attempts, dingtalk.LastError = 99, 5, "stale" // the delivery state starts afresh
	if _, err := s.Enqueue(ctx, "", dingtalk); err != nil {
		t.Fatal(err)
	}
	all := must(s.OutboxMessages(ctx, 0))(t)
	diff(t, "OutboxMessages", []string{"d", "c", "b", "a", "a"}, recordSubjects(all))
	got := all[0]
	if got.ID <= 0 || got.ID == 99 || got.Attempts != 0 || got.LastError != "" || got.Secret != "SEC000" ||
		got.Channel != notify.ChannelDingTalk || got.Dead || !got.SentAt.IsZero() || !got.NextAt.IsZero() {
		t.Fatalf("queued message: %+v", got)
	}
	want := message("c")
	want.ID = all[1].ID
	diff(t, "a queued message", notify.Record{Message: want}, all[1])
	diff(t, "OutboxMessages(2)", []string{"d", "c"}, recordSubjects(must(s.OutboxMessages(ctx, 2))(t)))

	for name, m := range map[string]notify.Message{
		"unknown channel": {Channel: "fax", To: "0931-1234567"},
		"no recipient":    {Channel: notify.ChannelEmail, To: " "},
	} {
		if _, err := s.Enqueue(ctx, "", m); ledger.ErrorCode(err) != ledger.EInvalid {
			t.Errorf("Enqueue %s: %v", name, err)
		}
	}
	wantErr(t, s.MarkSent(ctx, got.ID+1000, time.Now()), ledger.ENotFound)
	wantErr(t, s.MarkFailed(ctx, got.ID+1000, 1, time.Now(), "x", false), ledger.ENotFound)
}

func testOutboxLease(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	now := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	later := message("later")
	later.NextAt = now.Add(time.Hour)
	earlier := message("earlier")
	earlier.NextAt = now.Add(-time.Hour)
	for _, m := range []notify.Message{message("now 1"), later, earlier, message("now 2")} {
		if _, err := s.Enqueue(ctx, "", m); err != nil {
			t.Fatal(err)
		}
	}
	// Due at once first, then by NextAt; the limit counts.
	diff(t, "Due(2)", []string{"now 1", "now 2"}, subjects(must(s.Due(ctx, now, 2))(t)))
	// What Due handed out is leased: not due again meanwhile.
	due := must(s.Due(ctx, now, 0))(t)
	diff(t, "Due while leased", []string{"earlier"}, subjects(due))
	if !due[0].NextAt.Equal(earlier.NextAt) {
		t.Fatalf("NextAt %v, want %v", due[0].NextAt, earlier.NextAt)
	}
	if ms := must(s.Due(ctx, now, 0))(t); len(ms) != 0 {
		t.Fatalf("due again while leased: %v", subjects(ms))
	}
	// A failed attempt ends the lease: due again when next comes.
	if err := s.MarkFailed(ctx, due[0].ID, 1, now.Add(time.Minute), "502 Bad Gateway", false); err != nil {
		t.Fatal(err)
	}
	if ms := must(s.Due(ctx, now.Add(59*time.Second), 0))(t); len(ms) != 0 {
		t.Fatalf("due before its next attempt: %v", subjects(ms))
	}
	retry := must(s.Due(ctx, now.Add(time.Minute), 0))(t)
	if len(retry) != 1 || retry[0].Attempts != 1 || retry[0].LastError != "502 Bad Gateway" {
		t.Fatalf("retry: %+v", retry)
	}
	// A lease runs out: a dispatcher that died does not lose messages.
	diff(t, "Due after the lease", []string{"now 1", "now 2", "earlier", "later"}, subjects(must(s.Due(ctx, now.Add(2*time.Hour), 0))(t)))
}

// testDispatcher runs notify.Dispatcher against the store: a message
// retried and then dead, one dead at once, one sent.
func testDispatcher(t *testing.T, f *fixture) {
	ctx, s := t.Context(), f.s
	now := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	var sent []string
	sender := notify.SenderFunc(func(ctx context.Context, m notify.Message) error {
		switch m.Subject {
		case "flaky":
			return errors.New("connection refused")
		case "gone":
			return &notify.PermanentError{Err: errors.New("robot deleted")}
		}
		sent = append(sent, m.Subject)
		return nil
	})
	d := &notify.Dispatcher{Outbox: s, Sender: sender, MaxAttempts: 3, Now: func() time.Time { return now }}
	for _, subject := range []string{"flaky", "gone", "fine"} {
		if _, err := s.Enqueue(ctx, "", message(subject)); err != nil {
			t.Fatal(err)
		}
	}
	run := func(wantSent, wantFailed int) {
		t.Helper()
		n, failed, err := d.RunOnce(ctx)
		if err != nil || n != wantSent || failed != wantFailed {
			t.Fatalf("RunOnce at %v = %d sent, %d failed, %v; want %d, %d", now, n, failed, err, wantSent, wantFailed)
		}
	}
	run(1, 2)
	records := func() map[string]notify.Record {
		out := map[string]notify.Record{}
		for _, r := range must(s.OutboxMessages(ctx, 0))(t) {
			out[r.Subject] = r
		}
		return out
	}
	rs := records()
	if r := rs["fine"]; !r.SentAt.Equal(now) || r.Dead || r.Attempts != 0 {
		t.Fatalf("sent message: %+v", r)
	}
	if r := rs["gone"]; !r.Dead || r.Attempts != 1 || r.LastError == "" || !r.SentAt.IsZero() {
		t.Fatalf("permanently failed message: %+v", r)
	}
	if r := rs["flaky"]; r.Dead || r.Attempts != 1 || !r.NextAt.Equal(now.Add(time.Minute)) ||
		r.LastError != "connection refused" {
		t.Fatalf("retried message: %+v", r)
	}
	run(0, 0) // nothing due before the backoff
	now = now.Add(time.Minute)
	run(0, 1)
	if r := records()["flaky"]; r.Attempts != 2 || !r.NextAt.Equal(now.Add(2*time.Minute)) || r.Dead {
		t.Fatalf("after the second attempt: %+v", r)
	}
	now = now.Add(2 * time.Minute)
	run(0, 1)
	if r := records()["flaky"]; !r.Dead || r.Attempts != 3 || !r.NextAt.IsZero() {
		t.Fatalf("after the last attempt: %+v", r)
	}
	now = now.Add(24 * time.Hour)
	run(0, 0) // dead messages are never tried again
	diff(t, "sent", []string{"fine"}, sent)
	// Marking a sent message again keeps the first time; a late failure
	// report does not undo the delivery.
	fine := records()["fine"]
	if err := s.MarkSent(ctx, fine.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkFailed(ctx, fine.ID, 1, now, "late", true); err != nil {
		t.Fatal(err)
	}
	if r := records()["fine"]; !r.SentAt.Equal(fine.SentAt) || r.Dead {
		t.Fatalf("sent message after late marks: %+v", r)
	}
}
