// Package notify delivers ducha's reminders and warnings — 填报提醒,
// 逾期预警 and 督办通知 — by e-mail and by the webhook robots of
// 企业微信 (WeCom) and 钉钉 (DingTalk), or to a generic JSON webhook.
//
// Delivery goes through a durable queue. Callers never send directly:
// they build a Message (see PeriodDue, Overdue, Lagging, Supervision),
// address it (Channel, To) and add it to an Outbox — a database table in
// production, MemoryOutbox in tests and in demo mode. A Dispatcher polls
// the Outbox for due messages, hands each to a Sender (usually a Router
// over an SMTPSender and a WebhookSender) and records the outcome:
// sent, failed with the time of the next attempt (exponential backoff),
// or dead (a PermanentError, or MaxAttempts reached). Delivery is at
// least once: a message whose send succeeded but whose MarkSent failed is
// sent again.
//
// The package uses the standard library only and imports no other ducha
// package.
package notify
