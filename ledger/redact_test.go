package ledger

import (
	"strings"
	"testing"
)

func TestMaskURL(t *testing.T) {
	cases := map[string]string{
		"https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef":   "https://oapi.dingtalk.com/robot/send?access_token=******",
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=7a9c0e12-3456":   "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=******",
		"https://open.feishu.cn/open-apis/bot/v2/hook/6f2a8b3c-1d4e-4f5a-9b6c": "https://open.feishu.cn/open-apis/bot/v2/hook/******",
		"https://user:pa55word@hooks.example.gov.cn/notify":                    "https://user:%2A%2A%2A%2A%2A%2A@hooks.example.gov.cn/notify",
		"https://hooks.example.gov.cn/office/notifications":                    "https://hooks.example.gov.cn/office/notifications",
		"https://a.example/x?a=1&b=2":                                          "https://a.example/x?a=******&b=******",
		"mz@example.gov.cn":                                                    "mz@example.gov.cn",
		"not a url":                                                            "not a url",
	}
	for in, want := range cases {
		if got := MaskURL(in); got != want {
			t.Errorf("MaskURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactJSON(t *testing.T) {
	in := `{"period":"month","recipients":[{"unit":"","channel":"dingtalk","to":"https://oapi.dingtalk.com/robot/send?access_token=abc123","secret":"SECxyz"},{"unit":"示例区教育局","channel":"email","to":"jy@example.gov.cn"}],"ahead":1.2}`
	got := string(RedactJSON([]byte(in)))
	for _, s := range []string{"abc123", "SECxyz"} {
		if strings.Contains(got, s) {
			t.Errorf("redacted JSON has %q: %s", s, got)
		}
	}
	for _, s := range []string{`"secret":"******"`, `access_token=******`, `"jy@example.gov.cn"`, `"ahead":1.2`, `"示例区教育局"`} {
		if !strings.Contains(got, s) {
			t.Errorf("redacted JSON lost %s: %s", s, got)
		}
	}
	if got := string(RedactJSON([]byte("not json"))); got != "not json" {
		t.Errorf("not JSON: %q", got)
	}
}
