package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// robotMsg is a warning whose user data tries to inject markdown.
func robotMsg(ch Channel, to string) Message {
	return Message{
		ID: 7, Channel: ch, To: to,
		Subject: "【逾期预警】2024-3-1 推进[钓鱼](http://evil.example)项目：已逾期5天",
		Body: "示例区教育局：\n您单位承担的以下承诺事项已超过完成时限。\n" +
			"承诺事项：推进[钓鱼](http://evil.example)项目 **粗** _斜_ `码`\n# 注入标题\n> 引用",
		Link: "https://ducha.example.gov.cn/c/2024-3-1",
	}
}

const wantRobotHeading = "### 【逾期预警】2024-3-1 推进［钓鱼］（http：//evil.example）项目：已逾期5天"

var wantRobotLines = []string{
	wantRobotHeading,
	"示例区教育局：",
	"您单位承担的以下承诺事项已超过完成时限。",
	"**承诺事项**：推进［钓鱼］（http：//evil.example）项目 ＊＊粗＊＊ ＿斜＿ ｀码｀",
	"＃ 注入标题",
	"＞ 引用",
	"[查看详情](https://ducha.example.gov.cn/c/2024-3-1)",
}

// capture is one request a test robot received.
type capture struct {
	Method, Path, ContentType string
	Query                     url.Values
	RawQuery                  string
	Body                      map[string]any
}

// robotServer answers every request with status and body, keeping the
// requests it got.
func robotServer(t *testing.T, status int, answer string) (*httptest.Server, *[]capture) {
	t.Helper()
	var got []capture
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		c := capture{Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
			Query: r.URL.Query(), RawQuery: r.URL.RawQuery}
		if err := json.Unmarshal(b, &c.Body); err != nil {
			t.Errorf("request body is not JSON: %v: %s", err, b)
		}
		got = append(got, c)
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func jsonValue(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWebhookPayloads: the exact JSON each channel posts, and the
// DingTalk signature, computed here independently.
func TestWebhookPayloads(t *testing.T) {
	now := time.UnixMilli(1718000000123)
	const secret = "SECabc123"
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("1718000000123\n" + secret))
	wantSign := base64.StdEncoding.EncodeToString(mac.Sum(nil))

	m := robotMsg("", "")
	generic, _ := json.Marshal(map[string]string{"subject": m.Subject, "body": m.Body, "link": m.Link})
	wecom, _ := json.Marshal(map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"content": strings.Join(wantRobotLines, "\n")}})
	ding, _ := json.Marshal(map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"title": m.Subject, "text": strings.Join(wantRobotLines, "\n\n")}})

	tests := []struct {
		name   string
		ch     Channel
		path   string // path and query of the webhook
		secret string
		want   string // JSON body
		query  map[string]string
	}{
		{name: "generic", ch: ChannelWebhook, path: "/hook", want: string(generic)},
		{name: "wecom", ch: ChannelWeCom, path: "/cgi-bin/webhook/send?key=KEY-123", want: string(wecom),
			query: map[string]string{"key": "KEY-123"}},
		{name: "dingtalk", ch: ChannelDingTalk, path: "/robot/send?access_token=TOKEN", want: string(ding),
			query: map[string]string{"access_token": "TOKEN", "timestamp": "", "sign": ""}},
		{name: "dingtalk signed", ch: ChannelDingTalk, path: "/robot/send?access_token=TOKEN", secret: secret,
			want:  string(ding),
			query: map[string]string{"access_token": "TOKEN", "timestamp": "1718000000123", "sign": wantSign}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, got := robotServer(t, 200, `{"errcode":0,"errmsg":"ok"}`)
			m := robotMsg(tt.ch, srv.URL+tt.path)
			m.Secret = tt.secret
			s := WebhookSender{Now: func() time.Time { return now }}
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if len(*got) != 1 {
				t.Fatalf("%d requests", len(*got))
			}
			c := (*got)[0]
			if c.Method != "POST" || c.ContentType != "application/json; charset=utf-8" {
				t.Errorf("%s with Content-Type %q", c.Method, c.ContentType)
			}
			if want, _, _ := strings.Cut(tt.path, "?"); c.Path != want {
				t.Errorf("path = %q, want %q", c.Path, want)
			}
			if w := jsonValue(t, tt.want); !reflect.DeepEqual(c.Body, w) {
				gb, _ := json.MarshalIndent(c.Body, "", "  ")
				wb, _ := json.MarshalIndent(w, "", "  ")
				t.Errorf("body =\n%s\nwant\n%s", gb, wb)
			}
			for k, v := range tt.query {
				if c.Query.Get(k) != v {
					t.Errorf("query %s = %q, want %q", k, c.Query.Get(k), v)
				}
			}
			if tt.secret != "" && !strings.Contains(c.RawQuery, "sign="+url.QueryEscape(wantSign)) {
				t.Errorf("sign not URL-escaped in %q", c.RawQuery)
			}
		})
	}
}

