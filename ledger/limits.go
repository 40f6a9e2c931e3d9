package ledger

import (
	"fmt"
	"unicode/utf8"
)

// Limits on the text of the ledger's fields, in characters (runes). Every
// way in (the 任务分解表 and units imports, the web forms) refuses longer
// text with the field named, so nothing unbounded is stored; each limit
// is far below the 32,767 characters of a spreadsheet cell, so an export
// never has to cut what was let in.
const (
	MaxCodeLen        = 64   // 编码, 上级编码
	MaxTitleLen       = 2000 // 任务内容
	MaxCategoryLen    = 100  // 分类
	MaxIndicatorLen   = 200  // 指标
	MaxTargetLen      = 100  // 目标值 as typed
	MaxMeasureLen     = 50   // 单位 of a target (万元, 个百分点)
	MaxUnitNameLen    = 100  // a unit's name, short name, alias or parent
	MaxUnitListLen    = 2000 // 配合单位: a list of unit names
	MaxPersonLen      = 100  // 责任领导, 责任人
	MaxDeadlineLen    = 100  // 完成时限 as typed
	MaxMilestonesLen  = 4000 // 时间节点: all of a task's milestones
	MaxWeightLen      = 50   // 权重 as typed
	MaxContactLen     = 500  // a unit's contact details
	MaxLoginLen       = 64   // 登录名 of an account
	MaxTextLen        = 4000 // what people type in a form: 进展情况, 存在问题, 下步打算, 情况说明, a reason, 督办要求 and its reply, a note
	MaxCommentLen     = 2000 // 意见 on a commitment
	MaxReasonLen      = 500  // 不列入理由, 核实说明 of a reconciliation line (the stores check it too)
	MaxAliasesPerUnit = 50
)

// CheckLen returns an EInvalid error naming the field (its label, in
// Chinese) when s is longer than max characters, else nil: the one check
// every form and import uses for the limits above.
func CheckLen(label, s string, max int) error {
	if why := TooLong(s, max); why != "" {
		return Errorf(EInvalid, "%s%s", label, why)
	}
	return nil
}

// TooLong returns why s is longer than max characters, in Chinese
// (超过100个字符上限（现有1000000个字符）), or "" when it is not.
func TooLong(s string, max int) string {
	if len(s) <= max { // bytes ≥ runes: no need to count
		return ""
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("超过%d个字符上限（现有%d个字符）", max, n)
	}
	return ""
}
