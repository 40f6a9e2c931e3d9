package notify

import (
	"context"
	"errors"
	"testing"
)

func TestRouter(t *testing.T) {
	var got string
	email := SenderFunc(func(context.Context, Message) error { got = "email"; return nil })
	hook := SenderFunc(func(context.Context, Message) error { got = "webhook"; return nil })
	tests := []struct {
		ch     Channel
		router Router
		want   string
		is     error
	}{
		{ChannelEmail, Router{Email: email, Webhook: hook}, "email", nil},
		{ChannelWebhook, Router{Email: email, Webhook: hook}, "webhook", nil},
		{ChannelWeCom, Router{Email: email, Webhook: hook}, "webhook", nil},
		{ChannelDingTalk, Router{Email: email, Webhook: hook}, "webhook", nil},
		{"sms", Router{Email: email, Webhook: hook}, "", ErrUnknownChannel},
		{"", Router{Email: email, Webhook: hook}, "", ErrUnknownChannel},
		{ChannelEmail, Router{Webhook: hook}, "", ErrNoSender},
		{ChannelWeCom, Router{Email: email}, "", ErrNoSender},
	}
	for _, tt := range tests {
		got = ""
		err := tt.router.Send(context.Background(), Message{Channel: tt.ch})
		if got != tt.want || !errors.Is(err, tt.is) || (tt.is != nil && !IsPermanent(err)) {
			t.Errorf("channel %q: went to %q, err %v", tt.ch, got, err)
		}
		if tt.ch.Valid() != (tt.is != ErrUnknownChannel) {
			t.Errorf("Channel(%q).Valid() = %v", tt.ch, tt.ch.Valid())
		}
	}
}

func TestPermanent(t *testing.T) {
	base := errors.New("x")
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
	p := Permanent(base)
	if !IsPermanent(p) || !errors.Is(p, base) || p.Error() != "x" || Permanent(p) != p {
		t.Errorf("Permanent(x) = %#v", p)
	}
	if IsPermanent(base) || IsPermanent(nil) {
		t.Error("plain error is permanent")
	}
}
