package notify

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"
)

// sinkMail is one message an smtpSink received.
type sinkMail struct {
	Auth string // decoded AUTH PLAIN response
	From string
	To   []string
	Data string
}

// smtpSink is a tiny SMTP server on 127.0.0.1 that keeps what it gets.
type smtpSink struct {
	Addr string
	// RcptReply, when set, answers every RCPT TO (e.g. "550 5.1.1 no such user").
	RcptReply string

	mu    sync.Mutex
	mails []sinkMail
	conns int
}

func newSMTPSink(t *testing.T, rcptReply string) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{Addr: ln.Addr().String(), RcptReply: rcptReply}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() { defer wg.Done(); s.serve(c) }()
		}
	}()
	return s
}

func (s *smtpSink) received() []sinkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkMail(nil), s.mails...)
}

func (s *smtpSink) connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	r := bufio.NewReader(c)
	reply := func(lines ...string) {
		for _, l := range lines {
			io.WriteString(c, l+"\r\n")
		}
	}
	var cur sinkMail
	reply("220 sink ESMTP ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			reply("250-sink greets you", "250-AUTH PLAIN", "250 HELP")
		case strings.HasPrefix(cmd, "HELO"):
			reply("250 sink")
		case strings.HasPrefix(cmd, "AUTH PLAIN"):
			b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(line[len("AUTH PLAIN"):]))
			if err != nil {
				reply("501 bad base64")
				continue
			}
			cur.Auth = string(b)
			reply("235 2.7.0 authenticated")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur.From = addrOf(line[len("MAIL FROM:"):])
			reply("250 2.1.0 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			if s.RcptReply != "" {
				reply(s.RcptReply)
				continue
			}
			cur.To = append(cur.To, addrOf(line[len("RCPT TO:"):]))
			reply("250 2.1.5 ok")
		case cmd == "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var data strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			cur.Data = data.String()
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			cur = sinkMail{}
			reply("250 2.0.0 queued")
		case cmd == "RSET", cmd == "NOOP":
			reply("250 ok")
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 5.5.2 not implemented")
		}
	}
}

// addrOf is the address inside "<…>" of a MAIL/RCPT argument.
func addrOf(arg string) string {
	arg = strings.TrimSpace(arg)
	if i := strings.IndexByte(arg, '>'); strings.HasPrefix(arg, "<") && i > 0 {
		return arg[1:i]
	}
	return arg
}

func emailMsg() Message {
	m := PeriodDue("示例区教育局", "新建、改扩建中小学和幼儿园10所，新增学位10340个", "2024-3-1",
		"2024年第一季度", time.Date(2024, 4, 10, 0, 0, 0, 0, time.Local), "https://ducha.example.gov.cn/c/2024-3-1")
	m.ID, m.Channel, m.To = 42, ChannelEmail, "张三 <zhangsan@example.gov.cn>"
	return m
}

