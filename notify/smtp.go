package notify

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// DefaultSMTPTimeout bounds one whole SMTP session when
// SMTPSender.Timeout is zero.
const DefaultSMTPTimeout = 30 * time.Second

// SMTPSender sends ChannelEmail messages through one SMTP server. It
// upgrades the connection with STARTTLS when the server offers it, and
// speaks TLS from the start on port 465. Credentials are sent (AUTH
// PLAIN) only over TLS or to a server on the loopback interface;
// otherwise Send fails with a permanent error before sending them.
//
// A 5xx answer is a permanent error, a 4xx answer or a network failure a
// retryable one.
type SMTPSender struct {
	Addr string // host:port
	// From is the sender, e.g. "示例区督查室 <ducha@example.gov.cn>".
	From               string
	Username, Password string // optional AUTH PLAIN
	// Timeout bounds the whole session; 0 means DefaultSMTPTimeout.
	Timeout time.Duration
}

// Send mails m to the single address m.To.
func (s SMTPSender) Send(ctx context.Context, m Message) error {
	if m.Channel != ChannelEmail {
		return permanentf("%w %q for e-mail", ErrUnknownChannel, m.Channel)
	}
	if strings.ContainsAny(m.To, "\r\n") || strings.ContainsAny(m.Subject, "\r\n") {
		return Permanent(ErrHeaderInjection)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return permanentf("%w: %v", ErrBadAddress, err)
	}
	if strings.ContainsAny(s.From, "\r\n") {
		return Permanent(ErrHeaderInjection)
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return permanentf("notify: smtp: bad From %q: %v", s.From, err)
	}
	host, port, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return permanentf("notify: smtp: bad Addr %q: %v", s.Addr, err)
	}
	msg, err := buildMail(from, to, m, time.Now())
	if err != nil {
		return Permanent(err)
	}

	timeout := s.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	implicitTLS := port == "465"
	conn, err := dial(ctx, s.Addr, host, implicitTLS)
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	defer conn.Close()
	if d, ok := ctx.Deadline(); ok {
		conn.SetDeadline(d)
	}
	// Cancelling ctx interrupts any read or write in progress.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return smtpError("greeting", err)
	}
	defer c.Close()
	secure := implicitTLS
	if !secure {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
				return smtpError("STARTTLS", err)
			}
			secure = true
		}
	}
	if s.Username != "" {
		if !mayAuth(host, secure) {
			return permanentf("notify: smtp: %s offers no TLS; refusing to send the password in clear", host)
		}
		if ok, _ := c.Extension("AUTH"); !ok {
			return permanentf("notify: smtp: %s does not offer AUTH", host)
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return smtpError("AUTH", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return smtpError("MAIL FROM", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return smtpError("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return smtpError("DATA", err)
	}
	if _, err := w.Write(msg); err != nil {
		return smtpError("DATA", err)
	}
	if err := w.Close(); err != nil {
		return smtpError("DATA", err)
	}
	c.Quit() // the message is accepted; a failed QUIT changes nothing
	return nil
}

// dial connects to addr, in TLS from the start when implicitTLS.
func dial(ctx context.Context, addr, host string, implicitTLS bool) (net.Conn, error) {
	if implicitTLS {
		d := &tls.Dialer{Config: &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}}
		return d.DialContext(ctx, "tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// smtpError wraps err from an SMTP stage; a 5xx answer is permanent.
func smtpError(stage string, err error) error {
	err = fmt.Errorf("notify: smtp %s: %w", stage, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Permanent(err)
	}
	return err
}

// mayAuth reports whether credentials may be sent to host: over TLS, or
// to the local machine.
func mayAuth(host string, secure bool) bool { return secure || isLoopback(host) }

// isLoopback reports whether host names the local machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// buildMail renders m as an RFC 5322 message: UTF-8 headers in
// RFC 2047 Q-encoding, a text/plain; charset=UTF-8 body in base64, CRLF
// line ends, Date and Message-ID.
func buildMail(from, to *mail.Address, m Message, now time.Time) ([]byte, error) {
	var b strings.Builder
	header := func(name, value string) {
		b.WriteString(name + ": " + value + "\r\n")
	}
	header("From", formatAddress(from))
	header("To", formatAddress(to))
	header("Subject", encodeHeader(cleanText(m.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	id, err := messageID(from.Address, m.ID)
	if err != nil {
		return nil, err
	}
	header("Message-ID", id)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	header("Auto-Submitted", "auto-generated") // RFC 3834: no auto-replies
	b.WriteString("\r\n")

	text := strings.ReplaceAll(PlainText(m), "\r\n", "\n")
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r", "\n"), "\n", "\r\n") + "\r\n"
	enc := base64.StdEncoding.EncodeToString([]byte(text))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return []byte(b.String()), nil
}

// encodeHeader Q-encodes a header value when it is not plain ASCII,
// folding between encoded words so that lines stay short.
func encodeHeader(s string) string {
	return strings.ReplaceAll(mime.QEncoding.Encode("UTF-8", s), "?= =?", "?=\r\n =?")
}

// formatAddress renders an address with its display name Q-encoded when
// it is not ASCII.
func formatAddress(a *mail.Address) string {
	if a.Name == "" {
		return "<" + a.Address + ">"
	}
	if isASCII(a.Name) {
		return a.String() // quotes the name as needed
	}
	return encodeHeader(a.Name) + " <" + a.Address + ">"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// messageID is a unique Message-ID in the sender's domain.
func messageID(from string, id int64) (string, error) {
	var r [12]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", err
	}
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	local := "ducha." + hex.EncodeToString(r[:])
	if id != 0 {
		local = "ducha." + strconv.FormatInt(id, 10) + "." + hex.EncodeToString(r[:])
	}
	return "<" + local + "@" + domain + ">", nil
}
