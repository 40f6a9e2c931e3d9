package projectsheet

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Header is the header row of the sheet Sample writes, in the offices'
// layout.
var Header = []string{"序号", "项目名称", "项目编号", "类别", "行业", "建设内容及规模", "总投资", "年度计划投资",
	"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
	"计划开工时间", "计划竣工时间", "责任单位", "建设单位", "包抓领导", "建设地点"}

// Sample returns the rows (header first) of an invented plan sheet of n
// projects of year: made-up names, units and figures, for tests, the
// demo and the browser test. It never copies a real sheet.
func Sample(n, year int) [][]string {
	kinds := []string{"新建", "续建", "续建", "新建", "储备", "前期"}
	industries := []string{"商贸物流", "先进制造", "文化旅游", "城市更新", "社会事业", "基础设施"}
	units := []string{"示例区发展和改革局", "示例区工业和信息化局", "示例区住房和城乡建设局", "示例区文化和旅游局", "示例区交通运输局"}
	leaders := []string{"甲副区长", "乙副区长", "丙副区长", "丁副区长"}
	rows := [][]string{Header}
	for i := 1; i <= n; i++ {
		kind := kinds[i%len(kinds)]
		total := 2000 + (i*7919)%48000
		annual := 0
		if kind != "储备" && kind != "前期" {
			annual = total / 4 / 12 * 12 // divisible by 12
		}
		row := []string{fmt.Sprint(i), fmt.Sprintf("示例%s项目%03d", industries[i%len(industries)], i), fmt.Sprintf("XM%d-%03d", year, i),
			kind, industries[i%len(industries)], fmt.Sprintf("新建厂房及配套设施%d平方米", 1000*(i%9+1)),
			fmt.Sprint(total), fmt.Sprint(annual)}
		for m := 0; m < 12; m++ {
			row = append(row, fmt.Sprint(annual/12))
		}
		start, end := "", ""
		if kind == "新建" {
			start = fmt.Sprintf("%d-%02d-%02d", year, 3+i%6, 10+i%18)
			end = fmt.Sprintf("%d-12-31", year+1+i%2)
		} else if kind == "续建" {
			end = fmt.Sprintf("%d-%02d-30", year, 6+i%6)
		}
		row = append(row, start, end, units[i%len(units)], fmt.Sprintf("示例建设有限公司%02d", i%17),
			leaders[i%len(leaders)], fmt.Sprintf("示例镇%d村", i%12+1))
		rows = append(rows, row)
	}
	return rows
}

// XLSX writes rows as a one-sheet workbook.
func XLSX(rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