func TestDingTalkSign(t *testing.T) {
	// Worked example: the signature is base64 of a 32-byte HMAC.
	s := DingTalkSign("SEC000", 1577808000000)
	if b, err := base64.StdEncoding.DecodeString(s); err != nil || len(b) != 32 {
		t.Fatalf("DingTalkSign = %q", s)
	}
	if DingTalkSign("SEC000", 1577808000000) != s || DingTalkSign("SEC001", 1577808000000) == s ||
		DingTalkSign("SEC000", 1577808000001) == s {
		t.Error("signature does not depend on exactly secret and timestamp")
	}
	// An existing timestamp/sign is replaced, not duplicated.
	u, _ := url.Parse("https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1&sign=x")
	signDingTalk(u, "SEC000", time.UnixMilli(1577808000000))
	q := u.Query()
	if len(q["timestamp"]) != 1 || q.Get("timestamp") != "1577808000000" || len(q["sign"]) != 1 ||
		q.Get("sign") != s || q.Get("access_token") != "T" {
		t.Errorf("signed URL = %s", u)
	}
}

// TestWebhookErrorMapping: HTTP statuses and robot errcodes to success,
// retryable and permanent errors.
func TestWebhookErrorMapping(t *testing.T) {
	tests := []struct {
		name      string
		ch        Channel
		status    int
		answer    string
		wantErr   bool
		permanent bool
		code      int // APIError code, when one is expected
	}{
		{"wecom ok", ChannelWeCom, 200, `{"errcode":0,"errmsg":"ok"}`, false, false, 0},
		{"dingtalk ok", ChannelDingTalk, 200, `{"errcode":0,"errmsg":"ok"}`, false, false, 0},
		{"wecom rate limited", ChannelWeCom, 200, `{"errcode":45009,"errmsg":"api freq out of limit"}`, true, false, 45009},
		{"wecom bad key", ChannelWeCom, 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`, true, true, 93000},
		{"dingtalk bad sign", ChannelDingTalk, 200, `{"errcode":310000,"errmsg":"sign not match"}`, true, true, 310000},
		{"dingtalk too fast", ChannelDingTalk, 200, `{"errcode":130101,"errmsg":"send too fast"}`, true, false, 130101},
		{"wecom not json", ChannelWeCom, 200, `<html>gateway</html>`, true, false, 0},
		{"wecom no errcode", ChannelWeCom, 200, `{}`, true, false, 0},
		{"wecom 500", ChannelWeCom, 500, `oops`, true, false, 0},
		{"dingtalk 502", ChannelDingTalk, 502, ``, true, false, 0},
		{"wecom 400", ChannelWeCom, 400, `bad request`, true, true, 0},
		{"dingtalk 404", ChannelDingTalk, 404, ``, true, true, 0},
		{"webhook 429", ChannelWebhook, 429, ``, true, false, 0},
		{"webhook 408", ChannelWebhook, 408, ``, true, false, 0},
		{"webhook 403", ChannelWebhook, 403, ``, true, true, 0},
		{"webhook 503", ChannelWebhook, 503, ``, true, false, 0},
		{"webhook 204", ChannelWebhook, 204, ``, false, false, 0},
		{"webhook 200 any body", ChannelWebhook, 200, `whatever`, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := robotServer(t, tt.status, tt.answer)
			err := WebhookSender{}.Send(context.Background(), robotMsg(tt.ch, srv.URL+"/send?key=SECRETKEY"))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				return
			}
			if IsPermanent(err) != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tt.permanent)
			}
			var ae *APIError
			if got := errors.As(err, &ae); got != (tt.code != 0) || (got && ae.Code != tt.code) {
				t.Errorf("err = %#v, want APIError code %d", err, tt.code)
			}
			if strings.Contains(err.Error(), "SECRETKEY") {
				t.Errorf("error shows the key: %v", err)
			}
		})
	}
}

// TestWebhookBadURL: only absolute http(s) URLs, rejected permanently
// before any request.
func TestWebhookBadURL(t *testing.T) {
	for _, to := range []string{"", "ftp://example.com/hook", "javascript:alert(1)", "/relative/hook",
		"http://", "file:///etc/passwd", "gopher://example.com", "http://exa mple.com/\n"} {
		err := WebhookSender{}.Send(context.Background(), robotMsg(ChannelWeCom, to))
		if !IsPermanent(err) || !errors.Is(err, ErrBadAddress) {
			t.Errorf("To %q: err = %v, want permanent ErrBadAddress", to, err)
		}
	}
	err := WebhookSender{}.Send(context.Background(), robotMsg(ChannelEmail, "https://example.com/hook"))
	if !IsPermanent(err) || !errors.Is(err, ErrUnknownChannel) {
		t.Errorf("email channel: err = %v", err)
	}
}

// TestWebhookRedirects: a redirect to another host (or one turning the
// POST into a GET) is refused, permanently; a 307 on the same host is
// followed.
func TestWebhookRedirects(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		io.WriteString(w, `{"errcode":0}`)
	}))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/steal", http.StatusTemporaryRedirect)
		case "/moved":
			http.Redirect(w, r, "/new", http.StatusFound)
		case "/temp":
			http.Redirect(w, r, "/new", http.StatusTemporaryRedirect)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusPermanentRedirect)
		case "/new":
			if r.Method != "POST" {
				t.Errorf("followed as %s", r.Method)
			}
			io.WriteString(w, `{"errcode":0}`)
		}
	}))
	defer srv.Close()
	tests := []struct {
		path    string
		wantErr bool
	}{
		{"/away", true},
		{"/moved", true},
		{"/loop", true},
		{"/temp", false},
	}
	for _, tt := range tests {
		err := WebhookSender{}.Send(context.Background(), robotMsg(ChannelWeCom, srv.URL+tt.path))
		if !tt.wantErr {
			if err != nil {
				t.Errorf("%s: %v", tt.path, err)
			}
			continue
		}
		if !IsPermanent(err) || !errors.Is(err, ErrRedirect) {
			t.Errorf("%s: err = %v, want permanent ErrRedirect", tt.path, err)
		}
	}
	if n := otherHits.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

// TestWebhookLimits: a huge answer is not read whole; a slow robot times
// out with a retryable error that does not show the key.
func TestWebhookLimits(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"`+strings.Repeat("x", 200<<10)+`"}`)
	}))
	defer big.Close()
	if err := (WebhookSender{}).Send(context.Background(), robotMsg(ChannelWeCom, big.URL)); err == nil || IsPermanent(err) {
		t.Errorf("oversized answer: err = %v, want a retryable error", err)
	}
	if err := (WebhookSender{}).Send(context.Background(), robotMsg(ChannelWebhook, big.URL)); err != nil {
		t.Errorf("generic webhook with a big 200 answer: %v", err)
	}

	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	s := WebhookSender{Client: &http.Client{Timeout: 100 * time.Millisecond}}
	start := time.Now()
	err := s.Send(context.Background(), robotMsg(ChannelWeCom, slow.URL+"/send?key=SECRETKEY"))
	if err == nil || IsPermanent(err) {
		t.Fatalf("slow robot: err = %v, want a retryable error", err)
	}
	if strings.Contains(err.Error(), "SECRETKEY") {
		t.Errorf("error shows the key: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestWebhookClient: the client used always has a timeout and the
// redirect policy, whatever was configured.
func TestWebhookClient(t *testing.T) {
	tests := []struct {
		name   string
		client *http.Client
		want   time.Duration
	}{
		{"nil client", nil, DefaultTimeout},
		{"no timeout", &http.Client{}, DefaultTimeout},
		{"own timeout", &http.Client{Timeout: 3 * time.Second}, 3 * time.Second},
		{"own redirect policy", &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}, DefaultTimeout},
	}
	for _, tt := range tests {
		c := WebhookSender{Client: tt.client}.client()
		if c.Timeout != tt.want {
			t.Errorf("%s: timeout %v, want %v", tt.name, c.Timeout, tt.want)
		}
		r1, _ := http.NewRequest("POST", "https://a.example/x", nil)
		r2, _ := http.NewRequest("POST", "https://b.example/x", nil)
		if err := c.CheckRedirect(r2, []*http.Request{r1}); !errors.Is(err, ErrRedirect) {
			t.Errorf("%s: cross-host redirect allowed", tt.name)
		}
		if tt.client != nil && (c == tt.client || tt.client.Timeout != 0 && tt.client.Timeout != tt.want) {
			t.Errorf("%s: the caller's client was modified", tt.name)
		}
		if tt.name == "no timeout" && (tt.client.Timeout != 0 || tt.client.CheckRedirect != nil) {
			t.Errorf("%s: the caller's client was modified", tt.name)
		}
	}
}

func TestRedactURL(t *testing.T) {
	for raw, want := range map[string]string{
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K":    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send",
		"https://u:p@oapi.dingtalk.com/robot/send?access_token=T#f": "https://oapi.dingtalk.com/robot/send",
	} {
		if got := redactURL(raw); got != want {
			t.Errorf("redactURL(%q) = %q", raw, got)
		}
	}
}