// TestSMTPSendsChineseMIME: the sink gets a MIME message whose subject,
// sender name and body decode back to the Chinese text.
func TestSMTPSendsChineseMIME(t *testing.T) {
	sink := newSMTPSink(t, "")
	s := SMTPSender{Addr: sink.Addr, From: "示例区督查室 <ducha@example.gov.cn>", Timeout: 5 * time.Second}
	m := emailMsg()
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := sink.received()
	if len(got) != 1 {
		t.Fatalf("sink got %d mails, want 1", len(got))
	}
	g := got[0]
	if g.From != "ducha@example.gov.cn" || len(g.To) != 1 || g.To[0] != "zhangsan@example.gov.cn" || g.Auth != "" {
		t.Errorf("envelope = %q → %q (auth %q)", g.From, g.To, g.Auth)
	}
	for i, l := range strings.Split(strings.TrimSuffix(g.Data, "\r\n"), "\r\n") {
		if strings.ContainsRune(l, '\n') || len(l) > 998 {
			t.Errorf("line %d is not a proper CRLF line: %q", i, l)
		}
		for _, r := range l {
			if r >= 0x80 {
				t.Fatalf("line %d is not 7-bit: %q", i, l)
			}
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(g.Data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil || subj != "【填报提醒】2024-3-1 新建、改扩建中小学和幼儿园10所，新增学位10340个：2024年第一季度进展待填报" {
		t.Errorf("Subject = %q (%v), raw %q", subj, err, h.Get("Subject"))
	}
	if !strings.HasPrefix(h.Get("Subject"), "=?UTF-8?q?") {
		t.Errorf("Subject not Q-encoded: %q", h.Get("Subject"))
	}
	from, err := h.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "示例区督查室" || from[0].Address != "ducha@example.gov.cn" {
		t.Errorf("From = %v (%v), raw %q", from, err, h.Get("From"))
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "张三" || to[0].Address != "zhangsan@example.gov.cn" {
		t.Errorf("To = %v (%v), raw %q", to, err, h.Get("To"))
	}
	for k, want := range map[string]string{
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "base64",
	} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if d, err := h.Date(); err != nil || time.Since(d) > time.Minute {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<ducha.42.") || !strings.HasSuffix(id, "@example.gov.cn>") {
		t.Errorf("Message-ID = %q", id)
	}
	raw, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.ReplaceAll(PlainText(m), "\n", "\r\n") + "\r\n"
	if string(raw) != want {
		t.Errorf("body =\n%s\nwant\n%s", raw, want)
	}
	for _, s := range []string{"示例区教育局：", "承诺事项：新建、改扩建中小学和幼儿园10所", "截止时间：2024年4月10日", "查看详情：https://ducha.example.gov.cn/c/2024-3-1"} {
		if !strings.Contains(string(raw), s) {
			t.Errorf("body lacks %q", s)
		}
	}
}

// TestSMTPLongSubjectFolds: a long Chinese subject is split into encoded
// words on folded lines and decodes back whole.
func TestSMTPLongSubjectFolds(t *testing.T) {
	sink := newSMTPSink(t, "")
	m := emailMsg()
	m.Subject = strings.Repeat("督查督办", 40)
	if err := (SMTPSender{Addr: sink.Addr, From: "ducha@example.gov.cn"}).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	data := sink.received()[0].Data
	head, _, _ := strings.Cut(data, "\r\n\r\n")
	folded := 0
	for _, l := range strings.Split(head, "\r\n") {
		if len(l) > 90 { // an encoded word is at most 75 bytes
			t.Errorf("header line of %d bytes: %q", len(l), l)
		}
		if strings.HasPrefix(l, " =?UTF-8?q?") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("subject folded into %d continuation lines:\n%s", folded, head)
	}
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	if subj, err := dec.DecodeHeader(msg.Header.Get("Subject")); err != nil || subj != m.Subject {
		t.Errorf("Subject = %q (%v)", subj, err)
	}
}

// TestSMTPAuthOnLoopback: PLAIN credentials go to a server on 127.0.0.1.
func TestSMTPAuthOnLoopback(t *testing.T) {
	sink := newSMTPSink(t, "")
	s := SMTPSender{Addr: sink.Addr, From: "ducha@example.gov.cn", Username: "ducha", Password: "口令"}
	if err := s.Send(context.Background(), emailMsg()); err != nil {
		t.Fatal(err)
	}
	if got := sink.received(); len(got) != 1 || got[0].Auth != "\x00ducha\x00口令" {
		t.Errorf("auth = %q", got)
	}
}

// TestSMTPErrors: rejected recipients, header injection and bad addresses.
func TestSMTPErrors(t *testing.T) {
	tests := []struct {
		name      string
		rcpt      string // sink's RCPT answer
		edit      func(*Message)
		from      string
		permanent bool
		is        error
		noConnect bool // rejected before dialling
	}{
		{name: "550 unknown user", rcpt: "550 5.1.1 no such user", permanent: true},
		{name: "451 try later", rcpt: "451 4.7.1 greylisted", permanent: false},
		{name: "CRLF in To", edit: func(m *Message) { m.To = "a@example.gov.cn\r\nBcc: spy@evil.example" },
			permanent: true, is: ErrHeaderInjection, noConnect: true},
		{name: "LF in To", edit: func(m *Message) { m.To = "a@example.gov.cn\nBcc: spy@evil.example" },
			permanent: true, is: ErrHeaderInjection, noConnect: true},
		{name: "CRLF in Subject", edit: func(m *Message) { m.Subject = "提醒\r\nBcc: spy@evil.example" },
			permanent: true, is: ErrHeaderInjection, noConnect: true},
		{name: "CR in Subject", edit: func(m *Message) { m.Subject = "提醒\rX-Evil: 1" },
			permanent: true, is: ErrHeaderInjection, noConnect: true},
		{name: "CRLF in From", from: "ducha@example.gov.cn\r\nBcc: spy@evil.example",
			permanent: true, is: ErrHeaderInjection, noConnect: true},
		{name: "not an address", edit: func(m *Message) { m.To = "张三" },
			permanent: true, is: ErrBadAddress, noConnect: true},
		{name: "two addresses", edit: func(m *Message) { m.To = "a@example.gov.cn, b@example.gov.cn" },
			permanent: true, is: ErrBadAddress, noConnect: true},
		{name: "wrong channel", edit: func(m *Message) { m.Channel = ChannelWeCom },
			permanent: true, is: ErrUnknownChannel, noConnect: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newSMTPSink(t, tt.rcpt)
			m := emailMsg()
			if tt.edit != nil {
				tt.edit(&m)
			}
			from := "ducha@example.gov.cn"
			if tt.from != "" {
				from = tt.from
			}
			err := SMTPSender{Addr: sink.Addr, From: from, Timeout: 5 * time.Second}.Send(context.Background(), m)
			if err == nil {
				t.Fatal("Send succeeded")
			}
			if IsPermanent(err) != tt.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tt.permanent)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if n := len(sink.received()); n != 0 {
				t.Errorf("sink got %d mails", n)
			}
			if tt.noConnect && sink.connections() != 0 {
				t.Errorf("Send connected although the message is bad")
			}
		})
	}
}

// TestSMTPTimeout: a server that never greets makes a retryable error
// within Timeout.
func TestSMTPTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan struct{})
	defer close(done)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			<-done
			c.Close()
		}
	}()
	start := time.Now()
	err = SMTPSender{Addr: ln.Addr().String(), From: "ducha@example.gov.cn", Timeout: 200 * time.Millisecond}.
		Send(context.Background(), emailMsg())
	if err == nil || IsPermanent(err) {
		t.Fatalf("err = %v, want a retryable error", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LOCALHOST": true, "127.0.0.1": true, "127.0.0.2": true, "::1": true,
		"smtp.example.gov.cn": false, "10.0.0.1": false, "": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v", host, got)
		}
	}
}

// TestMayAuth: credentials go only over TLS or to the local machine.
func TestMayAuth(t *testing.T) {
	tests := []struct {
		host   string
		secure bool
		want   bool
	}{
		{"smtp.example.gov.cn", true, true},
		{"smtp.example.gov.cn", false, false},
		{"10.0.0.1", false, false},
		{"127.0.0.1", false, true},
		{"localhost", false, true},
	}
	for _, tt := range tests {
		if got := mayAuth(tt.host, tt.secure); got != tt.want {
			t.Errorf("mayAuth(%q, %v) = %v", tt.host, tt.secure, got)
		}
	}
}
