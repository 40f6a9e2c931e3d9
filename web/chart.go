package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"ducha/evaluate"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// The charts are inline SVG drawn here, every text in them escaped. They
// are sized by their viewBox and scale with the page; the sizes of their
// texts are set in the stylesheet (in the viewBox's units, larger on a
// phone), so that the labels stay readable on a small screen. No inline
// style or script: the Content-Security-Policy allows neither.

// chartPoint is an approved report drawn on a progress chart: at the end
// of its period, else when it was submitted.
type chartPoint struct {
	At     time.Time
	Period string
	Report progress.Report
}

// approvedPoints are the chart points of the approved reports among reps,
// in period order; no other report is ever drawn.
func approvedPoints(reps []ledger.ProgressReport) []chartPoint {
	var pts []chartPoint
	for _, r := range reps {
		if r.Status != ledger.ReportApproved {
			continue
		}
		at := periodEndOf(r.Period)
		if at.IsZero() {
			at = r.SubmittedAt
		}
		pts = append(pts, chartPoint{At: at, Period: r.Period, Report: *supervise.ReportOf(r)})
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Period < pts[j].Period })
	return pts
}

// progressChart draws the plan and the approved reports of a commitment,
// for the internal commitment page, with the office's tolerance bands
// (the settings' progress.Bands, as the status is judged).
func progressChart(d supervise.Detail, now time.Time, bands progress.Bands, lang string) template.HTML {
	c := d.Item.Commitment
	if c.Kind != ledger.KindTarget {
		return ""
	}
	return drawProgress(supervise.PlanOfView(*d.Item.CommitmentView), approvedPoints(d.Reports), now, bands, lang)
}

// bands are the tolerance bands of the office's settings, which the
// statuses are judged by; the defaults when the settings cannot be read.
func (s *Server) bands(ctx context.Context) progress.Bands {
	st, err := s.svc.Settings(ctx)
	if err != nil {
		return progress.Bands{}
	}
	return st.Thresholds().Bands
}

// Geometry of the progress chart, in viewBox units.
const (
	chW, chH                     = 480.0, 264.0
	chLeft, chRight, chTop, chBt = 52.0, 12.0, 54.0, 30.0
)

// drawProgress draws plan against the points. A target judged by its
// figure (a rate, a ceiling, a reduction: plan.Holds) is drawn as the band
// of figures that reach it, with the reported figures as points; any other
// as the expected progress over time (计划进度) against the reported
// progress (实际进度). A line marks today when it falls in the plan's time.
// bands are the tolerances the office set (Settings.Thresholds().Bands):
// the band drawn is the one the status is judged by.
func drawProgress(plan progress.Plan, pts []chartPoint, now time.Time, bands progress.Bands, lang string) template.HTML {
	start, end := plan.Start, plan.Deadline
	if start.IsZero() && !end.IsZero() {
		start = time.Date(end.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if end.IsZero() && !start.IsZero() {
		end = time.Date(start.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	}
	if start.IsZero() || !end.After(start) {
		return ""
	}
	span := end.Sub(start).Hours()
	x := func(t time.Time) float64 {
		f := min(max(t.Sub(start).Hours()/span, 0), 1.05)
		return chLeft + f*(chW-chLeft-chRight)/1.05
	}
	var b strings.Builder
	label := translate(lang, "Planned vs. reported progress")
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s">`, chW, chH, template.HTMLEscapeString(label))
	if plan.Holds() {
		drawHolds(&b, plan, pts, x, bands, lang)
	} else {
		drawPath(&b, plan, pts, start, end, x, lang)
	}
	// The months along the bottom, a tick a quarter.
	for m := start; !m.After(end); m = m.AddDate(0, 3, 0) {
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" class="axis"%s>%s</text>`, x(m), chH-6, anchorAt(x(m), 0),
			template.HTMLEscapeString(monthLabel(m, lang)))
	}
	if !now.Before(start) && !now.After(end.AddDate(0, 1, 0)) {
		tx := x(now)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%g" y2="%g" class="today"/>`, tx, tx, chTop-4, chH-chBt)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" class="lbl today-lbl"%s>%s</text>`, tx, chTop-8, anchorAt(tx, 70),
			template.HTMLEscapeString(translate(lang, "Today")+" "+dayLabel(now, lang)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// drawPath draws the expected fraction over time and the reported ones.
func drawPath(b *strings.Builder, plan progress.Plan, pts []chartPoint, start, end time.Time, x func(time.Time) float64, lang string) {
	y := func(f float64) float64 { return chTop + (1-min(max(f, -0.1), 1.3)/1.3)*(chH-chTop-chBt) }
	legend(b, lang, [2]string{"plan", "Planned progress"}, [2]string{"actual", "Actual progress"})
	for _, f := range []float64{0, 0.5, 1} {
		fmt.Fprintf(b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="grid"/><text x="%g" y="%.1f" class="axis" text-anchor="end">%.0f%%</text>`,
			chLeft, chW-chRight, y(f), y(f), chLeft-6, y(f)+5, f*100)
	}
	// The plan, sampled weekly.
	var line []string
	for t := start; !t.After(end.AddDate(0, 0, 7)); t = t.AddDate(0, 0, 7) {
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(t), y(progress.ExpectedFraction(plan, t))))
	}
	fmt.Fprintf(b, `<polyline points="%s" class="plan"/>`, strings.Join(line, " "))
	line = line[:0]
	var dots strings.Builder
	for _, p := range pts {
		f := progress.ActualFraction(plan, p.Report)
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(p.At), y(f)))
		fmt.Fprintf(&dots, `<circle cx="%.1f" cy="%.1f" r="5" class="dot"><title>%s %.0f%%</title></circle>`, x(p.At), y(f),
			template.HTMLEscapeString(progress.PeriodName(p.Period)), f*100)
	}
	if len(line) > 1 {
		fmt.Fprintf(b, `<polyline points="%s" class="actual"/>`, strings.Join(line, " "))
	}
	b.WriteString(dots.String())
}

