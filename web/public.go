package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"ducha/access"
	"ducha/internal/cellsafe"
	"ducha/ledger"
	"ducha/progress"
	"ducha/supervise"
)

// The public site shows the same ledger the office works from, and only
// what is meant for everyone: the report, the commitments with their
// status computed from approved progress, and the approved updates'
// figures and narratives. Drafts, submitted and returned reports,
// problems and explanations, comments, 督办单, evidence files, the audit
// log and contact details are never read into a public page.

// publicItem is a commitment as the public sees it.
type publicItem struct {
	ID          int64    `json:"-"`
	Code        string   `json:"code"`
	Title       string   `json:"title"`
	Category    string   `json:"category"`
	Section     []string `json:"section"`
	Sentence    string   `json:"sentence"`
	Quantity    string   `json:"quantity,omitempty"`
	Indicator   string   `json:"indicator,omitempty"`
	TargetValue string   `json:"target_value,omitempty"`
	Unit        string   `json:"unit,omitempty"`
	Deadline    string   `json:"deadline,omitempty"`
	Lead        string   `json:"lead_unit"`
	Cooperating []string `json:"cooperating_units"`
	Status      string   `json:"status"`
	Light       string   `json:"light"`
	Progress    float64  `json:"progress"`
	Value       string   `json:"latest_value,omitempty"`
	Period      string   `json:"latest_period,omitempty"`
	Closed      bool     `json:"closed"`
	URL         string   `json:"url"`

	status progress.Status
	light  progress.Light
	leaf   bool
}

// publicOf turns items into what the public sees. Only leaves carry
// progress (a parent's is its children's).
func publicOf(items []supervise.Item, base string) []publicItem {
	out := make([]publicItem, 0, len(items))
	for i, it := range items {
		if it.Kind != ledger.KindTarget {
			continue
		}
		p := publicItem{ID: it.ID, Code: it.Code, Title: it.Title, Category: it.Category, Section: it.Section,
			Sentence: it.Sentence, Lead: it.Assignment.Lead, Cooperating: it.Assignment.Cooperating,
			Status: string(it.Result.Status), Light: string(it.Result.Light), Progress: round2(min(max(it.Result.Actual, 0), 1)),
			Closed: it.State == ledger.StateClosed, URL: base + "/c/" + url.PathEscape(it.Code),
			status: it.Result.Status, light: it.Result.Light,
			leaf: i+1 >= len(items) || !strings.HasPrefix(items[i+1].Code, it.Code+".")}
		if it.Result.Status == progress.Completed {
			p.Progress = 1
		}
		if p.Cooperating == nil {
			p.Cooperating = []string{}
		}
		if t := it.Target; t != nil {
			p.Quantity, p.Indicator, p.TargetValue, p.Unit = t.Quantity, t.Indicator, t.Value, t.Unit
		}
		if it.Deadline != nil {
			p.Deadline = it.Deadline.Format("2006-01-02")
		}
		if a := it.LatestApproved; a != nil {
			p.Value, p.Period = a.Value, a.Period
		}
		out = append(out, p)
	}
	return out
}

// isPractical reports whether a commitment is one of the 为民实事.
func isPractical(p publicItem) bool {
	for _, s := range p.Section {
		if strings.Contains(s, "实事") {
			return true
		}
	}
	return strings.Contains(p.Category, "实事")
}

// publicReport resolves {gov} and {year} of a public URL.
func (s *Server) publicReport(r *http.Request) (ledger.Government, ledger.Report, []supervise.Item, error) {
	gov := r.PathValue("gov")
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return ledger.Government{}, ledger.Report{}, nil, ledger.Errorf(ledger.ENotFound, "页面不存在")
	}
	g, err := s.store.Government(r.Context(), gov)
	if err != nil {
		return g, ledger.Report{}, nil, err
	}
	rep, err := s.store.Report(r.Context(), g.ID, year)
	if err != nil {
		return g, rep, nil, err
	}
	items, err := s.svc.Items(r.Context(), rep.ID)
	// 不列入 is not a commitment: never shown publicly.
	return g, rep, supervise.Included(items), err
}

func publicBase(g string, year int) string {
	return "/public/" + url.PathEscape(g) + "/" + strconv.Itoa(year)
}

