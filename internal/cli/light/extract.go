package light

import (
	"bufio"
	"ducha/internal/textable"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"ducha/document"
	"ducha/extract"
)

func init() {
	Register("extract", "find the structure, quantities and commitments of reports", runExtract)
}

// documentJSON is one document in --format json.
type documentJSON struct {
	extract.Header
	Structure   structureJSON        `json:"structure"`
	Mentions    []extract.Mention    `json:"mentions,omitempty"`
	Commitments []extract.Commitment `json:"commitments,omitempty"`
}

type structureJSON struct {
	Title      string            `json:"title"`
	DateLine   string            `json:"date_line"`
	Review     extract.Span      `json:"review"`
	Plan       extract.Span      `json:"plan"`
	Headings   []extract.Heading `json:"headings"`
	Paragraphs int               `json:"paragraphs"`
}

func runExtract(env *Env, args []string) error {
	fs := NewFlags(env, "extract", "FILE...")
	format := fs.String("format", "jsonl", "output format: jsonl, json or table")
	commitments := fs.Bool("commitments", false, "print candidate commitments instead of quantity mentions")
	region := fs.String("region", "", "region of the government (default: inferred from the text)")
	year := fs.Int("year", 0, "report year, the year planned for (default: inferred)")
	reviewYear := fs.Int("review-year", 0, "year reviewed by the report (default: report year - 1)")
	grainName := fs.String("grain", "clause", "grain of the commitments: clause, sentence (a sentence's clauses as measures) or paragraph")
	maxSize := ByteSize(document.DefaultMaxBytes)
	fs.Var(&maxSize, "max-size", "largest input file accepted")
	files, err := ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return UsageError("extract: give at least one FILE (or - for standard input)")
	}
	grain, err := extract.ParseGrain(*grainName)
	if err != nil {
		return UsageError("extract: --grain: %v", err)
	}
	switch *format {
	case "jsonl", "json", "table":
	default:
		return UsageError("extract: unknown --format %q (use jsonl, json or table)", *format)
	}
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	defer w.Flush()
	var all []documentJSON
	for _, name := range files {
		doc, err := ReadDocument(env, name, int64(maxSize))
		if err != nil {
			w.Flush()
			return err
		}
		res := extract.Extract(doc.Text, extract.Options{Region: *region, ReportYear: *year, ReviewYear: *reviewYear, Grain: grain})
		h := headerOf(doc, res)
		switch *format {
		case "jsonl":
			err = res.WriteJSONL(w, h, *commitments)
		case "table":
			err = writeTable(w, h, res, *commitments)
		case "json":
			d := documentJSON{Header: h, Structure: structureOf(res)}
			if *commitments {
				d.Commitments = res.Commitments
			} else {
				d.Mentions = res.Mentions
			}
			all = append(all, d)
		}
		if err != nil {
			return err
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(all)
	}
	return nil
}

func headerOf(doc *document.Document, res *extract.Result) extract.Header {
	h := res.Header(doc.Name)
	h.Format, h.Encoding = string(doc.Format), doc.Encoding
	return h
}

func structureOf(res *extract.Result) structureJSON {
	st := res.Structure
	return structureJSON{
		Title:    res.Text[st.Title.Start:st.Title.End],
		DateLine: res.Text[st.DateLine.Start:st.DateLine.End],
		Review:   st.Review, Plan: st.Plan, Headings: st.Headings, Paragraphs: len(st.Paragraphs),
	}
}

// writeTable prints an aligned table for people, measuring East Asian
// characters as two columns.
func writeTable(w io.Writer, h extract.Header, res *extract.Result, commitments bool) error {
	fmt.Fprintf(w, "%s  地区 %s  报告年度 %d  回顾年度 %d  %d 字节\n\n", h.Document, OrDash(h.Region), h.ReportYear, h.ReviewYear, h.Bytes)
	var rows [][]string
	if commitments {
		rows = append(rows, []string{"编码", "动作", "完成时限", "数量", "任务内容"})
		for _, c := range res.Commitments {
			var qs []string
			for _, m := range c.Quantities {
				qs = append(qs, m.Quantity)
			}
			text := Clip(c.Text, 40)
			if len(c.Measures) > 0 {
				text = fmt.Sprintf("%s（%d项措施）", Clip(c.Text, 32), len(c.Measures))
			}
			rows = append(rows, []string{c.Code, OrDash(c.Verb), OrDash(c.Deadline), OrDash(strings.Join(qs, " ")), text})
		}
	} else {
		rows = append(rows, []string{"位置", "数量", "值", "单位", "比较", "变化", "类型", "年份", "指标", "限定"})
		for _, m := range res.Mentions {
			val := m.Value.String()
			if m.High != nil {
				val += "–" + m.High.String()
			}
			rows = append(rows, []string{
				strconv.Itoa(m.Start), m.Quantity, val, OrDash(m.Unit), m.Comparator, OrDash(string(m.Change)),
				kindZH(m.Kind), strconv.Itoa(m.Period), OrDash(m.Indicator), OrDash(string(m.Qualifier)),
			})
		}
	}
	if err := WriteRows(w, rows); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// OrDash is s, or "-" when s is empty (a table cell).
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func kindZH(k string) string {
	if k == extract.Target {
		return "目标"
	}
	return "完成"
}

// Clip cuts s to n characters, the last one an ellipsis (a table cell).
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// WriteRows prints rows as aligned columns (see package textable).
func WriteRows(w io.Writer, rows [][]string) error { return textable.Write(w, rows) }
