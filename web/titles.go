package web

import (
	"context"
	"strconv"
	"strings"

	"ducha/ledger"
)

// A report is named as people name it: its government, its year and its
// title, 示例区2024年政府工作报告 — every report's own title is just
// 政府工作报告. The pages about a report put that name in their heading
// and in the browser's title bar ("Title" of the page's data).

// reportTitle names report rep of government gov: 示例区2024年政府工作报告,
// or the title itself when it already says both.
func reportTitle(gov string, rep ledger.Report) string {
	t := strings.TrimSpace(rep.Title)
	if t == "" {
		t = "政府工作报告"
	}
	year := strconv.Itoa(rep.Year)
	if strings.Contains(t, gov) && strings.Contains(t, year) {
		return t
	}
	return gov + year + "年" + t
}

// reconcileTitle names the reconciliation of gov's plan year with the
// next year's report: 示例区2024年目标 → 2025年报告回顾.
func reconcileTitle(gov string, year int, lang string) string {
	if lang == langEN {
		return gov + " " + strconv.Itoa(year) + " targets → review in the " + strconv.Itoa(year+1) + " report"
	}
	return gov + strconv.Itoa(year) + "年目标 → " + strconv.Itoa(year+1) + "年报告回顾"
}

// reportName is reportTitle of the report rep of the reports the service
// lists (which carry their governments), rep's own title when it is not
// among them.
func (s *Server) reportName(ctx context.Context, rep *ledger.Report) string {
	if rep == nil {
		return ""
	}
	refs, err := s.svc.Reports(ctx)
	if err == nil {
		for _, ref := range refs {
			if ref.ID == rep.ID {
				return reportTitle(ref.Government.Name, *rep)
			}
		}
	}
	return rep.Title
}

// titleOf is the "Title" of a page's data, "" if none.
func titleOf(data any) string {
	if m, ok := data.(map[string]any); ok {
		if t, ok := m["Title"].(string); ok {
			return t
		}
	}
	return ""
}
