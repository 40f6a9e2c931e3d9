package web

import (
	"fmt"
	"html/template"
	"sort"
	"strings"
	"time"

	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// progressChart draws the plan (expected fraction over the year) and the
// approved reports (actual fraction) of a commitment as an inline SVG.
func progressChart(d supervise.Detail, now time.Time, lang string) template.HTML {
	c := d.Item.Commitment
	if c.Kind != ledger.KindTarget {
		return ""
	}
	plan := supervise.PlanOf(c)
	start := plan.Start
	end := plan.Deadline
	if start.IsZero() && !end.IsZero() {
		start = time.Date(end.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if end.IsZero() {
		end = time.Date(start.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	}
	if start.IsZero() || !end.After(start) {
		return ""
	}
	const w, h, left, top, bottom, right = 640.0, 220.0, 44.0, 12.0, 28.0, 12.0
	span := end.Sub(start).Hours()
	x := func(t time.Time) float64 {
		f := t.Sub(start).Hours() / span
		return left + min(max(f, 0), 1.05)*(w-left-right)/1.05
	}
	y := func(f float64) float64 { return top + (1-min(max(f, -0.1), 1.3)/1.3)*(h-top-bottom) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h,
		template.HTMLEscapeString(translate(lang, "Planned vs. reported progress")))
	for _, f := range []float64{0, 0.5, 1} {
		fmt.Fprintf(&b, `<line x1="%g" x2="%g" y1="%.1f" y2="%.1f" class="grid"/><text x="4" y="%.1f" class="axis">%.0f%%</text>`,
			left, w-right, y(f), y(f), y(f)+4, f*100)
	}
	for m := start; !m.After(end); m = m.AddDate(0, 3, 0) {
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" class="axis">%s</text>`, x(m), h-8, m.Format("2006-01"))
	}
	// The plan, sampled weekly.
	var pts []string
	for t := start; !t.After(end.AddDate(0, 0, 7)); t = t.AddDate(0, 0, 7) {
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(t), y(progress.ExpectedFraction(plan, t))))
	}
	fmt.Fprintf(&b, `<polyline points="%s" class="plan"/>`, strings.Join(pts, " "))
	// Approved reports.
	reps := append([]ledger.ProgressReport(nil), d.Reports...)
	sort.Slice(reps, func(i, j int) bool { return reps[i].Period < reps[j].Period })
	pts = pts[:0]
	for _, r := range reps {
		if r.Status != ledger.ReportApproved {
			continue
		}
		at := periodEndOf(r.Period)
		if at.IsZero() {
			at = r.SubmittedAt
		}
		f := progress.ActualFraction(plan, *supervise.ReportOf(r))
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(at), y(f)))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" class="dot"><title>%s %.0f%%</title></circle>`, x(at), y(f),
			template.HTMLEscapeString(r.Period), f*100)
	}
	if len(pts) > 1 {
		fmt.Fprintf(&b, `<polyline points="%s" class="actual"/>`, strings.Join(pts, " "))
	}
	if !now.Before(start) && !now.After(end.AddDate(0, 1, 0)) {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%g" y2="%g" class="today"/>`, x(now), x(now), top, h-bottom)
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
