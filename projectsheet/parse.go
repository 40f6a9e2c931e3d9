// Package projectsheet reads a 重点项目计划表 — the offices' sheet of major
// projects, as xlsx or CSV — into package project's projects, all or
// nothing: every problem is reported by row, column and value
// (tasksheet.SheetError) and no project is returned while there is one.
package projectsheet

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"ducha/project"
	"ducha/tasksheet"

	"github.com/xuri/excelize/v2"
)

// MaxRows bounds the projects of one sheet.
const MaxRows = 5000

// Column names as offices write them (the first of each is the canonical
// one, the rest aliases).
var columns = map[string][]string{
	"name":     {"项目名称"},
	"code":     {"项目编号", "项目代码", "编号"},
	"category": {"类别", "项目类别", "项目类型"},
	"industry": {"行业", "所属行业", "行业类别"},
	"owner":    {"责任单位", "牵头单位", "责任部门"},
	"builder":  {"建设单位", "业主单位", "项目单位"},
	"leader":   {"包抓领导", "包抓县级领导", "联系领导"},
	"location": {"建设地点", "项目地点"},
	"content":  {"建设内容及规模", "建设内容", "建设规模及内容"},
	"total":    {"总投资", "总投资（万元）", "总投资(万元)"},
	"before":   {"以前年度完成投资", "截至上年底完成投资", "累计完成投资（截至上年底）"},
	"annual":   {"年度计划投资", "年度计划投资（万元）", "年度计划投资(万元)", "本年计划投资"},
	"seq":      {"序号"},
}

var monthCol = regexp.MustCompile(`^(1[0-2]|[1-9])月(?:计划)?(?:投资)?$`)

// planCol matches 计划开工时间, 计划竣工 and the like: the stage named.
var planCol = regexp.MustCompile(`^计划(.+?)(?:时间|日期)?$`)

