package extract

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ducha/document"
)

// The labelled list of proposals (testdata/proposals/*.jsonl): for each
// report, clauses of the plan part labelled by hand as a commitment a
// 督查室 would keep or not. Real reports are labelled by reference only:
// byte offsets into the text layer (as `ducha text` prints it) and a
// short hash of the clause, so that no sentence of them is copied here.
type proposalLabel struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Hash  string `json:"hash"` // first 8 hex digits of the SHA-256 of the clause
	Keep  bool   `json:"keep"`
	Why   string `json:"why"`
}

// labelledReports maps each list to the report it labels.
var labelledReports = []struct{ labels, report string }{
	{"shili-2024", "../samples/shili-2024.txt"},
	{"shili-2025", "../samples/shili-2025.txt"},
	{"chengguan-2020", sharedDir + "/corpus/chengguan-2020.txt"},
	{"national-2014", sharedDir + "/corpus/dev/national-2014.gbk.txt"},
	{"national-2015", sharedDir + "/corpus/dev/national-2015.gbk.txt"},
	{"hebei-2023", sharedDir + "/corpus/dev/hebei-2023.txt"},
	{"hebei-2024", sharedDir + "/corpus/dev/hebei-2024.txt"},
}

func clauseHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:4])
}

// readReport reads a report's text layer as ducha does (GBK decoded).
func readReport(t testing.TB, path string) string {
	t.Helper()
	doc, err := document.ReadFile(path, document.Options{})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc.Text
}

// TestDumpClauses is a labelling aid, not a check: with
// DUCHA_DUMP_CLAUSES=FILE it prints every candidate clause of the plan
// part of FILE with its offsets, hash and today's verdict.
func TestDumpClauses(t *testing.T) {
	path := os.Getenv("DUCHA_DUMP_CLAUSES")
	if path == "" {
		t.Skip("set DUCHA_DUMP_CLAUSES=FILE to list the plan's clauses")
	}
	text := readReport(t, path)
	st := parseStructure(text)
	ms := mentionsOf(text, st)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	para := -1
	commitmentsOf(text, st, ms, GrainClause, func(role clauseRole, s Span, keep bool) {
		p := paragraphAt(st, s.Start)
		if p != para {
			fmt.Fprintf(w, "## P%d\n", p)
			para = p
		}
		fmt.Fprintf(w, "%d\t%d\t%s\t%s\t%v\t%s\n", s.Start, s.End, clauseHash(text[s.Start:s.End]), role, keep, text[s.Start:s.End])
	})
}

// paragraphAt returns the index of the paragraph holding byte off.
func paragraphAt(st *Structure, off int) int {
	for i, p := range st.Paragraphs {
		if off >= p.Start && off < p.End {
			return i
		}
	}
	return -1
}

