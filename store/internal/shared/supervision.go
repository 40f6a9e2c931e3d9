package shared

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"ducha/access"
	"ducha/ledger"
)

// CheckActor checks that a change names who makes it: every change is
// audited.
func CheckActor(actor string) error {
	if strings.TrimSpace(actor) == "" {
		return ledger.Errorf(ledger.EInvalid, "缺少操作人，无法记录审计日志")
	}
	return nil
}

// NoUnit is the error for a unit name missing from the units directory,
// in Chinese for the supervision workflow.
func NoUnit(name string) error {
	return ledger.Errorf(ledger.EInvalid, "单位「%s」不在单位名录中", name)
}

// NoCommitment is the not-found error for a commitment id.
// NotReportable is the conflict of a progress report on a commitment whose
// state takes none (ledger.StateOnReport), e.g. closed meanwhile.
func NotReportable(id int64, s ledger.State) error {
	return ledger.Errorf(ledger.EConflict, "事项 %d 当前状态为「%s」，不能填报进展", id, stateLabel(s))
}

func NoCommitment(id int64) error {
	return ledger.Errorf(ledger.ENotFound, "承诺事项 %d 不存在", id)
}

// CheckUser checks and normalises a user to be created or updated: a
// login without spaces, a role of access.Roles, and a unit for a reporter
// (other roles have none). Whether the unit exists is the store's check.
func CheckUser(u ledger.User) (ledger.User, error) {
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	u.Role = strings.TrimSpace(u.Role)
	u.Unit = strings.TrimSpace(u.Unit)
	switch {
	case u.Login == "":
		return u, ledger.Errorf(ledger.EInvalid, "登录名不能为空")
	case strings.ContainsFunc(u.Login, func(r rune) bool { return r <= ' ' }):
		return u, ledger.Errorf(ledger.EInvalid, "登录名「%s」不能含空格或控制字符", u.Login)
	case !access.ValidRole(access.Role(u.Role)):
		return u, ledger.Errorf(ledger.EInvalid, "用户「%s」的角色「%s」无效", u.Login, u.Role)
	}
	if access.Role(u.Role) != access.Reporter {
		u.Unit = ""
	} else if u.Unit == "" {
		return u, ledger.Errorf(ledger.EInvalid, "单位填报员「%s」须指定所属单位", u.Login)
	}
	return u, nil
}

// DuplicateLogin is the conflict of a login already in use.
func DuplicateLogin(login string) error {
	return ledger.Errorf(ledger.EConflict, "登录名「%s」已被使用", login)
}

// stateLabel names a state in Chinese for messages.
func stateLabel(s ledger.State) string {
	if l := s.Label("zh"); l != "" {
		return l
	}
	return string(s)
}

// CheckMove checks a change of the workflow state of a commitment from
// one state to another, with the outcome and reason of a closing, and
// returns the outcome and reason to store (none unless closed).
func CheckMove(from, to ledger.State, outcome ledger.Outcome, reason string) (ledger.Outcome, string, error) {
	if to.Label("zh") == "" {
		return "", "", ledger.Errorf(ledger.EInvalid, "事项状态「%s」无效", to)
	}
	if !ledger.CanMove(from, to) {
		return "", "", ledger.Errorf(ledger.EConflict, "事项状态不能从「%s」改为「%s」", stateLabel(from), stateLabel(to))
	}
	if to != ledger.StateClosed {
		return "", "", nil
	}
	reason = strings.TrimSpace(reason)
	if err := ledger.CheckClose(outcome, reason); err != nil {
		return "", "", err
	}
	if outcome == ledger.OutcomeCompleted {
		reason = ""
	}
	return outcome, reason, nil
}

// reportStatusLabels name the review statuses of progress reports.
var reportStatusLabels = map[ledger.ReportStatus]string{
	ledger.ReportDraft: "草稿", ledger.ReportSubmitted: "已提交", ledger.ReportReturned: "已退回", ledger.ReportApproved: "已通过",
}

// ReportStatusLabel names a report status in Chinese for messages.
func ReportStatusLabel(s ledger.ReportStatus) string {
	if l, ok := reportStatusLabels[s]; ok {
		return l
	}
	return string(s)
}

// ValidReportStatus reports whether s is one of the four statuses.
func ValidReportStatus(s ledger.ReportStatus) bool {
	_, ok := reportStatusLabels[s]
	return ok
}

// ValidPeriod reports whether p names a month (2024-06) or a quarter
// (2024-Q2): ledger.ValidPeriod.
func ValidPeriod(p string) bool { return ledger.ValidPeriod(p) }

// ValidDecimal reports whether s is an exact decimal as the ledger keeps
// them: ledger.ValidDecimal.
func ValidDecimal(s string) bool { return ledger.ValidDecimal(s) }

