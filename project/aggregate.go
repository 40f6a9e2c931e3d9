package project

import (
	"regexp"
	"strconv"
	"strings"
)

// Measure is how a commitment's figure is computed from the projects
// linked to it — never typed twice.
type Measure string

// The measures.
const (
	// MeasureStageCount is the number of linked projects that reached a
	// stage (65个项目开建: 开工 reached, or any later stage).
	MeasureStageCount Measure = "stage_count"
	// MeasureInvestment is the investment completed this year by the
	// linked projects, by their approved reports (完成投资320亿元), 万元.
	MeasureInvestment Measure = "investment"
	// MeasureStageRate is the share, in percent, of the linked projects
	// that reached a stage (开工率80%): its denominator is the number
	// linked.
	MeasureStageRate Measure = "stage_rate"
)

// Link is how a commitment is computed from its projects.
type Link struct {
	Measure Measure
	Stage   string // for the stage measures
}

// Figure is a linked commitment's computed figure and the list behind it.
type Figure struct {
	Value float64 // a count, 万元, or a percent
	// Counted are the projects counted (reached the stage; with an
	// approved figure), Of how many were linked.
	Counted []int64
	Of      int
}

// reached reports whether p reached stage or a later one, by its
// approved reports.
func reached(p Project, stage string) bool {
	i := p.StageIndex(stage)
	if i < 0 {
		return false
	}
	for _, s := range p.Stages[i:] {
		if s.Reached() {
			return true
		}
	}
	return false
}

// Aggregate computes l over the linked projects items (their stages and
// latest approved reports: approved data only).
func Aggregate(l Link, items []Item) Figure {
	f := Figure{Of: len(items)}
	for _, it := range items {
		switch l.Measure {
		case MeasureStageCount, MeasureStageRate:
			if reached(it.Project, l.Stage) {
				f.Counted = append(f.Counted, it.ID)
			}
		case MeasureInvestment:
			if it.Latest != nil {
				f.Counted = append(f.Counted, it.ID)
				f.Value += it.Latest.Cumulative
			}
		}
	}
	switch l.Measure {
	case MeasureStageCount:
		f.Value = float64(len(f.Counted))
	case MeasureStageRate:
		if f.Of > 0 {
			f.Value = 100 * float64(len(f.Counted)) / float64(f.Of)
		}
	}
	return f
}

// Proposal is what a plan clause says of projects: the measure, the
// figure promised (a count, 万元 or a percent) and the projects it names.
type Proposal struct {
	Link   Link
	Target float64
	Named  []string // 际华金色水岸 of 际华金色水岸等65个项目开建
}

// stageWords map the verbs of a clause to the stage they mean, longest
// first.
var stageWords = []struct{ word, stage string }{
	{"竣工投用", "投用"}, {"建成投用", "投用"}, {"竣工投产", "投用"}, {"建成投产", "投用"}, {"投产投用", "投用"}, {"投入使用", "投用"}, {"投用", "投用"}, {"投产", "投用"},
	{"进入主体施工", "主体施工"}, {"主体施工", "主体施工"}, {"竣工", "竣工"}, {"建成", "竣工"},
	{"新开工", "开工"}, {"开工建设", "开工"}, {"开工", "开工"}, {"开建", "开工"}, {"签约", "签约"},
}

var (
	countRe  = regexp.MustCompile(`(?:([^，,。；]{2,40}?)等)?(\d+)个(?:重大|重点)?项目([^，,。；]{0,8})`)
	investRe = regexp.MustCompile(`完成(?:年度|全年)?(?:固定资产)?投资(\d+(?:\.\d+)?)(亿元|万元)`)
	// 新开工项目47个: the stage before the count.
	countAfterRe = regexp.MustCompile(`(新开工|开工建设|开工|竣工投产|竣工投用|建成投产|建成投用|竣工|签约)(?:重大|重点)?项目(\d+)个`)
	rateRe       = regexp.MustCompile(`(签约|开工|竣工|投用)率(?:达到|达|保持在)?(\d+(?:\.\d+)?)[%％]`)
	leadVerbs    = regexp.MustCompile(`^(?:推动|推进|加快推进|加快|确保|力争|实现|促进|争取)+`)
)

// Propose reads the project figures a plan clause promises: "推动际华金色
// 水岸等65个项目开建" proposes the count of projects reaching 开工, 65,
// naming 际华金色水岸; "完成投资320亿元以上" the investment, 3,200,000
// 万元; "项目开工率达到80%以上" the rate of 开工, 80. A clause may hold
// several.
func Propose(clause string) []Proposal {
	var out []Proposal
	for _, m := range countRe.FindAllStringSubmatch(clause, -1) {
		stage := ""
		for _, w := range stageWords {
			if strings.HasPrefix(m[3], w.word) {
				stage = w.stage
				break
			}
		}
		if stage == "" {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		p := Proposal{Link: Link{Measure: MeasureStageCount, Stage: stage}, Target: float64(n)}
		if name := strings.TrimSpace(leadVerbs.ReplaceAllString(m[1], "")); name != "" {
			p.Named = strings.FieldsFunc(name, func(r rune) bool { return r == '、' })
		}
		out = append(out, p)
	}
	for _, m := range countAfterRe.FindAllStringSubmatch(clause, -1) {
		stage := ""
		for _, w := range stageWords {
			if strings.HasPrefix(m[1], w.word) {
				stage = w.stage
				break
			}
		}
		n, _ := strconv.Atoi(m[2])
		out = append(out, Proposal{Link: Link{Measure: MeasureStageCount, Stage: stage}, Target: float64(n)})
	}
	for _, m := range investRe.FindAllStringSubmatch(clause, -1) {
		v, _ := strconv.ParseFloat(m[1], 64)
		if m[2] == "亿元" {
			v *= 10000
		}
		out = append(out, Proposal{Link: Link{Measure: MeasureInvestment}, Target: v})
	}
	for _, m := range rateRe.FindAllStringSubmatch(clause, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		out = append(out, Proposal{Link: Link{Measure: MeasureStageRate, Stage: m[1]}, Target: v})
	}
	return out
}

// Match returns the ids of the projects whose name holds a named one
// (际华金色水岸 matches 际华金色水岸二期), in the order of ps.
func Match(named []string, ps []Project) []int64 {
	var out []int64
	for _, p := range ps {
		for _, n := range named {
			if n != "" && strings.Contains(p.Name, n) {
				out = append(out, p.ID)
				break
			}
		}
	}
	return out
}
