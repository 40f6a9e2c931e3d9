package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"ducha/web"
)

// TestSecretsMasked: the DingTalk signing secret and the webhook tokens
// are masked on the settings page and kept when the page is sent back
// unchanged; the audit log has none of them.
func TestSecretsMasked(t *testing.T) {
	e := newEnv(t, web.Config{})
	const (
		secret = "SECa1b2c3d4e5f6g7h8i9j0klmnopqrstuvwx"
		token  = "0123456789abcdef0123456789abcdef0123456789abcdef"
		hook   = "https://oapi.dingtalk.com/robot/send?access_token=" + token
		wecom  = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=7a9c0e12-3456-4bcd-8ef0-123456789abc"
		feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/6f2a8b3c-1d4e-4f5a-9b6c-7d8e9f0a1b2c"
	)
	admin := e.client()
	admin.login("admin")
	_, page := admin.get("/admin/settings")
	form := settingsForm(t, page)
	form.Set("recipients", ",dingtalk,"+hook+","+secret+"\n示例区教育局,wecom,"+wecom+"\n示例区财政局,webhook,"+feishu+"\n示例区民政局,email,mz@example.gov.cn")
	if resp, _ := admin.post("/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, page = admin.get("/admin/settings")
	for _, s := range []string{secret, token, "7a9c0e12-3456-4bcd-8ef0-123456789abc", "6f2a8b3c-1d4e-4f5a-9b6c-7d8e9f0a1b2c"} {
		if strings.Contains(page, s) {
			t.Errorf("the settings page shows %q", s)
		}
	}
	if !strings.Contains(page, "mz@example.gov.cn") || !strings.Contains(page, "oapi.dingtalk.com/robot/send") {
		t.Errorf("the settings page lost the addresses")
	}
	// Sent back unchanged, with one threshold changed: the secrets stay.
	form = settingsForm(t, page)
	form.Set("reply_days", "7")
	if resp, _ := admin.post("/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save again: %d", resp.StatusCode)
	}
	st, err := e.svc.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.ReplyDays != 7 || len(st.Recipients) != 4 || st.Recipients[0].To != hook || st.Recipients[0].Secret != secret ||
		st.Recipients[1].To != wecom || st.Recipients[2].To != feishu || st.Recipients[3].To != "mz@example.gov.cn" {
		t.Errorf("after sending the masked page back: %+v", st)
	}
	es, err := e.st.Audit(context.Background(), "setting", "", 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 2 {
		t.Fatalf("%d audit entries of settings, want 2", len(es))
	}
	for _, a := range es {
		for _, s := range []string{secret, token, "7a9c0e12-3456-4bcd-8ef0-123456789abc", "6f2a8b3c-1d4e-4f5a-9b6c-7d8e9f0a1b2c"} {
			if strings.Contains(a.Before+a.After, s) {
				t.Errorf("audit entry %s %s has %q", a.Action, a.Ref, s)
			}
		}
	}
	// A masked secret with a changed address cannot be kept: it is asked for.
	form = settingsForm(t, page)
	form.Set("recipients", strings.Replace(form.Get("recipients"), "oapi.dingtalk.com", "oapi.dingtalk.example", 1))
	admin.post("/admin/settings", form)
	if st2, _ := e.svc.Settings(context.Background()); st2.Recipients[0].To != hook {
		t.Errorf("a changed address took the hidden secret along: %+v", st2.Recipients[0])
	}
}

// settingsForm reads the settings page's form values.
func settingsForm(t *testing.T, page string) url.Values {
	t.Helper()
	form := url.Values{}
	for _, name := range []string{"ahead", "lagging", "serious", "stale_days", "reply_days", "remind_days",
		"band_rate_points", "band_amount_percent", "band_serious_points"} {
		i := strings.Index(page, `name="`+name+`"`)
		if i < 0 {
			t.Fatalf("no field %s", name)
		}
		v := page[i:]
		v = v[strings.Index(v, `value="`)+len(`value="`):]
		form.Set(name, v[:strings.IndexByte(v, '"')])
	}
	form.Set("period", "month")
	i := strings.Index(page, `<textarea name="recipients" rows="6">`)
	if i < 0 {
		t.Fatal("no recipients")
	}
	v := page[i+len(`<textarea name="recipients" rows="6">`):]
	form.Set("recipients", htmlUnescape(v[:strings.Index(v, "</textarea>")]))
	return form
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&#43;", "+").Replace(s)
}