// CheckReportFields checks the fields of a progress report that need no
// lookup: the period, the value, the percent and the status a unit may
// save (draft or submitted; "" is a draft). It returns the report with
// the status filled in. Messages name the field.
func CheckReportFields(r ledger.ProgressReport) (ledger.ProgressReport, error) {
	r.Period = strings.TrimSpace(r.Period)
	r.Value = strings.TrimSpace(r.Value)
	r.Unit = strings.TrimSpace(r.Unit)
	if r.Status == "" {
		r.Status = ledger.ReportDraft
	}
	switch {
	case r.CommitmentID <= 0:
		return r, ledger.Errorf(ledger.EInvalid, "未指定承诺事项")
	case !ValidPeriod(r.Period):
		return r, ledger.Errorf(ledger.EInvalid, "填报期次「%s」无效，应为 2024-06（月）或 2024-Q2（季度）的形式", r.Period)
	case r.Value != "" && !ValidDecimal(r.Value):
		return r, ledger.Errorf(ledger.EInvalid, "数值「%s」不是有效的数字（如 6000 或 41900.5）", r.Value)
	case r.Percent < -1 || r.Percent > 100:
		return r, ledger.Errorf(ledger.EInvalid, "自评进度 %d 超出范围（0 至 100，未填为 -1）", r.Percent)
	case r.Status != ledger.ReportDraft && r.Status != ledger.ReportSubmitted:
		return r, ledger.Errorf(ledger.EInvalid, "状态「%s」无效：填报时只能保存为草稿或提交", ReportStatusLabel(r.Status))
	}
	return r, nil
}

// CheckReview checks a review of a report in status current: only a
// submitted report can be reviewed, the verdict is approved or returned,
// and a return needs a reason. It returns the reason to store (none for
// an approval).
func CheckReview(current, verdict ledger.ReportStatus, reason string) (string, error) {
	if verdict != ledger.ReportApproved && verdict != ledger.ReportReturned {
		return "", ledger.Errorf(ledger.EInvalid, "复核结果只能是通过或退回（收到「%s」）", ReportStatusLabel(verdict))
	}
	if !ledger.CanReview(current) {
		return "", ledger.Errorf(ledger.EConflict, "只能复核已提交的进展（当前状态：%s）", ReportStatusLabel(current))
	}
	if verdict == ledger.ReportApproved {
		return "", nil
	}
	reason = strings.TrimSpace(reason)
	return reason, ledger.CheckReturn(reason)
}

// NoReport is the not-found error for a progress report id.
func NoReport(id int64) error {
	return ledger.Errorf(ledger.ENotFound, "进展填报 %d 不存在", id)
}

// CheckEvidence checks evidence to be added to a report in status s: it
// needs a file name, and an approved report is final.
func CheckEvidence(e ledger.Evidence, s ledger.ReportStatus) (ledger.Evidence, error) {
	e.Name = strings.TrimSpace(e.Name)
	e.ContentType = strings.TrimSpace(e.ContentType)
	if e.Name == "" {
		return e, ledger.Errorf(ledger.EInvalid, "佐证材料须有文件名")
	}
	if s == ledger.ReportApproved {
		return e, ledger.Errorf(ledger.EConflict, "本期进展已审核通过，不能再添加佐证材料")
	}
	return e, nil
}

// CheckOrder checks and completes a 督办单 to be issued: a requirement, a
// reply date (kept as a day), the issuer (actor when empty), the time of
// issue (now when zero, kept to the second in UTC) and the level (1 when
// zero). The reply and escalation are cleared. It also returns the year
// that numbers the order: the year of IssuedAt in its own location.
func CheckOrder(o ledger.SupervisionOrder, actor string, now time.Time) (ledger.SupervisionOrder, int, error) {
	o.No = strings.TrimSpace(o.No)
	o.Unit = strings.TrimSpace(o.Unit)
	o.Requirement = strings.TrimSpace(o.Requirement)
	o.IssuedBy = strings.TrimSpace(o.IssuedBy)
	switch {
	case o.CommitmentID <= 0:
		return o, 0, ledger.Errorf(ledger.EInvalid, "督办单未指定承诺事项")
	case o.Requirement == "":
		return o, 0, ledger.Errorf(ledger.EInvalid, "督办要求不能为空")
	case o.ReplyBy.IsZero():
		return o, 0, ledger.Errorf(ledger.EInvalid, "督办单须填写回复期限")
	case o.Level < 0:
		return o, 0, ledger.Errorf(ledger.EInvalid, "督办级别 %d 无效", o.Level)
	}
	if o.Level == 0 {
		o.Level = 1
	}
	if o.IssuedBy == "" {
		o.IssuedBy = actor
	}
	if o.IssuedAt.IsZero() {
		o.IssuedAt = now
	}
	year := o.IssuedAt.Year()
	o.IssuedAt = Stamp(o.IssuedAt)
	o.ReplyBy = Day(o.ReplyBy)
	o.Reply, o.RepliedAt, o.EscalatedAt = "", time.Time{}, time.Time{}
	return o, year, nil
}

// OrderNo is the number of the n-th 督办单 of a year: 督办〔2024〕3号.
func OrderNo(year, n int) string { return fmt.Sprintf("督办〔%d〕%d号", year, n) }

// DuplicateOrderNo is the conflict of a 督办单 number already used.
func DuplicateOrderNo(no string) error {
	return ledger.Errorf(ledger.EConflict, "督办单号「%s」已被使用", no)
}

