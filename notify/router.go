package notify

import (
	"context"
	"fmt"
)

// Router is a Sender that dispatches by channel: ChannelEmail to Email,
// the webhook channels (webhook, wecom, dingtalk) to Webhook. An unknown
// channel, or a channel whose sender is nil, is a permanent error.
type Router struct {
	Email   Sender
	Webhook Sender
}

// Send delivers m through the sender for its channel.
func (r Router) Send(ctx context.Context, m Message) error {
	var s Sender
	switch m.Channel {
	case ChannelEmail:
		s = r.Email
	case ChannelWebhook, ChannelWeCom, ChannelDingTalk:
		s = r.Webhook
	default:
		return &PermanentError{Err: fmt.Errorf("%w %q", ErrUnknownChannel, m.Channel)}
	}
	if s == nil {
		return &PermanentError{Err: fmt.Errorf("%w %q", ErrNoSender, m.Channel)}
	}
	return s.Send(ctx, m)
}
