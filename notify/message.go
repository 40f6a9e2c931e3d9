package notify

import (
	"context"
	"time"
)

// Channel names a delivery channel.
type Channel string

// The delivery channels.
const (
	// ChannelEmail sends a MIME e-mail to the address in Message.To.
	ChannelEmail Channel = "email"
	// ChannelWebhook POSTs {"subject","body","link"} as JSON to Message.To.
	ChannelWebhook Channel = "webhook"
	// ChannelWeCom posts a markdown message to a 企业微信群机器人 webhook.
	ChannelWeCom Channel = "wecom"
	// ChannelDingTalk posts a markdown message to a 钉钉自定义机器人
	// webhook, signed when Message.Secret is set.
	ChannelDingTalk Channel = "dingtalk"
)

// Valid reports whether c is one of the known channels.
func (c Channel) Valid() bool {
	switch c {
	case ChannelEmail, ChannelWebhook, ChannelWeCom, ChannelDingTalk:
		return true
	}
	return false
}

// Message is one notification to one recipient, and one row of the
// Outbox. Subject and Body are plain text (Chinese); the markdown
// renderings for the robots are derived from them at send time (see
// Markdown), so only plain text is ever stored.
type Message struct {
	ID      int64
	Channel Channel
	// To is an e-mail address for ChannelEmail, else the webhook URL.
	// A webhook URL usually carries a credential (key=, access_token=):
	// treat it as a secret.
	To      string
	Subject string
	Body    string
	// Link is an optional URL of the commitment page.
	Link string
	// Secret is the DingTalk signing secret (加签), optional.
	Secret string

	// Attempts is the number of failed delivery attempts so far.
	Attempts int
	// NextAt is when the message is next due; zero means now.
	NextAt time.Time
	// LastError is the error of the last failed attempt.
	LastError string
}

// Sender delivers one message. An error wrapped in a *PermanentError
// means that retrying cannot help; any other error is retried.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SenderFunc adapts a function to the Sender interface.
type SenderFunc func(ctx context.Context, m Message) error

// Send calls f(ctx, m).
func (f SenderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }
