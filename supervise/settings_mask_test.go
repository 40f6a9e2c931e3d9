package supervise

import (
	"reflect"
	"strings"
	"testing"

	"ducha/notify"
)

// TestSettingsMask: the shown settings hide secrets; sent back unchanged
// they keep the stored values; a mask that stands for nothing stored is
// refused with the recipient's number.
func TestSettingsMask(t *testing.T) {
	stored := DefaultSettings()
	stored.Recipients = []Recipient{
		{Unit: "", Channel: notify.ChannelDingTalk, To: "https://oapi.dingtalk.com/robot/send?access_token=t0k3n0123456789", Secret: "SEC0123456789"},
		{Unit: "示例区教育局", Channel: notify.ChannelWeCom, To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k3y-0123456789"},
		{Unit: "示例区财政局", Channel: notify.ChannelEmail, To: "cz@example.gov.cn"},
	}
	shown := stored.Masked()
	want := []Recipient{
		{Unit: "", Channel: notify.ChannelDingTalk, To: "https://oapi.dingtalk.com/robot/send?access_token=******", Secret: "******"},
		{Unit: "示例区教育局", Channel: notify.ChannelWeCom, To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=******"},
		{Unit: "示例区财政局", Channel: notify.ChannelEmail, To: "cz@example.gov.cn"},
	}
	if !reflect.DeepEqual(shown.Recipients, want) {
		t.Fatalf("shown: %+v", shown.Recipients)
	}
	if stored.Recipients[0].Secret != "SEC0123456789" {
		t.Fatal("Masked changed the stored settings")
	}
	back, err := shown.Unmask(stored)
	if err != nil || !reflect.DeepEqual(back.Recipients, stored.Recipients) {
		t.Fatalf("sent back unchanged: %+v, %v", back.Recipients, err)
	}
	// Reordered, one new secret typed in: each keeps or takes its own.
	edited := shown
	edited.Recipients = []Recipient{shown.Recipients[2], shown.Recipients[1], shown.Recipients[0]}
	edited.Recipients[2].Secret = "SECnew"
	back, err = edited.Unmask(stored)
	if err != nil || back.Recipients[0] != stored.Recipients[2] || back.Recipients[1] != stored.Recipients[1] ||
		back.Recipients[2].To != stored.Recipients[0].To || back.Recipients[2].Secret != "SECnew" {
		t.Fatalf("reordered: %+v, %v", back.Recipients, err)
	}
	// The address changed around the mask, or moved to another unit.
	for name, r := range map[string]Recipient{
		"host changed": {Unit: "", Channel: notify.ChannelDingTalk, To: "https://evil.example/robot/send?access_token=******", Secret: "******"},
		"other unit":   {Unit: "示例区民政局", Channel: notify.ChannelWeCom, To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=******"},
		"no secret":    {Unit: "示例区教育局", Channel: notify.ChannelWeCom, To: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=******", Secret: "******"},
	} {
		bad := shown
		bad.Recipients = []Recipient{shown.Recipients[2], r}
		if _, err := bad.Unmask(stored); err == nil || !strings.Contains(err.Error(), "第2个接收人") {
			t.Errorf("%s: %v, want the 2nd recipient refused", name, err)
		}
	}
}
