package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"time"
)

// The JSON bodies of the three webhook channels.

type genericBody struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
	Link    string `json:"link"`
}

type wecomBody struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

type dingtalkBody struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
}

// genericPayload is {"subject","body","link"} in plain text.
func genericPayload(m Message) genericBody {
	return genericBody{Subject: cleanText(m.Subject), Body: m.Body, Link: m.Link}
}

// wecomPayload is a 企业微信 markdown message. WeCom shows "\n" as a line
// break and takes at most 4096 bytes of content.
func wecomPayload(m Message) wecomBody {
	var b wecomBody
	b.MsgType = "markdown"
	b.Markdown.Content = renderMarkdown(m, "\n", wecomMaxMarkdown)
	return b
}

// dingtalkPayload is a 钉钉 markdown message; the title is what the chat
// list shows, as plain text.
func dingtalkPayload(m Message) dingtalkBody {
	var b dingtalkBody
	b.MsgType = "markdown"
	b.Markdown.Title = shorten(cleanText(m.Subject), 64)
	b.Markdown.Text = renderMarkdown(m, "\n\n", dingtalkMaxMarkdown)
	return b
}

// DingTalkSign is the 钉钉 加签 signature for a timestamp in milliseconds:
// base64(HMAC-SHA256(key=secret, timestamp+"\n"+secret)), not yet
// URL-escaped.
func DingTalkSign(secret string, timestampMillis int64) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(strconv.FormatInt(timestampMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// signDingTalk sets the timestamp and sign query parameters of u
// (replacing any already there). DingTalk rejects timestamps more than an
// hour from its clock.
func signDingTalk(u *url.URL, secret string, now time.Time) {
	ts := now.UnixMilli()
	q := u.Query()
	q.Del("timestamp")
	q.Del("sign")
	raw := q.Encode()
	if raw != "" {
		raw += "&"
	}
	u.RawQuery = raw + "timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + url.QueryEscape(DingTalkSign(secret, ts))
}
