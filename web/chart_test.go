package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
)

var (
	jan1  = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	dec31 = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	sep15 = time.Date(2024, 9, 15, 10, 0, 0, 0, time.UTC)
)

func report(period, value string, status ledger.ReportStatus) ledger.ProgressReport {
	return ledger.ProgressReport{Period: period, Value: value, Percent: -1, Status: status,
		SubmittedAt: time.Date(2024, 7, 3, 0, 0, 0, 0, time.UTC)}
}

// TestProgressChartPath: a count to reach is drawn as the plan over the
// year against the approved figures, with a legend and today labelled;
// reports not approved are not drawn.
func TestProgressChartPath(t *testing.T) {
	plan := progress.Plan{Start: jan1, Deadline: dec31, Target: 8, Direction: 1, Kind: progress.KindCount, Unit: "条"}
	reps := []ledger.ProgressReport{report("2024-03", "2", ledger.ReportApproved), report("2024-06", "5", ledger.ReportApproved),
		report("2024-07", "7", ledger.ReportSubmitted), report("2024-08", "8", ledger.ReportReturned), report("2024-09", "8", ledger.ReportDraft)}
	svg := string(drawProgress(plan, approvedPoints(reps), sep15, progress.Bands{}, langZH))
	for _, want := range []string{">计划进度</text>", ">实际进度</text>", ">今天 9月15日</text>", `class="plan"`, `class="actual"`,
		"<title>2024年6月 62%</title>", ">1月</text>", ">4月</text>", `viewBox="0 0 480 264"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in\n%s", want, svg)
		}
	}
	if n := strings.Count(svg, `<circle`); n != 2 {
		t.Errorf("%d points, want the 2 approved reports", n)
	}
	if strings.Contains(svg, `class="band"`) || strings.Contains(svg, "style=") {
		t.Errorf("a band or an inline style on a count's chart:\n%s", svg)
	}
	if en := string(drawProgress(plan, nil, sep15, progress.Bands{}, langEN)); !strings.Contains(en, ">Planned progress</text>") ||
		!strings.Contains(en, ">Today Sep 15</text>") {
		t.Errorf("English chart:\n%s", en)
	}
}

var rectRE = regexp.MustCompile(`<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)" class="band"/>`)

// TestProgressChartHolds: a ceiling of 3% (CPI rise kept within 3%) is a
// band from the bottom of the axis up to 3, the figures points — 2.5
// within it, 3.8 above it — and no path.
func TestProgressChartHolds(t *testing.T) {
	plan := progress.Plan{Start: jan1, Deadline: dec31, Target: 3, Direction: -1, Kind: progress.KindCeiling,
		Comparator: "le", Unit: "%"}
	if !plan.Holds() {
		t.Fatal("a ceiling does not hold")
	}
	reps := []ledger.ProgressReport{report("2024-03", "2.5", ledger.ReportApproved), report("2024-06", "3.8", ledger.ReportApproved)}
	svg := string(drawProgress(plan, approvedPoints(reps), sep15, progress.Bands{}, langZH))
	for _, want := range []string{">达标区间</text>", ">报告值</text>", ">目标 3%</text>", `class="dot hit"><title>2024年3月 2.5%</title>`,
		`class="dot miss"><title>2024年6月 3.8%</title>`, ">今天 9月15日</text>", ">2</text>", ">4</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("no %s in\n%s", want, svg)
		}
	}
	if strings.Contains(svg, "<polyline") {
		t.Errorf("a path on a ceiling's chart:\n%s", svg)
	}
	// The axis runs from 2 to 4 (the figures 2.5…3.8 and 3 ± 0.5, a tenth
	// of their span either side, out to a half) over y 54…234: 3 is at y
	// 144, the bottom at 234.
	m := rectRE.FindAllStringSubmatch(svg, -1)
	if len(m) != 2 { // the legend's swatch has other attributes; one band
		t.Fatalf("bands: %q\n%s", m, svg)
	}
	y, _ := strconv.ParseFloat(m[1][1], 64)
	h, _ := strconv.ParseFloat(m[1][2], 64)
	if y < 143 || y > 145.5 || y+h < 233 || y+h > 235 {
		t.Errorf("the band runs from y %.1f to %.1f, want about 144 to 234", y, y+h)
	}
}

// TestProgressChartBands: the band drawn is the office's tolerance, not
// the default. A rise of about 6% (增长6%左右) with a reported 5.2%: the
// default ±0.5 个百分点 leaves 5.2 outside the band (5.5–6.5); the office's
// ±1 puts it inside (5–7).
func TestProgressChartBands(t *testing.T) {
	plan := progress.Plan{Start: jan1, Deadline: dec31, Target: 6, Direction: 1, Kind: progress.KindRate,
		Comparator: "approx", Unit: "%"}
	if !plan.Holds() {
		t.Fatal("a rate does not hold")
	}
	pts := approvedPoints([]ledger.ProgressReport{report("2024-06", "5.2", ledger.ReportApproved)})
	for _, c := range []struct {
		name  string
		bands progress.Bands
		want  string
	}{
		{"default ±0.5", progress.Bands{}, `class="dot miss"><title>2024年6月 5.2%</title>`},
		{"office's ±1", progress.Bands{RatePoints: 1, AmountShare: 0.05, SeriousPoints: 2}, `class="dot hit"><title>2024年6月 5.2%</title>`},
	} {
		if svg := string(drawProgress(plan, pts, sep15, c.bands, langZH)); !strings.Contains(svg, c.want) {
			t.Errorf("%s: no %s in\n%s", c.name, c.want, svg)
		}
	}
}

// TestRankingChart: one bar a ranked unit in the order of the ranking,
// names escaped, unranked units left out.
func TestRankingChart(t *testing.T) {
	scores := []evaluate.UnitScore{
		{Unit: "区教育局", Ranked: true, Rank: 2, Total: 71.5},
		{Unit: `<b>"区"&局</b>`, Ranked: true, Rank: 1, Total: 88.25},
		{Unit: "区档案馆", Ranked: false},
	}
	svg := string(rankingChart(scores, langZH))
	first, second := strings.Index(svg, "1. &lt;b&gt;&#34;区&#34;&amp;局&lt;/b&gt;"), strings.Index(svg, "2. 区教育局")
	if first < 0 || second < first {
		t.Errorf("ranking not in order or not escaped:\n%s", svg)
	}
	if strings.Contains(svg, "<b>") || strings.Contains(svg, "区档案馆") {
		t.Errorf("unescaped name or an unranked unit:\n%s", svg)
	}
	if !strings.Contains(svg, ">88.25</text>") || strings.Count(svg, `class="score"`) != 2 {
		t.Errorf("totals:\n%s", svg)
	}
	if rankingChart(scores[2:], langZH) != "" {
		t.Error("a chart of no ranked unit")
	}
}
