package ledger

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"

	"ducha/extract"
)

func loadReport(t *testing.T, path string) *extract.Result {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return extract.Extract(string(b), extract.Options{})
}

// TestFromExtractChengguan: every target links back to its sentence, and
// the 10件实事 become ten commitments under their head.
func TestFromExtractChengguan(t *testing.T) {
	res := loadReport(t, "../../shared/corpus/chengguan-2020.txt")
	cs := FromExtract(res)
	codes := map[string]bool{}
	var head string
	targets, achievements := 0, 0
	for _, c := range cs {
		if codes[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		codes[c.Code] = true
		if res.Text[c.Start:c.End] == "" || !strings.Contains(c.Sentence, res.Text[c.Start:c.End]) {
			t.Errorf("%s: span [%d,%d) not inside its sentence %q", c.Code, c.Start, c.End, c.Sentence)
		}
		if c.Kind == KindTarget && c.Target != nil {
			targets++
			if c.Target.Quantity == "10件" {
				head = c.Code
			}
		}
		if c.Kind == KindAchievement {
			achievements++
		}
	}
	var items []string
	for _, c := range cs {
		if c.ParentCode == head && head != "" {
			items = append(items, c.Title)
		}
	}
	if len(items) != 10 {
		t.Fatalf("10件实事 gave %d items: %q", len(items), items)
	}
	if targets < 60 || achievements < 90 {
		t.Errorf("%d quantified targets, %d achievements: too few", targets, achievements)
	}
	// 新增学位6000个以上 has the review's 新增学位10340个 as baseline.
	found := false
	for _, c := range cs {
		if c.Target != nil && c.Kind == KindTarget && c.Target.Quantity == "6000个" {
			found = true
			if c.Target.BaselineValue != "10340" || c.Target.BaselineYear != 2019 {
				t.Errorf("baseline of 新增学位: %q %d", c.Target.BaselineValue, c.Target.BaselineYear)
			}
		}
	}
	if !found {
		t.Error("no target 6000个")
	}
}

// TestDeadlinesOfReports: every deadline phrase found in the two reports
// parses to a date.
func TestDeadlinesOfReports(t *testing.T) {
	for _, p := range []string{"../../shared/corpus/chengguan-2020.txt", "../samples/shili-2024.txt", "../samples/shili-2025.txt"} {
		res := loadReport(t, p)
		n := 0
		for _, c := range FromExtract(res) {
			if c.DeadlineText == "" {
				continue
			}
			n++
			if c.Deadline == nil {
				t.Errorf("%s: deadline %q of %s not parsed", p, c.DeadlineText, c.Code)
			}
		}
		t.Logf("%s: %d deadline phrases", p, n)
	}
}

func TestSuggestLead(t *testing.T) {
	dir := NewDirectory([]Unit{
		{Name: "示例区教育局"}, {Name: "示例区人力资源和社会保障局", ShortName: "区人社局"},
		{Name: "示例区卫生健康局"}, {Name: "示例区住房和城乡建设局"}, {Name: "示例区民政局"},
	})
	for _, tt := range []struct{ text, want string }{
		{"新增学位6000个以上", "示例区教育局"},
		{"新增就业4万人，技能培训1万人", "示例区人力资源和社会保障局"},
		{"改造老旧住宅小区200个，增设电梯150部", "示例区住房和城乡建设局"},
		{"新建老年人日间照料中心8家", "示例区民政局"},
		{"推进国防动员工作", ""},
	} {
		if got := SuggestLead(Commitment{Text: tt.text}, dir, DefaultLeadRules); got != tt.want {
			t.Errorf("SuggestLead(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestDirectoryClosest(t *testing.T) {
	dir := NewDirectory([]Unit{
		{Name: "示例区教育局", ShortName: "区教育局"},
		{Name: "城关区教育局(体育局)"},
		{Name: "示例区人力资源和社会保障局", ShortName: "区人社局", Aliases: []string{"人社局"}},
	})
	for _, tt := range []struct{ in, want string }{
		{"城关区教育局", "城关区教育局(体育局)"},
		{"示例区教育", "示例区教育局"},
		{"示例区人社", "示例区人力资源和社会保障局"},
		{"国防动员办公室", ""},
	} {
		if got := dir.Closest(tt.in); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if u, ok := dir.Lookup("人社局"); !ok || u.Name != "示例区人力资源和社会保障局" {
		t.Errorf("Lookup by alias: %v %v", u, ok)
	}
}

// plainSuggest is the definition of Suggest, word by word, against which
// the one-pass search is checked.
func plainSuggest(c Commitment, dir *Directory, rules []LeadRule) string {
	hay := c.Text
	if c.Target != nil {
		hay += " " + c.Target.Indicator
	}
	hay += " " + c.Lead
	for _, s := range c.Section {
		hay += " " + s
	}
	best, bestScore := "", 0
	for _, r := range rules {
		unit := unitNamed(dir, r.Unit)
		if unit == "" {
			continue
		}
		score := 0
		for _, w := range r.Words {
			if strings.Contains(hay, w) {
				score += 2
				if strings.Contains(c.Text, w) {
					score++
				}
			}
		}
		if score > bestScore {
			best, bestScore = unit, score
		}
	}
	return best
}

// TestSuggesterMatchesDefinition: on every commitment of the sample
// reports, with the sample units directory and with rules of odd words
// (empty, spanning the clause and what follows, repeated, not UTF-8),
// Suggest agrees with the plain definition.
func TestSuggesterMatchesDefinition(t *testing.T) {
	f, err := os.Open("../samples/units.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var units []Unit
	for _, r := range rows[1:] {
		units = append(units, Unit{Name: r[0], ShortName: r[1]})
	}
	dir := NewDirectory(units)
	odd := append(slices.Clone(DefaultLeadRules),
		LeadRule{[]string{"", "学位"}, "教育局"},
		LeadRule{[]string{"以上 新增", "学位", "学位", "\xff"}, "财政局"},
		LeadRule{[]string{"就业", "城镇"}, "人力资源和社会保障局"},
	)
	cases := []Commitment{
		{Text: "新增学位6000个以上", Target: &Target{Indicator: "新增学位"}, Lead: "办好教育"},
		{Text: "\xff就业\xe4\xb8", Section: []string{"民生", "就业\xff"}},
	}
	for _, name := range []string{"../samples/shili-2024.txt", "../samples/shili-2025.txt"} {
		raw, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, FromExtract(extract.Extract(string(raw), extract.Options{}))...)
	}
	n := 0
	for _, rules := range [][]LeadRule{DefaultLeadRules, odd} {
		sg := NewSuggester(dir, rules)
		for _, c := range cases {
			got, want := sg.Suggest(c), plainSuggest(c, dir, rules)
			if got != want {
				t.Errorf("%s %q: Suggest %q, by definition %q", c.Code, c.Text, got, want)
			}
			if got != "" {
				n++
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d suggestions: the test checks too little", n)
	}
}
