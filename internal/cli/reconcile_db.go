package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"ducha/internal/cellsafe"
	"ducha/reconcile"
	"ducha/supervise"

	"github.com/xuri/excelize/v2"
)

// reconcileStored reconciles two stored reports of a government and sets
// the ledger's approved progress beside them.
func reconcileStored(env *Env, dsn, gov string, year int, format, out string) error {
	switch format {
	case "table", "jsonl":
	case "xlsx":
		if out == "" {
			return usageError("reconcile: --format xlsx needs -o FILE.xlsx")
		}
	default:
		return usageError("reconcile: --format %q: use table, jsonl or xlsx", format)
	}
	ctx := context.Background()
	st, err := openSupervision(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := &supervise.Service{Store: st}
	rc, err := svc.Reconcile(ctx, gov, year)
	if err != nil {
		return err
	}
	if format != "xlsx" {
		var ms []reconcile.Match
		for _, l := range rc.Lines {
			ms = append(ms, l.Match)
		}
		if err := writeMatches(env, ms, "", format); err != nil {
			return err
		}
		if format == "table" {
			// The office's verdicts replace the system's (the lines above).
			for _, l := range rc.Lines {
				if l.Override != "" {
					fmt.Fprintf(env.Stdout, "督查室核定 %s %s: %s → %s %s\n", l.Target.Indicator, l.Target.Quantity,
						l.Verdict.Label("zh"), l.Override.Label("zh-CN"), l.ReviewNote)
				}
			}
			fmt.Fprintf(env.Stdout, "%d 项目标中 %d 项系统比对、待督查室核实\n", len(rc.Lines), rc.Unconfirmed)
		}
		if format == "table" && rc.Contradictions > 0 {
			fmt.Fprintf(env.Stdout, "%d 项次年报告所述与台账审核通过的进展不一致:\n", rc.Contradictions)
			for _, l := range rc.Lines {
				if l.Contradicts {
					fmt.Fprintf(env.Stdout, "  %s %s: 报告 %s, 台账 %s\n", l.Commitment.Code, l.Target.Indicator, l.Achievement.Quantity, l.Approved)
				}
			}
		}
		return nil
	}
	sum, err := writeReconcileXLSX(out, gov, year, rc)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %s\n", out, sum)
	return nil
}

// writeReconcileXLSX writes the reconciliation as a workbook to out and
// returns its one-line summary. Every cell goes through cellsafe.
func writeReconcileXLSX(out, gov string, year int, rc supervise.Reconciliation) (string, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "承诺兑现对照"
	f.SetSheetName("Sheet1", sheet)
	title := fmt.Sprintf("%s%d年政府工作报告目标与%d年报告所述完成情况对照", gov, year, year+1)
	var werr error // the first error of a cell write
	set := func(col, row int, v string) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if err := cellsafe.SetText(f, sheet, cell, v); err != nil && werr == nil {
			werr = err
		}
	}
	set(1, 1, title)
	head := []string{"指标", "承诺", "承诺原文", "次年报告所述", "次年报告原文", "结论", "说明", "事项编码", "台账审核进展", "与台账不一致",
		"督查室核实"}
	for i, h := range head {
		set(i+1, 2, h)
	}
	for r, l := range rc.Lines {
		row := []string{l.Target.Indicator, comparatorZH(l.Target.Comparator) + l.Target.Quantity, l.TargetSentence, "", "",
			l.Effective().Label("zh-CN"), l.Note, "", l.Approved, "", reviewCell(l)}
		if l.Achievement != nil {
			row[3], row[4] = l.Achievement.Quantity, l.AchievementSentence
		}
		if l.Commitment != nil {
			row[7] = l.Commitment.Code
		}
		if l.Contradicts {
			row[9] = "是"
		}
		for i, v := range row {
			set(i+1, r+3, v)
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE3EA"}}})
	f.SetCellStyle(sheet, "A2", "K2", bold)
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	last, _ := excelize.CoordinatesToCellName(11, len(rc.Lines)+2)
	f.SetCellStyle(sheet, "A3", last, wrap)
	for col, w := range map[string]float64{"A": 18, "B": 14, "C": 50, "D": 14, "E": 50, "F": 10, "G": 30, "H": 16, "I": 12, "J": 10, "K": 30} {
		f.SetColWidth(sheet, col, col, w)
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
	sum := fmt.Sprintf("%d 项目标：超额完成 %d，完成 %d，未完成 %d，未提及 %d；与台账不一致 %d；待核实 %d", len(rc.Lines),
		rc.Counts[reconcile.Exceeded], rc.Counts[reconcile.Met], rc.Counts[reconcile.Missed], rc.Counts[reconcile.NotMentioned],
		rc.Contradictions, rc.Unconfirmed)
	set(1, len(rc.Lines)+4, sum)
	if werr != nil {
		return "", werr
	}
	if err := writeFileAtomic(out, func(w *os.File) error { _, err := f.WriteTo(w); return err }); err != nil {
		return "", err
	}
	return sum, nil
}

// writeFileAtomic writes path through a temporary file in its directory,
// so that a failure leaves no half-written file.
func writeFileAtomic(path string, write func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ducha-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// reviewCell says what the office made of a line: not yet reviewed, its
// verdict confirmed, or replaced (with the office's note).
func reviewCell(l supervise.Line) string {
	switch {
	case !l.Confirmed:
		return "系统比对，待核实"
	case l.Override == "":
		return strings.TrimSpace("已核实 " + l.ReviewNote)
	}
	return strings.TrimSpace("督查室核定为" + l.Override.Label("zh-CN") + " " + l.ReviewNote)
}
