package storetest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/ledger"
)

// GeneratedReport returns a report of about 20 KB of text with n
// commitments shaped like an imported report's: each with a target, every
// third with an assignment (lead, suggested lead, two cooperating units)
// and two milestones. The assignments name the units of GeneratedUnits.
func GeneratedReport(n int) (*ledger.Report, []ledger.Commitment) {
	var text strings.Builder
	for text.Len() < 20_000 {
		text.WriteString("坚持稳中求进工作总基调，新增学位6000个以上，城镇居民人均可支配收入增长6%。\n")
	}
	r := &ledger.Report{
		Title: "示例区人民政府工作报告", SourceName: "generated.txt", Format: "text", Encoding: "UTF-8",
		Text: text.String(), Structure: []byte(`{"title":"示例区人民政府工作报告","parts":[]}`),
		ImportedAt: time.Date(2024, 1, 15, 9, 30, 15, 0, time.UTC),
	}
	section := []string{"二、2024年工作安排", "（三）着力保障和改善民生"}
	units := GeneratedUnits()
	cs := make([]ledger.Commitment, n)
	for i := range cs {
		para, item := i/10+1, i%10+1
		code := fmt.Sprintf("2024-02-%02d-%d", para, item)
		clause := "新增学位" + strconv.Itoa(1000+i) + "个以上"
		c := ledger.Commitment{
			Code: code, Kind: ledger.KindTarget, Title: clause, Text: clause,
			Sentence: "新建改扩建学校12所，" + clause + "，办好人民满意的教育。", Start: i * 30, End: i*30 + 27,
			Section: section, Category: section[1], Lead: "办好人民满意的教育", Period: 2024,
			Target: &ledger.Target{Indicator: "新增学位", Quantity: strconv.Itoa(1000+i) + "个", Unit: "个",
				Comparator: "ge", Value: strconv.Itoa(1000 + i), Change: "increase", BaselineValue: "10340",
				BaselineYear: 2023, Binding: "约束性"},
		}
		if i%4 == 0 {
			d := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
			c.DeadlineText, c.Deadline = "6月底前", &d
		}
		if i%3 == 0 {
			c.Assignment = ledger.Assignment{
				Lead: units[i%len(units)].Name, SuggestedLead: units[i%len(units)].Name,
				Cooperating: []string{units[(i+1)%len(units)].Name, units[(i+2)%len(units)].Name},
				Leader:      "李副区长", Person: "王科长",
			}
			c.Milestones = []ledger.Milestone{
				{Due: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC), Expected: strconv.Itoa(500 + i)},
				{Due: time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC), Expected: strconv.Itoa(1000 + i), Description: "全部投入使用"},
			}
		}
		cs[i] = c
	}
	return r, cs
}

// GeneratedUnits returns the units directory GeneratedReport assigns
// commitments to.
func GeneratedUnits() []ledger.Unit {
	names := []string{"教育局", "财政局", "人力资源和社会保障局", "住房和城乡建设局", "民政局", "卫生健康局", "交通运输局"}
	units := make([]ledger.Unit, len(names))
	for i, n := range names {
		units[i] = ledger.Unit{Name: "示例区" + n, ShortName: "区" + n}
	}
	return units
}

// BenchmarkSaveReport saves a new report of n generated commitments per
// iteration into s (a migrated store) and reports reports/s.
func BenchmarkSaveReport(b *testing.B, s ledger.Store, n int) {
	ctx := b.Context()
	if _, _, err := s.SaveUnits(ctx, GeneratedUnits()); err != nil {
		b.Fatal(err)
	}
	var gov ledger.Government
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// A government has at most 1000 reports here: years 2000–2999.
		if i%1000 == 0 {
			var err error
			if gov, err = s.EnsureGovernment(ctx, ledger.Government{Name: fmt.Sprintf("示例区%d", i/1000)}); err != nil {
				b.Fatal(err)
			}
		}
		// Generating the report is not saving it.
		b.StopTimer()
		r, cs := GeneratedReport(n)
		r.GovernmentID, r.Year, r.Checksum = gov.ID, 2000+i%1000, fmt.Sprintf("%064x", i)
		b.StartTimer()
		if err := s.SaveReport(ctx, r, cs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reports/s")
}

// BenchmarkCommitments reads back a saved report of n generated
// commitments per iteration.
func BenchmarkCommitments(b *testing.B, s ledger.Store, n int) {
	ctx := b.Context()
	if _, _, err := s.SaveUnits(ctx, GeneratedUnits()); err != nil {
		b.Fatal(err)
	}
	gov, err := s.EnsureGovernment(ctx, ledger.Government{Name: "示例区"})
	if err != nil {
		b.Fatal(err)
	}
	r, cs := GeneratedReport(n)
	r.GovernmentID, r.Year = gov.ID, 2024
	if err := s.SaveReport(ctx, r, cs); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		got, err := s.Commitments(ctx, r.ID)
		if err != nil || len(got) != n {
			b.Fatalf("%d commitments, %v", len(got), err)
		}
	}
}