// TestProposalPrecisionRecall measures the clause-level proposals against
// the labelled list of every report. It fails below 0.9 in precision or
// recall overall, below 0.9 in recall on any report, and below 0.7 in
// precision on any report: the national reports open their plan part with
// pages of situation and policy reasoning whose clauses read like actions
// (推动发展从…向…转变), and those are where the rules still err.
func TestProposalPrecisionRecall(t *testing.T) {
	var allTP, allFP, allFN int
	for _, lr := range labelledReports {
		b, err := os.ReadFile(filepath.Join("testdata", "proposals", lr.labels+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		text := readReport(t, lr.report)
		res := Extract(text, Options{})
		proposed := map[Span]bool{}
		for _, c := range res.Commitments {
			proposed[Span{c.Start, c.End}] = true
		}
		var tp, fp, fn, n int
		for i, line := range bytes.Split(bytes.TrimSpace(b), []byte("\n")) {
			var l proposalLabel
			if err := json.Unmarshal(line, &l); err != nil {
				t.Fatalf("%s.jsonl line %d: %v", lr.labels, i+1, err)
			}
			if l.Start < 0 || l.End > len(text) || l.Start >= l.End || clauseHash(text[l.Start:l.End]) != l.Hash {
				t.Fatalf("%s.jsonl line %d: offsets %d-%d do not hold the clause hashed %s", lr.labels, i+1, l.Start, l.End, l.Hash)
			}
			n++
			got := proposed[Span{l.Start, l.End}]
			switch {
			case got && l.Keep:
				tp++
			case got && !l.Keep:
				fp++
				t.Logf("%s: proposed, labelled not (%s): %s", lr.labels, l.Why, excerpt(text[l.Start:l.End]))
			case !got && l.Keep:
				fn++
				t.Logf("%s: missed, labelled keep (%s): %s", lr.labels, l.Why, excerpt(text[l.Start:l.End]))
			}
		}
		p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
		fmt.Printf("proposals %-15s %4d labelled  precision %.3f  recall %.3f\n", lr.labels, n, p, r)
		if p < 0.7 || r < 0.9 {
			t.Errorf("%s: precision %.3f, recall %.3f; want ≥ 0.7 and ≥ 0.9", lr.labels, p, r)
		}
		allTP, allFP, allFN = allTP+tp, allFP+fp, allFN+fn
	}
	p, r := ratio(allTP, allTP+allFP), ratio(allTP, allTP+allFN)
	fmt.Printf("proposals overall: precision %.3f  recall %.3f\n", p, r)
	if p < 0.9 || r < 0.9 {
		t.Errorf("overall precision %.3f, recall %.3f; want both ≥ 0.9", p, r)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// excerpt shortens a clause for a log line of a failing test.
func excerpt(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(r)
}

// TestGrain: at the grain of sentences, the clauses of one sentence that
// carry no figure become one commitment with its clauses as measures;
// figures and list items stay rows; at the grain of paragraphs the
// grouping spans sentences.
func TestGrain(t *testing.T) {
	text := "2024年某区人民政府工作报告\n一、2023年工作回顾\n新增学位5000个。\n二、2024年工作安排\n" +
		"推进城市大脑二期建设，年内上线运行，完善收运处置体系，新增停车泊位3000个。深化零基预算改革，健全政企沟通机制。\n" +
		"办好3件实事：新建公厕30座；改造老旧小区42个；新建口袋公园10个。\n"
	type row struct {
		code, text string
		measures   []string
	}
	cases := []struct {
		grain Grain
		want  []row
	}{
		{GrainClause, []row{
			{"2024-01-01-1", "推进城市大脑二期建设", nil},
			{"2024-01-01-2", "完善收运处置体系", nil},
			{"2024-01-01-3", "新增停车泊位3000个", nil},
			{"2024-01-01-4", "深化零基预算改革", nil},
			{"2024-01-01-5", "健全政企沟通机制", nil},
			{"2024-01-02-1", "办好3件实事", nil},
			{"2024-01-02-1.1", "新建公厕30座", nil},
			{"2024-01-02-1.2", "改造老旧小区42个", nil},
			{"2024-01-02-1.3", "新建口袋公园10个", nil},
		}},
		{GrainSentence, []row{
			{"2024-01-01-1", "推进城市大脑二期建设，年内上线运行，完善收运处置体系", []string{"推进城市大脑二期建设", "完善收运处置体系"}},
			{"2024-01-01-3", "新增停车泊位3000个", nil},
			{"2024-01-01-4", "深化零基预算改革，健全政企沟通机制", []string{"深化零基预算改革", "健全政企沟通机制"}},
			{"2024-01-02-1", "办好3件实事", nil},
			{"2024-01-02-1.1", "新建公厕30座", nil},
			{"2024-01-02-1.2", "改造老旧小区42个", nil},
			{"2024-01-02-1.3", "新建口袋公园10个", nil},
		}},
		{GrainParagraph, []row{
			{"2024-01-01-1", "推进城市大脑二期建设，年内上线运行，完善收运处置体系，新增停车泊位3000个。深化零基预算改革，健全政企沟通机制",
				[]string{"推进城市大脑二期建设", "完善收运处置体系", "深化零基预算改革", "健全政企沟通机制"}},
			{"2024-01-01-3", "新增停车泊位3000个", nil},
			{"2024-01-02-1", "办好3件实事", nil},
			{"2024-01-02-1.1", "新建公厕30座", nil},
			{"2024-01-02-1.2", "改造老旧小区42个", nil},
			{"2024-01-02-1.3", "新建口袋公园10个", nil},
		}},
	}
	for _, tc := range cases {
		cs := Extract(text, Options{Grain: tc.grain}).Commitments
		var got []row
		for _, c := range cs {
			if text[c.Start:c.End] != c.Text {
				t.Errorf("%s %s: offsets do not hold the text", tc.grain, c.Code)
			}
			r := row{code: c.Code, text: c.Text}
			for _, m := range c.Measures {
				if text[m.Start:m.End] != m.Text {
					t.Errorf("%s %s: offsets of measure %q", tc.grain, c.Code, m.Text)
				}
				r.measures = append(r.measures, m.Text)
			}
			got = append(got, r)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("grain %s:\n got %v\nwant %v", tc.grain, got, tc.want)
		}
	}
	if _, err := ParseGrain("word"); err == nil {
		t.Error("ParseGrain accepted an unknown grain")
	}
	if g, err := ParseGrain(""); err != nil || g != GrainClause {
		t.Errorf("ParseGrain(\"\") = %q, %v; want clause", g, err)
	}
}

// TestGrainKeepsFigures: on a real provincial report, grouping by sentence
// or paragraph keeps every figure of the clause-level proposals in a row
// of its own and only merges clauses without one.
func TestGrainKeepsFigures(t *testing.T) {
	text := readReport(t, sharedDir+"/corpus/dev/hebei-2023.txt")
	figures := func(cs []Commitment) (rows int, qs []string) {
		for _, c := range cs {
			if len(c.Quantities) > 0 {
				rows++
			}
			for _, m := range c.Quantities {
				qs = append(qs, fmt.Sprint(m.Start))
			}
		}
		return rows, qs
	}
	clause := Extract(text, Options{}).Commitments
	cRows, cQs := figures(clause)
	for _, g := range []Grain{GrainSentence, GrainParagraph} {
		cs := Extract(text, Options{Grain: g}).Commitments
		rows, qs := figures(cs)
		measures := 0
		for _, c := range cs {
			if len(c.Measures) > 0 {
				measures += len(c.Measures) - 1
			}
		}
		t.Logf("hebei-2023: %d clause-level proposals (%d with a figure); at grain %s %d", len(clause), cRows, g, len(cs))
		if rows != cRows || fmt.Sprint(qs) != fmt.Sprint(cQs) {
			t.Errorf("grain %s: %d rows with a figure, want %d", g, rows, cRows)
		}
		if len(cs)+measures != len(clause) {
			t.Errorf("grain %s: %d rows + %d merged clauses ≠ %d clause-level proposals", g, len(cs), measures, len(clause))
		}
		if len(cs) >= len(clause) {
			t.Errorf("grain %s merged nothing", g)
		}
	}
}

// TestCommitsRules: clauses written for this test, each judged by hand.
func TestCommitsRules(t *testing.T) {
	text := "2024年某县人民政府工作报告\n一、2023年工作回顾\n新增学位5000个。\n二、2024年工作安排\n" +
		"今年工作的总体要求是：以新思想为指导，统筹发展和安全，建设美丽县城。\n" +
		"主要预期目标是：生产总值增长6%左右；城镇新增就业1万人；粮食产量稳定在20万吨。\n" +
		"实现上述目标，重点做好以下五个方面工作。\n" +
		"坚持项目为王，全年实施重点项目50个，推进县医院迁建，年内投入使用，让群众就医更方便。\n" +
		"围绕食品加工产业，聚焦主导产业开展精准招商，推动收入超过50万元的村占比提高到40%。\n" +
		"完整、准确、全面贯彻新发展理念，凝心聚力、真抓实干，认真办理人大代表建议和政协委员提案。\n" +
		"我县有人口30万，比上年增加1000人，坚决守住安全底线，整治群众身边的腐败和作风问题。\n"
	want := map[string]bool{
		"生产总值增长6%左右":           true,
		"城镇新增就业1万人":            true,
		"粮食产量稳定在20万吨":          true,
		"全年实施重点项目50个":          true,
		"推进县医院迁建":              true,
		"聚焦主导产业开展精准招商":         true,
		"推动收入超过50万元的村占比提高到40%": true,
		"认真办理人大代表建议和政协委员提案":    true,
		"整治群众身边的腐败和作风问题":       true,
	}
	res := Extract(text, Options{})
	got := map[string]bool{}
	for _, c := range res.Commitments {
		got[c.Text] = true
		if !want[c.Text] {
			t.Errorf("proposed %q, which is no commitment", c.Text)
		}
		if c.Text == "推动收入超过50万元的村占比提高到40%" && (len(c.Quantities) != 1 || c.Quantities[0].Quantity != "40%") {
			t.Errorf("threshold 50万元 kept as a target of %q: %+v", c.Text, c.Quantities)
		}
	}
	for w := range want {
		if !got[w] {
			t.Errorf("missed %q", w)
		}
	}
}