// NoOrder is the not-found error for a 督办单 id.
func NoOrder(id int64) error { return ledger.Errorf(ledger.ENotFound, "督办单 %d 不存在", id) }

// CheckReply checks a reply to order o.
func CheckReply(o ledger.SupervisionOrder, reply string) (string, error) {
	reply = strings.TrimSpace(reply)
	switch {
	case reply == "":
		return "", ledger.Errorf(ledger.EInvalid, "督办单回复内容不能为空")
	case !o.RepliedAt.IsZero():
		return "", ledger.Errorf(ledger.EConflict, "督办单「%s」已回复，不能重复回复", o.No)
	case !o.EscalatedAt.IsZero():
		return "", ledger.Errorf(ledger.EConflict, "督办单「%s」已升级督办，请回复新的督办单", o.No)
	}
	return reply, nil
}

// CheckEscalation checks that order o can be escalated and returns next
// ready to be issued: the same commitment, the same unit unless another
// is given, and the level above o's.
func CheckEscalation(o ledger.SupervisionOrder, next ledger.SupervisionOrder) (ledger.SupervisionOrder, error) {
	switch {
	case !o.RepliedAt.IsZero():
		return next, ledger.Errorf(ledger.EConflict, "督办单「%s」已回复，无需升级", o.No)
	case !o.EscalatedAt.IsZero():
		return next, ledger.Errorf(ledger.EConflict, "督办单「%s」已升级督办，不能再次升级", o.No)
	case next.CommitmentID != 0 && next.CommitmentID != o.CommitmentID:
		return next, ledger.Errorf(ledger.EInvalid, "升级的督办单须针对同一承诺事项")
	}
	next.CommitmentID = o.CommitmentID
	next.Level = o.Level + 1
	if strings.TrimSpace(next.Unit) == "" {
		next.Unit = o.Unit
	}
	return next, nil
}

// CheckComment checks and completes a comment: a body, the author (actor
// when empty) and the time (now when zero, to the second in UTC).
func CheckComment(c ledger.Comment, actor string, now time.Time) (ledger.Comment, error) {
	c.Body = strings.TrimSpace(c.Body)
	c.Author = strings.TrimSpace(c.Author)
	c.Unit = strings.TrimSpace(c.Unit)
	if c.CommitmentID <= 0 {
		return c, ledger.Errorf(ledger.EInvalid, "评论未指定承诺事项")
	}
	if c.Body == "" {
		return c, ledger.Errorf(ledger.EInvalid, "评论内容不能为空")
	}
	if c.Author == "" {
		c.Author = actor
	}
	if c.At.IsZero() {
		c.At = now
	}
	c.At = Stamp(c.At)
	return c, nil
}

// CheckToken checks and completes an API token to be created: a unit, the
// hash as 64 lower-case hex digits, the creator (actor when empty) and the
// time (now when zero).
func CheckToken(t ledger.APIToken, actor string, now time.Time) (ledger.APIToken, error) {
	t.Unit = strings.TrimSpace(t.Unit)
	t.Name = strings.TrimSpace(t.Name)
	t.Hash = strings.ToLower(strings.TrimSpace(t.Hash))
	t.CreatedBy = strings.TrimSpace(t.CreatedBy)
	if t.Unit == "" {
		return t, ledger.Errorf(ledger.EInvalid, "API 令牌须指定所属单位")
	}
	if b, err := hex.DecodeString(t.Hash); err != nil || len(b) != 32 {
		return t, ledger.Errorf(ledger.EInvalid, "API 令牌的摘要须为 64 位十六进制的 SHA-256")
	}
	if t.CreatedBy == "" {
		t.CreatedBy = actor
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	t.CreatedAt = Stamp(t.CreatedAt)
	t.Revoked = false
	return t, nil
}

// DuplicateToken is the conflict of a token hash already stored.
func DuplicateToken() error { return ledger.Errorf(ledger.EConflict, "该 API 令牌已存在") }

// NoToken is the not-found error for an API token.
func NoToken() error { return ledger.Errorf(ledger.ENotFound, "API 令牌不存在或已撤销") }

// CheckSetting checks a setting: a name and a JSON value.
func CheckSetting(key, value string) (string, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return key, ledger.Errorf(ledger.EInvalid, "设置名称不能为空")
	}
	if !json.Valid([]byte(value)) {
		return key, ledger.Errorf(ledger.EInvalid, "设置「%s」的值不是有效的 JSON", key)
	}
	return key, nil
}

// Supervised counts what the supervision workflow recorded on the
// commitments of a report: what re-importing the report would destroy.
type Supervised struct {
	States, Reports, Orders, Comments int
}

// Error is the conflict of replacing a report with supervision records,
// or nil when it has none.
func (s Supervised) Error(year int) error {
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{s.States, "已交办事项%d项"}, {s.Reports, "进展填报%d条"}, {s.Orders, "督办单%d份"}, {s.Comments, "评论%d条"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf(p.what, p.n))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return ledger.Errorf(ledger.EConflict, "%d年度报告已有督办记录（%s），不能整体替换；请通过任务分解表修改事项",
		year, strings.Join(parts, "、"))
}