// BenchmarkViews reads the views of a report of n generated commitments
// carrying reports progress reports (the same number for each, on
// consecutive months), all submitted, the second newest approved on every
// fourth commitment, and reports milliseconds per Views call. Setting up
// is not measured; its times are logged. analyze, when not nil, runs
// after the setup: the database's statistics as its own background work
// would have them after such a load (PostgreSQL's autovacuum).
func BenchmarkViews(b *testing.B, s DB, n, reports int, analyze func(ctx context.Context) error) {
	ctx := b.Context()
	if _, _, err := s.SaveUnits(ctx, GeneratedUnits()); err != nil {
		b.Fatal(err)
	}
	gov, err := s.EnsureGovernment(ctx, ledger.Government{Name: "示例区"})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	r, cs := GeneratedReport(n)
	r.GovernmentID, r.Year = gov.ID, 2024
	if err := s.SaveReport(ctx, r, cs); err != nil {
		b.Fatal(err)
	}
	b.Logf("saved %d commitments in %v", n, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	per := max(reports/n, 1)
	const chunk = 10_000
	var batch []ledger.ProgressReport
	var approve []int64
	flush := func() {
		if err := s.ImportProgressReports(ctx, batch, "bench"); err != nil {
			b.Fatal(err)
		}
		for _, r := range batch {
			if c := r.CommitmentID - cs[0].ID; c%4 == 0 && r.Period == benchPeriod(per-2) {
				approve = append(approve, r.ID)
			}
		}
		batch = batch[:0]
	}
	for i, c := range cs {
		for p := range per {
			if i*per+p >= reports {
				break
			}
			batch = append(batch, ledger.ProgressReport{CommitmentID: c.ID, Period: benchPeriod(p),
				Value: strconv.Itoa(100 * (p + 1)), Percent: -1, Narrative: "按计划推进，已完成阶段目标。",
				Status: ledger.ReportSubmitted})
			if len(batch) == chunk {
				flush()
			}
		}
	}
	if len(batch) > 0 {
		flush()
	}
	b.Logf("imported %d progress reports in %v", reports, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	for _, id := range approve {
		if err := s.ReviewProgressReport(ctx, id, ledger.ReportApproved, "", "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("approved %d reports in %v", len(approve), time.Since(start).Round(time.Millisecond))
	if analyze != nil {
		if err := analyze(ctx); err != nil {
			b.Fatal(err)
		}
	}
	// For comparison: the commitments alone, which Views reads first.
	start = time.Now()
	for range 3 {
		if _, err := s.Commitments(ctx, r.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("Commitments alone: %.1f ms a call", float64(time.Since(start).Microseconds())/3000)
	var approved int
	for b.Loop() {
		vs, err := s.Views(ctx, r.ID)
		if err != nil || len(vs) != n {
			b.Fatalf("%d views, %v", len(vs), err)
		}
		approved = 0
		for _, v := range vs {
			if v.LatestApproved != nil {
				approved++
			}
		}
	}
	if approved != len(approve) {
		b.Fatalf("%d views with an approved report, want %d", approved, len(approve))
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/views")
}

// benchPeriod is the p-th month from January 2023.
func benchPeriod(p int) string { return fmt.Sprintf("%04d-%02d", 2023+p/12, p%12+1) }