// Parse reads the sheet data (file name for errors) of plan year year.
// Projects are in sheet order, each with the DefaultStages and the
// planned days of the stages the sheet gives.
func Parse(data []byte, name string, year int) ([]project.Project, error) {
	rows, err := readRows(data)
	if err != nil {
		return nil, &tasksheet.SheetError{File: name, Errors: []tasksheet.CellError{{Message: err.Error()}}}
	}
	var errs []tasksheet.CellError
	add := func(row int, col, val, format string, args ...any) {
		errs = append(errs, tasksheet.CellError{Row: row, Column: col, Value: val, Message: fmt.Sprintf(format, args...)})
	}
	// The header is the first row naming 项目名称.
	head := -1
	for i, r := range rows {
		for _, c := range r {
			if strings.TrimSpace(c) == "项目名称" {
				head = i
			}
		}
		if head >= 0 {
			break
		}
	}
	if head < 0 {
		return nil, &tasksheet.SheetError{File: name, Errors: []tasksheet.CellError{{Message: "找不到表头：没有“项目名称”列"}}}
	}
	field := map[int]string{}  // column index → field key
	header := map[int]string{} // column index → header text
	month := map[int]int{}     // column index → month
	stageOf := map[int]string{}
	seen := map[string]int{}
	for i, c := range rows[head] {
		h := strings.Join(strings.Fields(c), "")
		header[i] = h
		if h == "" {
			continue
		}
		key := ""
		for k, names := range columns {
			for _, n := range names {
				if h == n {
					key = k
				}
			}
		}
		switch {
		case key != "":
			if prev, dup := seen[key]; dup {
				add(head+1, h, "", "与第%d列重复", prev+1)
				continue
			}
			seen[key] = i
			field[i] = key
		case monthCol.MatchString(h):
			m, _ := strconv.Atoi(monthCol.FindStringSubmatch(h)[1])
			month[i] = m
		case planCol.MatchString(h):
			st := planCol.FindStringSubmatch(h)[1]
			if (project.Project{Stages: project.NewStages()}).StageIndex(st) < 0 {
				add(head+1, h, "", "不是建设阶段（%s）", strings.Join(project.DefaultStages, "、"))
				continue
			}
			stageOf[i] = st
		}
	}
	for _, k := range []string{"name", "code", "category", "owner"} {
		if _, ok := seen[k]; !ok {
			add(head+1, columns[k][0], "", "缺少必填列")
		}
	}
	if len(errs) > 0 {
		return nil, &tasksheet.SheetError{File: name, Errors: errs}
	}
	var out []project.Project
	codes := map[string]int{}
	for i := head + 1; i < len(rows); i++ {
		r, rowNo := rows[i], i+1
		blank := true
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		if len(out) >= MaxRows {
			add(rowNo, "", "", "项目超过%d个上限", MaxRows)
			break
		}
		p := project.Project{Year: year, Stages: project.NewStages()}
		nErr := len(errs)
		for j, c := range r {
			v := strings.TrimSpace(c)
			col := header[j]
			if key, ok := field[j]; ok {
				switch key {
				case "name":
					p.Name = v
				case "code":
					p.Code = v
				case "category":
					p.Category = project.Category(v)
					if v != "" && !p.Category.Valid() {
						add(rowNo, col, v, "类别应为新建、续建、储备或前期")
					}
				case "industry":
					p.Industry = v
				case "owner":
					p.OwnerUnit = v
				case "builder":
					p.Builder = v
				case "leader":
					p.Leader = v
				case "location":
					p.Location = v
				case "content":
					p.Content = v
				case "total", "before", "annual":
					f, ok := amount(v)
					if !ok {
						add(rowNo, col, v, "应为金额（万元）")
					}
					switch key {
					case "total":
						p.Total = f
					case "before":
						p.Before = f
					default:
						p.AnnualPlan = f
					}
				}
				continue
			}
			if m, ok := month[j]; ok {
				f, ok := amount(v)
				if !ok {
					add(rowNo, col, v, "应为金额（万元）")
				}
				p.MonthlyPlan[m-1] = f
				continue
			}
			if st, ok := stageOf[j]; ok && v != "" {
				t, ok := parseDay(v)
				if !ok {
					add(rowNo, col, v, "应为日期，如2024-05-31或2024年5月")
					continue
				}
				p.Stages[p.StageIndex(st)].Planned = t
			}
		}
		for _, k := range []string{"name", "code", "category", "owner"} {
			if idx, ok := seen[k]; ok && (idx >= len(r) || strings.TrimSpace(r[idx]) == "") {
				add(rowNo, columns[k][0], "", "不能为空")
			}
		}
		if p.Code != "" {
			if prev, dup := codes[p.Code]; dup {
				add(rowNo, header[seen["code"]], p.Code, "项目编号与第%d行重复", prev)
			}
			codes[p.Code] = rowNo
		}
		if len(errs) == nErr {
			if err := p.Validate(); err != nil {
				add(rowNo, "", "", "%s", err.Error())
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 && len(errs) == 0 {
		add(0, "", "", "表中没有项目")
	}
	if len(errs) > 0 {
		return nil, &tasksheet.SheetError{File: name, Errors: errs}
	}
	return out, nil
}

// readRows reads the first worksheet of an xlsx workbook, or a CSV file
// (UTF-8, with or without BOM), as rows of text.
func readRows(data []byte) ([][]string, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("不是可读的 xlsx 文件：%v", err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, fmt.Errorf("工作簿没有工作表")
		}
		rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("读取工作表「%s」：%v", sheets[0], err)
		}
		return rows, nil
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("既不是 xlsx 也不是 UTF-8 编码的 CSV 文件")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("CSV 格式错误：%v", err)
	}
	return rows, nil
}

// amount reads a figure of 万元: 1200, 1,200.5, 1200万元; "" is 0.
func amount(s string) (float64, bool) {
	s = strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), "万元")
	if s == "" {
		return 0, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != f || f > 1e12 {
		return 0, false
	}
	return f, true
}

var (
	ymd = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$`)
	ym  = regexp.MustCompile(`^(\d{4})[-/.年](\d{1,2})月?(?:底)?$`)
)

// parseDay reads a planned day: 2024-05-31, 2024/5/31, 2024年5月31日, an
// Excel date serial, or a month (2024年5月, 2024-05, 2024.5) meaning its
// last day.
func parseDay(s string) (time.Time, bool) {
	if m := ymd.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		return t, mo >= 1 && mo <= 12 && t.Day() == d
	}
	if m := ym.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		return time.Date(y, time.Month(mo)+1, 0, 0, 0, 0, 0, time.UTC), mo >= 1 && mo <= 12
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 20000 && f < 80000 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			y, mo, d := t.Date()
			return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}
