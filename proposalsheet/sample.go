package proposalsheet

import (
	"fmt"
	"io"
	"strings"
	"time"

	"ducha/internal/cellsafe"
	"ducha/proposal"

	"github.com/xuri/excelize/v2"
)

// Invented material of the sample list: no sentence of a real one.
var (
	sampleTopics = []string{"学校周边停车", "老旧小区加装电梯", "农村饮水安全", "社区养老服务", "中小企业融资",
		"城区排水防涝", "公交线路优化", "农产品冷链物流", "基层医疗人才", "历史街区保护", "垃圾分类收运", "职业技能培训"}
	sampleCategories = []string{"城乡建设", "社会事业", "经济发展", "农业农村", "生态环境"}
	sampleUnits      = []string{"示例区教育局", "示例区住房和城乡建设局", "示例区水利局", "示例区民政局",
		"示例区财政局", "示例区交通运输局", "示例区农业农村局", "示例区卫生健康局", "示例区文化和旅游局", "示例区城市管理局"}
	sampleSurnames = []string{"赵", "钱", "孙", "李", "周", "吴", "郑", "王", "冯", "陈", "褚", "卫"}
	sampleGiven    = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九"}
)

// SampleItems is an invented list: nSuggestions 建议 then nProposals 提案
// of session, numbered 第0001号 on within each kind, each with a lead, up
// to three co-signers, a lead unit and, for every third, a co-unit.
func SampleItems(nSuggestions, nProposals int, session string) []proposal.Item {
	var out []proposal.Item
	add := func(kind proposal.Kind, n int) {
		for i := 1; i <= n; i++ {
			k := len(out)
			topic := sampleTopics[k%len(sampleTopics)]
			person := func(j int) string {
				return sampleSurnames[(k+j)%len(sampleSurnames)] + sampleGiven[(k*3+j)%len(sampleGiven)]
			}
			it := proposal.Item{Number: fmt.Sprintf("第%04d号", i), Kind: kind, Session: session,
				Title:    fmt.Sprintf("关于%s的%s（样例%d）", topic, kind.Label("zh"), i),
				Text:     fmt.Sprintf("样例文本：建议有关部门研究%s问题，提出改进措施。", topic),
				Lead:     proposal.Person{Name: person(0), Contact: fmt.Sprintf("1380000%04d", k)},
				Category: sampleCategories[k%len(sampleCategories)],
				LeadUnit: sampleUnits[k%len(sampleUnits)],
				Received: time.Date(2024, 1, 20+k%10, 0, 0, 0, 0, time.UTC)}
			for j := 1; j <= k%4; j++ {
				it.CoSigners = append(it.CoSigners, proposal.Person{Name: person(j)})
			}
			if k%3 == 0 {
				it.CoUnits = []string{sampleUnits[(k+4)%len(sampleUnits)]}
			}
			out = append(out, it)
		}
	}
	add(proposal.KindSuggestion, nSuggestions)
	add(proposal.KindProposal, nProposals)
	return out
}

// listHeader is the columns WriteList writes.
var listHeader = []string{"编号", "类型", "届次", "标题", "内容", "领衔人", "联系方式", "附议人", "类别", "主办单位", "协办单位", "收到日期"}

func listRow(it proposal.Item) []string {
	var co []string
	for _, p := range it.CoSigners {
		co = append(co, p.Name)
	}
	day := ""
	if !it.Received.IsZero() {
		day = it.Received.Format("2006-01-02")
	}
	return []string{it.Number, it.Kind.Label("zh"), it.Session, it.Title, it.Text, it.Lead.Name, it.Lead.Contact,
		strings.Join(co, "、"), it.Category, it.LeadUnit, strings.Join(it.CoUnits, "、"), day}
}

// WriteListXLSX writes items as a list Parse reads back, formula-safe.
func WriteListXLSX(w io.Writer, items []proposal.Item) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	for r, row := range append([][]string{listHeader}, rowsOf(items)...) {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := cellsafe.SetText(f, sheet, ref, v); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}

// WriteListCSV writes items as a CSV list (UTF-8 with BOM), formula-safe.
func WriteListCSV(w io.Writer, items []proposal.Item) error {
	c, err := cellsafe.NewCSV(w, true, true)
	if err != nil {
		return err
	}
	for _, row := range append([][]string{listHeader}, rowsOf(items)...) {
		if err := c.Write(row); err != nil {
			return err
		}
	}
	return c.Flush()
}

func rowsOf(items []proposal.Item) [][]string {
	out := make([][]string, len(items))
	for i, it := range items {
		out[i] = listRow(it)
	}
	return out
}
