package notify

import (
	"strconv"
	"strings"
	"time"
)

// The builders below return a Message with Subject, Body and Link set;
// the caller fills in Channel and To (and Secret) before adding it to the
// Outbox. Subjects are single lines; the commitment title is shortened in
// the subject and given in full in the body. Body lines of the form
// "标签：值" are shown with the label in bold by Markdown.

// subjectTitleRunes is how much of a commitment title a subject shows.
const subjectTitleRunes = 30

// PeriodDue builds a 填报提醒: unit must report the progress of
// commitment (code) for period (e.g. "2024年第一季度") by due.
func PeriodDue(unit, commitment, code, period string, due time.Time, link string) Message {
	unit, commitment, code, period = cleanText(unit), cleanText(commitment), cleanText(code), cleanText(period)
	return Message{
		Subject: subject("填报提醒", code, commitment, period+"进展待填报"),
		Body: lines(
			salutation(unit),
			"您单位承担的以下承诺事项需填报"+period+"进展情况，请于截止时间前登录督查督办系统填报，并上传佐证材料。",
			field("事项编号", code),
			field("承诺事项", commitment),
			field("填报期次", period),
			field("截止时间", formatTime(due)),
		),
		Link: strings.TrimSpace(link),
	}
}

// Overdue builds a 逾期预警 for a commitment daysLate days past its
// deadline due.
func Overdue(unit, commitment, code string, due time.Time, daysLate int, link string) Message {
	unit, commitment, code = cleanText(unit), cleanText(commitment), cleanText(code)
	late := "已逾期"
	if daysLate > 0 {
		late += strconv.Itoa(daysLate) + "天"
	}
	return Message{
		Subject: subject("逾期预警", code, commitment, late),
		Body: lines(
			salutation(unit),
			"您单位承担的以下承诺事项已超过完成时限，请抓紧推进，并在系统中说明逾期原因和整改措施。",
			field("事项编号", code),
			field("承诺事项", commitment),
			field("完成时限", formatTime(due)),
			field("逾期情况", late),
		),
		Link: strings.TrimSpace(link),
	}
}

// Lagging builds a 逾期预警 for a commitment whose progress lags seriously
// behind plan; detail says how (e.g. "计划进度60%，实际进度20%").
func Lagging(unit, commitment, code, detail string, due time.Time, link string) Message {
	unit, commitment, code, detail = cleanText(unit), cleanText(commitment), cleanText(code), cleanText(detail)
	return Message{
		Subject: subject("逾期预警", code, commitment, "进度严重滞后"),
		Body: lines(
			salutation(unit),
			"您单位承担的以下承诺事项进度严重滞后，存在逾期风险，请加快推进，并在系统中说明滞后原因和赶进度措施。",
			field("事项编号", code),
			field("承诺事项", commitment),
			field("滞后情况", detail),
			field("完成时限", formatTime(due)),
		),
		Link: strings.TrimSpace(link),
	}
}

// Supervision builds a 督办通知: 督办单 sheetNo (e.g. "督办〔2024〕3号")
// was issued to unit on commitment with requirement; the unit must reply
// by replyBy.
func Supervision(unit, commitment, code, sheetNo, requirement string, replyBy time.Time, link string) Message {
	unit, commitment, code = cleanText(unit), cleanText(commitment), cleanText(code)
	sheetNo, requirement = cleanText(sheetNo), cleanText(requirement)
	return Message{
		Subject: subject("督办通知", sheetNo, commitment, "请于"+formatDate(replyBy)+"前回复"),
		Body: lines(
			salutation(unit),
			"现就以下承诺事项向您单位下发督办单，请认真落实督办要求，并于回复时限前将办理情况书面回复。",
			field("督办单号", sheetNo),
			field("事项编号", code),
			field("承诺事项", commitment),
			field("督办要求", requirement),
			field("回复时限", formatTime(replyBy)),
		),
		Link: strings.TrimSpace(link),
	}
}

// subject is "【kind】code title：tail" on one line, the title shortened.
func subject(kind, code, title, tail string) string {
	s := "【" + kind + "】"
	if code != "" {
		s += code + " "
	}
	s += shorten(title, subjectTitleRunes)
	if tail != "" {
		s += "：" + tail
	}
	return cleanText(s)
}

func salutation(unit string) string {
	if unit == "" {
		return ""
	}
	return unit + "："
}

// field is a "标签：值" body line, or nothing when the value is empty.
func field(label, value string) string {
	if value == "" {
		return ""
	}
	return label + "：" + value
}

// lines joins the non-empty lines with "\n".
func lines(ls ...string) string {
	var out []string
	for _, l := range ls {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// formatDate is "2024年3月31日", or "待定" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return "待定"
	}
	return t.Format("2006年1月2日")
}

// formatTime is formatDate, with the time of day when it is not midnight.
func formatTime(t time.Time) string {
	if t.IsZero() || (t.Hour() == 0 && t.Minute() == 0) {
		return formatDate(t)
	}
	return t.Format("2006年1月2日 15:04")
}
