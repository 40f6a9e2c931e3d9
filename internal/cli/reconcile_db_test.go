package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"ducha/access"
	model "ducha/progress"
	"ducha/store"
	"ducha/supervise"

	"github.com/xuri/excelize/v2"
)

// TestReconcileStoredReviews: in the database mode every row starts
// 待核实; a verdict the office gives replaces the system's in the table
// and the workbook.
func TestReconcileStoredReviews(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, errOut := run(t, "", "demo", "--db", db, "--tasks", filepath.Join(dir, "tasks.xlsx")); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errOut)
	}
	args := []string{"reconcile", "--db", db, "--government", "示例区", "--year", "2024"}
	code, out, errOut := run(t, "", args...)
	if code != 0 {
		t.Fatalf("reconcile: exit %d: %s", code, errOut)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := &supervise.Service{Store: st}
	rc, err := svc.Reconcile(ctx, "示例区", 2024)
	if err != nil {
		t.Fatal(err)
	}
	n := len(rc.Lines)
	if want := strconv.Itoa(n) + " 项目标中 " + strconv.Itoa(n) + " 项系统比对、待督查室核实"; !strings.Contains(out, want) {
		t.Errorf("table lacks %q:\n%s", want, out)
	}
	l := rc.Lines[0]
	override := model.Missed
	if model.Verdict(l.Verdict) == model.Missed {
		override = model.Met
	}
	office := supervise.Actor{Login: "ducha", Role: access.Supervisor}
	if err := svc.ReviewLine(ctx, office, "示例区", 2024, l.Target.Start, l.Target.End, override, "以统计公报为准"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, out, _ = run(t, "", args...)
	if want := "督查室核定 " + l.Target.Indicator + " " + l.Target.Quantity + ": " + l.Verdict.Label("zh") + " → " +
		override.Label("zh-CN") + " 以统计公报为准"; !strings.Contains(out, want) {
		t.Errorf("table lacks %q:\n%s", want, out)
	}
	xlsx := filepath.Join(dir, "rc.xlsx")
	if code, _, errOut := run(t, "", append(args, "--format", "xlsx", "-o", xlsx)...); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	verdict, _ := f.GetCellValue("承诺兑现对照", "F3")
	review, _ := f.GetCellValue("承诺兑现对照", "K3")
	other, _ := f.GetCellValue("承诺兑现对照", "K4")
	if verdict != override.Label("zh-CN") || review != "督查室核定为"+override.Label("zh-CN")+" 以统计公报为准" || other != "系统比对，待核实" {
		t.Errorf("workbook row 3: %q / %q; row 4: %q", verdict, review, other)
	}
}
