package notify

import (
	"strings"
	"testing"
	"time"
)

var testDay = time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC)

// TestBuilders: the exact Chinese subject and body of each event.
func TestBuilders(t *testing.T) {
	tests := []struct {
		name    string
		m       Message
		subject string
		body    []string
		link    string
	}{
		{
			name: "填报提醒",
			m: PeriodDue("示例区教育局", "新建、改扩建中小学和幼儿园10所，\n新增学位10340个", "2024-3-1",
				"2024年第一季度", testDay, " https://ducha.example/c/1 "),
			subject: "【填报提醒】2024-3-1 新建、改扩建中小学和幼儿园10所，新增学位10340个：2024年第一季度进展待填报",
			body: []string{
				"示例区教育局：",
				"您单位承担的以下承诺事项需填报2024年第一季度进展情况，请于截止时间前登录督查督办系统填报，并上传佐证材料。",
				"事项编号：2024-3-1",
				"承诺事项：新建、改扩建中小学和幼儿园10所，新增学位10340个",
				"填报期次：2024年第一季度",
				"截止时间：2024年4月10日",
			},
			link: "https://ducha.example/c/1",
		},
		{
			name: "逾期预警 overdue",
			m: Overdue("示例区住建局", "完成老旧小区改造20个，惠及居民5000户以上并同步推进加装电梯和停车设施建设",
				"2024-5-2", testDay, 15, ""),
			subject: "【逾期预警】2024-5-2 完成老旧小区改造20个，惠及居民5000户以上并同步推进加…：已逾期15天",
			body: []string{
				"示例区住建局：",
				"您单位承担的以下承诺事项已超过完成时限，请抓紧推进，并在系统中说明逾期原因和整改措施。",
				"事项编号：2024-5-2",
				"承诺事项：完成老旧小区改造20个，惠及居民5000户以上并同步推进加装电梯和停车设施建设",
				"完成时限：2024年4月10日",
				"逾期情况：已逾期15天",
			},
		},
		{
			name:    "逾期预警 lagging",
			m:       Lagging("示例区交通局", "建成公交首末站3个", "2024-6-1", "计划进度60%，实际进度20%", testDay, ""),
			subject: "【逾期预警】2024-6-1 建成公交首末站3个：进度严重滞后",
			body: []string{
				"示例区交通局：",
				"您单位承担的以下承诺事项进度严重滞后，存在逾期风险，请加快推进，并在系统中说明滞后原因和赶进度措施。",
				"事项编号：2024-6-1",
				"承诺事项：建成公交首末站3个",
				"滞后情况：计划进度60%，实际进度20%",
				"完成时限：2024年4月10日",
			},
		},
		{
			name: "督办通知",
			m: Supervision("示例区卫健委", "新建社区卫生服务站5个", "2024-7-3", "督办〔2024〕3号",
				"请于5月底前完成选址并报送推进计划", time.Date(2024, 5, 20, 17, 30, 0, 0, time.UTC), "https://ducha.example/s/3"),
			subject: "【督办通知】督办〔2024〕3号 新建社区卫生服务站5个：请于2024年5月20日前回复",
			body: []string{
				"示例区卫健委：",
				"现就以下承诺事项向您单位下发督办单，请认真落实督办要求，并于回复时限前将办理情况书面回复。",
				"督办单号：督办〔2024〕3号",
				"事项编号：2024-7-3",
				"承诺事项：新建社区卫生服务站5个",
				"督办要求：请于5月底前完成选址并报送推进计划",
				"回复时限：2024年5月20日 17:30",
			},
			link: "https://ducha.example/s/3",
		},
		{
			name:    "missing fields",
			m:       Overdue("", "建成公交首末站3个", "", time.Time{}, 0, ""),
			subject: "【逾期预警】建成公交首末站3个：已逾期",
			body: []string{
				"您单位承担的以下承诺事项已超过完成时限，请抓紧推进，并在系统中说明逾期原因和整改措施。",
				"承诺事项：建成公交首末站3个",
				"完成时限：待定",
				"逾期情况：已逾期",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.m.Subject != tt.subject {
				t.Errorf("Subject = %q\nwant      %q", tt.m.Subject, tt.subject)
			}
			if want := strings.Join(tt.body, "\n"); tt.m.Body != want {
				t.Errorf("Body =\n%s\nwant\n%s", tt.m.Body, want)
			}
			if tt.m.Link != tt.link {
				t.Errorf("Link = %q, want %q", tt.m.Link, tt.link)
			}
			if strings.ContainsAny(tt.m.Subject, "\r\n") {
				t.Error("multi-line subject")
			}
		})
	}
}

func TestFormatTime(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, "待定"},
		{time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), "2024年12月31日"},
		{time.Date(2024, 1, 5, 9, 5, 0, 0, time.UTC), "2024年1月5日 09:05"},
	}
	for _, tt := range tests {
		if got := formatTime(tt.t); got != tt.want {
			t.Errorf("formatTime(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}
