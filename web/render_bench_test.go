package web

import (
	"bytes"
	"fmt"
	"net/url"
	"testing"
	"time"

	"ducha/access"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// benchItems returns n targets of 40 units.
func benchItems(n int) []supervise.Item {
	items := make([]supervise.Item, n)
	for i := range items {
		d := time.Date(2026, time.Month(1+i%12), 28, 0, 0, 0, 0, time.UTC)
		st := progress.Statuses[i%len(progress.Statuses)]
		items[i] = supervise.Item{
			CommitmentView: &ledger.CommitmentView{Commitment: ledger.Commitment{ID: int64(i + 1),
				Code: fmt.Sprintf("2026-02-%02d-%04d-%d", i%8, i/10, i%10), Kind: ledger.KindTarget,
				Title: "新增学位" + fmt.Sprint(1000+i) + "个以上，办好人民满意的教育", Category: fmt.Sprint("类别", i%8),
				Deadline: &d, Target: &ledger.Target{Quantity: fmt.Sprint(1000+i) + "个"},
				Assignment: ledger.Assignment{Lead: fmt.Sprint("示例区单位", i%40)}}, State: ledger.StateInProgress},
			Result: progress.Result{Status: st, Light: progress.Green, Ratio: float64(i%97) / 97, Actual: 0.5, Stale: i%11 == 0},
		}
	}
	return items
}

func benchRender(b *testing.B, name string, data any) {
	pages, err := parsePages()
	if err != nil {
		b.Fatal(err)
	}
	rep := &ledger.Report{ID: 1, Title: "示例区人民政府工作报告", Year: 2026}
	p := page{Lang: langZH, Actor: supervise.Actor{Login: "ducha", Name: "督查室", Role: access.Supervisor}, User: true,
		CSRF: "token", Path: "/" + name, Reports: []reportChoice{{1, "示例区 2026"}}, Report: rep,
		Nav: navPerms{Review: true, Export: true}, Data: data}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := pages[pageKey(langZH, name)].ExecuteTemplate(&buf, "layout", p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}

func BenchmarkRenderList(b *testing.B) {
	items := benchItems(10_000)
	list, total := supervise.Select(items, supervise.Filter{}, 3, pageSize)
	rep := &ledger.Report{ID: 1, Title: "示例区人民政府工作报告", Year: 2026}
	view := &supervise.View{Items: items}
	benchRender(b, "list", listData(list, total, view.Facets(), supervise.Filter{}, url.Values{"page": {"3"}}, 3, rep, langZH, true))
}

func BenchmarkRenderDashboard(b *testing.B) {
	items := benchItems(10_000)
	rep := &ledger.Report{ID: 1, Title: "示例区人民政府工作报告", Year: 2026}
	benchRender(b, "dashboard", dashboardData(supervise.Summarize(items, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)), rep, langZH))
}