func (s *Server) publicIndex(w http.ResponseWriter, r *http.Request, rq *request) error {
	govs, err := s.store.Governments(r.Context())
	if err != nil {
		return err
	}
	type entry struct {
		Gov   ledger.Government
		Years []int
	}
	var list []entry
	for _, g := range govs {
		rs, err := s.store.Reports(r.Context(), g.ID)
		if err != nil {
			return err
		}
		e := entry{Gov: g}
		for _, rep := range rs {
			e.Years = append(e.Years, rep.Year)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(e.Years)))
		if len(e.Years) > 0 {
			list = append(list, e)
		}
	}
	s.render(w, r, rq, "public_index", http.StatusOK, map[string]any{"List": list})
	return nil
}

type categoryGroup struct {
	Name       string
	Items      []publicItem
	Completion float64
	Lights     map[string]int
}

type childSummary struct {
	Gov        ledger.Government
	ReportID   int64
	URL        string
	Targets    int
	Completion float64
	Lights     map[progress.Light]int
}

type acrossRow struct {
	Indicator string
	Mine      publicItem
	Others    []acrossCell
}

type acrossCell struct {
	Gov  string
	Item publicItem
}

func (s *Server) publicReportPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	base := publicBase(g.Name, rep.Year)
	pub := publicOf(items, base)
	var practical []publicItem
	var groups []*categoryGroup
	byName := map[string]*categoryGroup{}
	for _, p := range pub {
		if !p.leaf {
			continue
		}
		if isPractical(p) {
			practical = append(practical, p)
		}
		// A commitment of no category is shown under its section, so
		// that no group goes without a heading.
		name := p.Category
		if name == "" && len(p.Section) > 0 {
			name = p.Section[len(p.Section)-1]
		}
		if name == "" {
			name = translate(rq.Lang, "Other")
		}
		cg := byName[name]
		if cg == nil {
			cg = &categoryGroup{Name: name, Lights: map[string]int{}}
			byName[name] = cg
			groups = append(groups, cg)
		}
		cg.Items = append(cg.Items, p)
		cg.Completion += p.Progress
		cg.Lights[p.Light]++
	}
	for _, cg := range groups {
		cg.Completion /= float64(len(cg.Items))
	}
	sum := supervise.Summarize(items, s.now())
	// Lower levels: the districts' ledgers of the same year, and the same
	// indicators across levels.
	children, across, err := s.lowerLevels(r, g, rep.Year, pub)
	if err != nil {
		return err
	}
	hasNext := false
	if _, err := s.store.Report(r.Context(), g.ID, rep.Year+1); err == nil {
		hasNext = true
	}
	s.render(w, r, rq, "public_report", http.StatusOK, map[string]any{
		"Gov": g, "Report": rep, "Base": base, "Practical": practical, "Groups": groups, "Title": reportTitle(g.Name, rep),
		"Completion": sum.All.Completion, "Targets": sum.Targets, "Children": children, "Across": across,
		"HasNext": hasNext, "Units": unitsOf(pub),
	})
	return nil
}

func unitsOf(pub []publicItem) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pub {
		if p.Lead != "" && !seen[p.Lead] {
			seen[p.Lead] = true
			out = append(out, p.Lead)
		}
	}
	sort.Strings(out)
	return out
}

// lowerLevels summarises the governments whose parent is g, for the same
// year, and pairs g's indicators with theirs.
func (s *Server) lowerLevels(r *http.Request, g ledger.Government, year int, mine []publicItem) ([]childSummary, []acrossRow, error) {
	govs, err := s.store.Governments(r.Context())
	if err != nil {
		return nil, nil, err
	}
	var kids []childSummary
	rows := map[string]*acrossRow{}
	var order []string
	for _, c := range govs {
		if c.Parent != g.Name {
			continue
		}
		rep, err := s.store.Report(r.Context(), c.ID, year)
		if ledger.ErrorCode(err) == ledger.ENotFound {
			continue
		} else if err != nil {
			return nil, nil, err
		}
		items, err := s.svc.Items(r.Context(), rep.ID)
		if err != nil {
			return nil, nil, err
		}
		items = supervise.Included(items)
		sum := supervise.Summarize(items, s.now())
		base := publicBase(c.Name, year)
		kids = append(kids, childSummary{Gov: c, ReportID: rep.ID, URL: base, Targets: sum.Targets, Completion: sum.All.Completion, Lights: sum.All.ByLight})
		theirs := publicOf(items, base)
		for _, m := range mine {
			if m.Indicator == "" || !m.leaf {
				continue
			}
			best, score := -1, 0.0
			for i, t := range theirs {
				if t.Indicator == "" || t.Unit != m.Unit || !t.leaf {
					continue
				}
				if sc := ledger.Similarity(m.Indicator, t.Indicator); sc > score {
					best, score = i, sc
				}
			}
			if best < 0 || score < 0.6 {
				continue
			}
			row := rows[m.Code]
			if row == nil {
				row = &acrossRow{Indicator: m.Indicator, Mine: m}
				rows[m.Code] = row
				order = append(order, m.Code)
			}
			row.Others = append(row.Others, acrossCell{Gov: c.Name, Item: theirs[best]})
		}
	}
	var across []acrossRow
	for _, code := range order {
		across = append(across, *rows[code])
	}
	return kids, across, nil
}