// drawHolds draws the band of figures that reach the target — where
// progress.Judge says the figure meets or exceeds it — and the reported
// figures as points, green in the band and red outside.
func drawHolds(b *strings.Builder, plan progress.Plan, pts []chartPoint, x func(time.Time) float64, bands progress.Bands, lang string) {
	g := plan.Goal()
	// The axis spans the target with room either side (15% of it, at
	// least half a unit), so that the band's edges show, and the figures.
	spread := math.Max(math.Abs(g.Value)*0.15, 0.5)
	lo, hi := g.Value-spread, g.Value+spread
	if g.HasHigh {
		hi = math.Max(hi, g.High+spread)
	}
	for _, p := range pts {
		if p.Report.HasValue && !math.IsNaN(p.Report.Value) && !math.IsInf(p.Report.Value, 0) {
			lo, hi = math.Min(lo, p.Report.Value), math.Max(hi, p.Report.Value)
		}
	}
	pad := (hi - lo) * 0.1
	// The ends of the axis: a tenth of the span beyond, rounded out to a
	// round step.
	step := math.Pow(10, math.Floor(math.Log10(hi-lo+2*pad))) / 2
	lo, hi = math.Floor((lo-pad)/step)*step, math.Ceil((hi+pad)/step)*step
	if lo < 0 && g.Value >= 0 {
		lo = 0
	}
	y := func(v float64) float64 { return chTop + (hi-v)/(hi-lo)*(chH-chTop-chBt) }
	legend(b, lang, [2]string{"band", "Target band"}, [2]string{"dot", "Reported figure"})
	// The band: the runs of figures, on a fine grid of the axis, that
	// reach the target.
	const steps = 240
	reaches := func(v float64) bool {
		j := progress.Judge(g, v, bands)
		return j == progress.Met || j == progress.Exceeded
	}
	runStart := math.NaN()
	for i := 0; i <= steps; i++ {
		v := lo + (hi-lo)*float64(i)/steps
		in := reaches(v)
		if in && math.IsNaN(runStart) {
			runStart = v
		}
		if (!in || i == steps) && !math.IsNaN(runStart) {
			top := v
			if !in {
				top = lo + (hi-lo)*float64(i-1)/steps
			}
			fmt.Fprintf(b, `<rect x="%g" y="%.1f" width="%g" height="%.1f" class="band"/>`, chLeft, y(top), chW-chLeft-chRight,
				math.Max(y(runStart)-y(top), 1))
			runStart = math.NaN()
		}
	}
	unit := g.Unit
	for _, v := range []float64{lo, hi} {
		fmt.Fprintf(b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="grid"/><text x="%g" y="%.1f" class="axis" text-anchor="end">%s</text>`,
			chLeft, chW-chRight, y(v), y(v), chLeft-6, y(v)+5, template.HTMLEscapeString(figure(v)))
	}
	fmt.Fprintf(b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="target"/><text x="%g" y="%.1f" class="axis" text-anchor="end">%s</text>`,
		chLeft, chW-chRight, y(g.Value), y(g.Value), chLeft-6, y(g.Value)+5, template.HTMLEscapeString(figure(g.Value)))
	fmt.Fprintf(b, `<text x="%g" y="%.1f" class="lbl">%s</text>`, chLeft+6, y(g.Value)-6,
		template.HTMLEscapeString(translate(lang, "Goal")+" "+figure(g.Value)+unit))
	for _, p := range pts {
		if !p.Report.HasValue || math.IsNaN(p.Report.Value) || math.IsInf(p.Report.Value, 0) {
			continue
		}
		v := p.Report.Value
		cls := "dot miss"
		if reaches(v) {
			cls = "dot hit"
		}
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="6" class="%s"><title>%s %s</title></circle>`, x(p.At), y(v), cls,
			template.HTMLEscapeString(progress.PeriodName(p.Period)), template.HTMLEscapeString(figure(v)+unit))
	}
}

// legend writes the chart's legend along its top: a swatch of class
// entry[0] and the text entry[1] in lang, for each entry.
func legend(b *strings.Builder, lang string, entries ...[2]string) {
	lx := chLeft
	for _, e := range entries {
		text := translate(lang, e[1])
		switch e[0] {
		case "plan", "actual":
			fmt.Fprintf(b, `<line x1="%g" x2="%g" y1="10" y2="10" class="%s"/>`, lx, lx+24, e[0])
		case "band":
			fmt.Fprintf(b, `<rect x="%g" y="3" width="24" height="14" class="band"/>`, lx)
		default:
			fmt.Fprintf(b, `<circle cx="%g" cy="10" r="6" class="dot hit"/>`, lx+12)
		}
		fmt.Fprintf(b, `<text x="%g" y="15" class="lbl">%s</text>`, lx+30, template.HTMLEscapeString(text))
		lx += 30 + 16*float64(len([]rune(text)))*textWidth(text) + 24
	}
}

// textWidth is the width of an average character of s in ems: 1 for
// Chinese, about half for Latin letters.
func textWidth(s string) float64 {
	if s == "" {
		return 1
	}
	wide := 0
	for _, r := range s {
		if r > 0x2e7f {
			wide++
		}
	}
	n := len([]rune(s))
	return (float64(wide) + 0.55*float64(n-wide)) / float64(n)
}

// anchorAt keeps a label at x inside the chart: anchored at its end near
// the right edge (within room of it), at its middle elsewhere but the
// left edge.
func anchorAt(x, room float64) string {
	switch {
	case x > chW-chRight-max(room, 30):
		return ` text-anchor="end"`
	case x < chLeft+20:
		return ""
	}
	return ` text-anchor="middle"`
}

// figure writes a figure as a report would: at most two decimals, no
// trailing zeros.
func figure(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// monthLabel names the month of t on an axis: 4月, Apr.
func monthLabel(t time.Time, lang string) string {
	if lang == langEN {
		return t.Format("Jan")
	}
	return fmt.Sprintf("%d月", int(t.Month()))
}

// dayLabel names a day: 9月15日, or Sep 15.
func dayLabel(t time.Time, lang string) string {
	if lang == langEN {
		return t.Format("Jan 2")
	}
	return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
}

// rankingChart draws the evaluation's totals as bars, one a unit in the
// order of the ranking, the unit's name above its bar. Units without a
// rank (nothing counted for completion) are left out.
func rankingChart(scores []evaluate.UnitScore, lang string) template.HTML {
	var ranked []evaluate.UnitScore
	for _, s := range scores {
		if s.Ranked {
			ranked = append(ranked, s)
		}
	}
	if len(ranked) == 0 {
		return ""
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Rank < ranked[j].Rank })
	const w, left, right, row, bar = 480.0, 4.0, 64.0, 44.0, 14.0
	h := row*float64(len(ranked)) + 8
	top := 100.0 // Total runs from 0 to 100
	for _, s := range ranked {
		top = math.Max(top, s.Total)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart ranking" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h,
		template.HTMLEscapeString(translate(lang, "Ranking by total score")))
	for i, s := range ranked {
		y := float64(i)*row + 4
		bw := math.Max(s.Total/top*(w-left-right), 1)
		fmt.Fprintf(&b, `<text x="%g" y="%g" class="lbl">%d. %s</text>`, left, y+17, s.Rank, template.HTMLEscapeString(s.Unit))
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" class="track"/>`, left, y+24, w-left-right, bar)
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%.1f" height="%g" class="score"><title>%s %.2f</title></rect>`, left, y+24, bw, bar,
			template.HTMLEscapeString(s.Unit), s.Total)
		fmt.Fprintf(&b, `<text x="%g" y="%g" class="lbl num" text-anchor="end">%.2f</text>`, w-4, y+37, s.Total)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// periodEndOf is the last day of a period 2024-06 or 2024-Q2.
func periodEndOf(p string) time.Time {
	var y, m int
	if _, err := fmt.Sscanf(p, "%4d-Q%d", &y, &m); err == nil && strings.Contains(p, "Q") {
		return time.Date(y, time.Month(m*3+1), 0, 0, 0, 0, 0, time.UTC)
	}
	if _, err := fmt.Sscanf(p, "%4d-%2d", &y, &m); err == nil {
		return time.Date(y, time.Month(m+1), 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}
