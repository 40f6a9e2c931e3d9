package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds one webhook request (and is the SMTP default too)
// when no other timeout is set.
const DefaultTimeout = 10 * time.Second

// maxResponse is how much of a webhook's answer is read.
const maxResponse = 64 << 10

// Markdown size limits of the robots, in bytes.
const (
	wecomMaxMarkdown    = 4096
	dingtalkMaxMarkdown = 20000
)

// WebhookSender posts messages to webhooks: ChannelWebhook (generic JSON
// {"subject","body","link"}), ChannelWeCom (企业微信群机器人) and
// ChannelDingTalk (钉钉自定义机器人, signed when Message.Secret is set).
//
// Whatever Client is given, the sender uses a copy of it with a timeout
// (DefaultTimeout when the client has none) and a redirect policy that
// refuses redirects to another host or scheme, redirects that would turn
// the POST into a GET, and more than three hops. Only http and https URLs
// are accepted. Errors never show the URL's query, which holds the robot's
// key or access token.
type WebhookSender struct {
	Client *http.Client     // nil: http.DefaultTransport
	Now    func() time.Time // for DingTalk signatures; nil: time.Now
}

// APIError is a robot's answer with a non-zero errcode.
type APIError struct {
	Channel Channel
	Code    int
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("notify: %s errcode %d: %s", e.Channel, e.Code, e.Message)
}

// permanentCodes are the robot errcodes known to need a configuration
// change: 93000 企业微信 invalid webhook url, 300001 钉钉 token not exist,
// 310000 钉钉 security check failed (signature, timestamp, keyword or IP
// whitelist). Other codes (rate limits such as 45009 and 130101, system
// busy -1, …) are retried.
var permanentCodes = map[int]bool{93000: true, 300001: true, 310000: true}

// Send posts m to the webhook at m.To.
func (s WebhookSender) Send(ctx context.Context, m Message) error {
	u, ok := httpURL(m.To)
	if !ok {
		return permanentf("%w: webhook URL must be an absolute http or https URL", ErrBadAddress)
	}
	var payload any
	switch m.Channel {
	case ChannelWebhook:
		payload = genericPayload(m)
	case ChannelWeCom:
		payload = wecomPayload(m)
	case ChannelDingTalk:
		payload = dingtalkPayload(m)
		if m.Secret != "" {
			now := time.Now
			if s.Now != nil {
				now = s.Now
			}
			signDingTalk(u, m.Secret, now())
		}
	default:
		return permanentf("%w %q for a webhook", ErrUnknownChannel, m.Channel)
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(payload); err != nil {
		return Permanent(err)
	}

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body.Bytes()))
	if err != nil {
		return Permanent(redactErr(err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "ducha-notify/1")
	resp, err := s.client().Do(req)
	if err != nil {
		if errors.Is(err, ErrRedirect) {
			return Permanent(redactErr(err))
		}
		return redactErr(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err := statusError(m.Channel, resp.StatusCode, data); err != nil {
		return err
	}
	if m.Channel == ChannelWebhook {
		return nil // any 2xx will do
	}
	if err != nil {
		return fmt.Errorf("notify: %s: reading the answer: %w", m.Channel, redactErr(err))
	}
	return robotError(m.Channel, data)
}

// client returns the HTTP client to use: a copy of s.Client with a
// timeout and the redirect policy.
func (s WebhookSender) client() *http.Client {
	c := new(http.Client)
	if s.Client != nil {
		*c = *s.Client
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	c.CheckRedirect = checkRedirect
	return c
}

// checkRedirect allows a redirect only to the same scheme and host,
// keeping the method (307, 308), for at most three hops.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case len(via) > 3:
		return fmt.Errorf("%w: too many redirects", ErrRedirect)
	case req.Method != first.Method:
		return fmt.Errorf("%w: it would change %s into %s", ErrRedirect, first.Method, req.Method)
	case req.URL.Scheme != first.URL.Scheme || !strings.EqualFold(req.URL.Host, first.URL.Host):
		return fmt.Errorf("%w: to another host (%s://%s)", ErrRedirect, req.URL.Scheme, req.URL.Host)
	}
	return nil
}

// statusError maps an HTTP status to nil (2xx), a retryable error (408,
// 429, 5xx) or a permanent one (other 3xx and 4xx).
func statusError(ch Channel, code int, body []byte) error {
	if code >= 200 && code <= 299 {
		return nil
	}
	err := fmt.Errorf("notify: %s: HTTP %d %s%s", ch, code, http.StatusText(code), snippet(body))
	if code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500 {
		return err
	}
	return Permanent(err)
}

// robotError reads a WeCom or DingTalk answer {"errcode":0,"errmsg":"ok"}.
func robotError(ch Channel, data []byte) error {
	if len(data) > maxResponse {
		return fmt.Errorf("notify: %s: answer larger than %d bytes", ch, maxResponse)
	}
	var r struct {
		ErrCode *int   `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &r); err != nil || r.ErrCode == nil {
		return fmt.Errorf("notify: %s: unexpected answer%s", ch, snippet(data))
	}
	if *r.ErrCode == 0 {
		return nil
	}
	err := &APIError{Channel: ch, Code: *r.ErrCode, Message: r.ErrMsg}
	if permanentCodes[err.Code] {
		return Permanent(err)
	}
	return err
}

// snippet is ": " and the start of an answer, on one line, for errors.
func snippet(b []byte) string {
	s := cleanText(string(bytes.ToValidUTF8(b, []byte("?"))))
	if s == "" {
		return ""
	}
	return ": " + shorten(s, 200)
}

// redactErr drops the query and user info from the URL of a *url.Error,
// since webhook URLs carry credentials.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = redactURL(ue.URL)
	}
	return err
}

// redactURL is raw without user info, query and fragment.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(webhook URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