func (s *Server) publicCommitment(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	code := r.PathValue("code")
	base := publicBase(g.Name, rep.Year)
	var it *supervise.Item
	for i := range items {
		if items[i].Code == code && items[i].Kind == ledger.KindTarget {
			it = &items[i]
		}
	}
	if it == nil {
		return ledger.Errorf(ledger.ENotFound, "承诺事项 %s 不存在", code)
	}
	p := publicOf([]supervise.Item{*it}, base)[0]
	reps, err := s.store.ProgressReports(r.Context(), it.ID)
	if err != nil {
		return err
	}
	type update struct {
		Period, Value, Narrative string
		Percent                  int
		Done                     bool
		At                       time.Time
	}
	var updates []update
	for _, pr := range reps {
		if pr.Status != ledger.ReportApproved {
			continue
		}
		updates = append(updates, update{Period: pr.Period, Value: pr.Value, Narrative: pr.Narrative, Percent: pr.Percent,
			Done: pr.Done, At: pr.ReviewedAt})
	}
	s.render(w, r, rq, "public_commitment", http.StatusOK, map[string]any{"Gov": g, "Report": rep, "Base": base,
		"ReportTitle": reportTitle(g.Name, rep), "Title": truncate(p.Title, 30) + " · " + reportTitle(g.Name, rep),
		// The chart draws the approved reports only (approvedPoints).
		"Chart": drawProgress(supervise.PlanOfView(*it.CommitmentView), approvedPoints(reps), s.now(), s.bands(r.Context()), rq.Lang),
		"P":     p, "Updates": updates, "Status": it.Result.Status, "Light": it.Result.Light})
	return nil
}

func (s *Server) publicUnit(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	name := r.PathValue("unit")
	base := publicBase(g.Name, rep.Year)
	var lead, coop []publicItem
	for _, p := range publicOf(items, base) {
		if !p.leaf {
			continue
		}
		if p.Lead == name {
			lead = append(lead, p)
		} else {
			for _, c := range p.Cooperating {
				if c == name {
					coop = append(coop, p)
				}
			}
		}
	}
	if len(lead)+len(coop) == 0 {
		return ledger.Errorf(ledger.ENotFound, "单位 %s 没有承担%d年的承诺事项", name, rep.Year)
	}
	s.render(w, r, rq, "public_unit", http.StatusOK, map[string]any{"Gov": g, "Report": rep, "Base": base,
		"ReportTitle": reportTitle(g.Name, rep), "Title": name + " · " + reportTitle(g.Name, rep),
		"Unit": name, "Lead": lead, "Coop": coop})
	return nil
}

func (s *Server) publicReconcile(w http.ResponseWriter, r *http.Request, rq *request) error {
	gov := r.PathValue("gov")
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil {
		return ledger.Errorf(ledger.ENotFound, "页面不存在")
	}
	rc, err := s.svc.Reconcile(r.Context(), gov, year)
	if err != nil {
		return err
	}
	s.render(w, r, rq, "public_reconcile", http.StatusOK, map[string]any{"R": rc, "Base": publicBase(gov, year),
		"Title": reconcileTitle(rc.Government.Name, rc.Year, rq.Lang)})
	return nil
}

// Open data.

func (s *Server) publicJSON(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	pub := publicOf(items, publicBase(g.Name, rep.Year))
	w.Header().Set("Access-Control-Allow-Origin", "*")
	writeJSON(w, http.StatusOK, map[string]any{"government": g.Name, "level": g.Level, "year": rep.Year,
		"title": rep.Title, "generated_at": s.now().UTC().Format(time.RFC3339), "commitments": pub})
	return nil
}

func (s *Server) publicCSV(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	cw, err := cellsafe.NewCSV(&buf, true, false) // Excel opens UTF-8 CSV with a BOM
	if err != nil {
		return err
	}
	cw.Write([]string{"编码", "任务内容", "分类", "指标", "目标", "目标值", "单位", "完成时限", "牵头单位", "配合单位",
		"状态", "进度", "最新完成值", "期次", "链接"})
	for _, p := range publicOf(items, publicBase(g.Name, rep.Year)) {
		cw.Write([]string{p.Code, p.Title, p.Category, p.Indicator, p.Quantity, p.TargetValue, p.Unit, p.Deadline,
			p.Lead, strings.Join(p.Cooperating, "|"), progress.Status(p.Status).Label("zh"),
			strconv.FormatFloat(p.Progress, 'f', 2, 64), p.Value, p.Period, p.URL})
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(fmt.Sprintf("%s%d年承诺事项.csv", g.Name, rep.Year)))
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(buf.Bytes())
	return nil
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Link    []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

// publicFeed is an Atom feed of the approved updates, newest first.
func (s *Server) publicFeed(w http.ResponseWriter, r *http.Request, rq *request) error {
	g, rep, items, err := s.publicReport(r)
	if err != nil {
		return err
	}
	base := publicBase(g.Name, rep.Year)
	reps, err := s.store.ReportsByStatus(r.Context(), rep.ID, ledger.ReportApproved)
	if err != nil {
		return err
	}
	sort.SliceStable(reps, func(i, j int) bool { return reps[i].ReviewedAt.After(reps[j].ReviewedAt) })
	if len(reps) > 100 {
		reps = reps[:100]
	}
	byID := map[int64]supervise.Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	origin := s.origin(r)
	f := atomFeed{Title: fmt.Sprintf("%s%d年政府工作报告承诺事项进展", g.Name, rep.Year), ID: origin + base + "/feed.atom",
		Updated: rep.ImportedAt.UTC().Format(time.RFC3339),
		Link:    []atomLink{{Rel: "self", Href: origin + base + "/feed.atom"}, {Href: origin + base}}}
	for i, pr := range reps {
		it, ok := byID[pr.CommitmentID]
		if !ok {
			continue
		}
		link := origin + base + "/c/" + url.PathEscape(it.Code)
		at := pr.ReviewedAt.UTC().Format(time.RFC3339)
		if i == 0 {
			f.Updated = at
		}
		title := it.Code + " " + truncate(it.Title, 40) + " · " + progress.PeriodName(pr.Period)
		sum := pr.Narrative
		if pr.Value != "" && it.Target != nil {
			sum = "完成值 " + pr.Value + it.Target.Unit + "。" + sum
		}
		f.Entries = append(f.Entries, atomEntry{Title: title, ID: link + "#" + pr.Period, Updated: at,
			Link: atomLink{Href: link}, Summary: sum})
	}
	out, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	w.Write(out)
	return nil
}

// origin is the server's address for absolute links: the configured base
// URL, else the request's host.
func (s *Server) origin(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// reconcilePage is the internal page of the current report's
// reconciliation with next year's.
func (s *Server) reconcilePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	rep, err := s.currentReport(r, rq)
	if err != nil {
		return err
	}
	if rep == nil {
		return ledger.Errorf(ledger.ENotFound, "尚未导入报告")
	}
	g, err := s.governmentOf(r, rep.GovernmentID)
	if err != nil {
		return err
	}
	rc, err := s.svc.Reconcile(r.Context(), g.Name, rep.Year)
	if err != nil {
		if ledger.ErrorCode(err) != ledger.ENotFound {
			return err
		}
		s.render(w, r, rq, "public_reconcile", http.StatusOK, map[string]any{"Missing": err.Error()})
		return nil
	}
	// Links only to the commitments the viewer may open, as the reader
	// does.
	items, err := s.svc.Items(r.Context(), rep.ID)
	if err != nil {
		return err
	}
	visible := map[int64]bool{}
	for _, it := range supervise.Visible(rq.Actor, items) {
		visible[it.ID] = true
	}
	s.render(w, r, rq, "public_reconcile", http.StatusOK, map[string]any{"R": rc, "Base": publicBase(g.Name, rep.Year), "Internal": true,
		"Visible": visible, "Title": reconcileTitle(g.Name, rep.Year, rq.Lang),
		"CanReview": rq.Actor.CanDo(access.EditLedger)})
	return nil
}
