package extract

// SectionOf returns the innermost numbered heading (一、, （一）, 1.) above
// paragraph pi, or -1. Short lines of a scraped page that break a sentence
// in two (创建省 / 级示范园区10个) can pass for headings without numbering;
// they are skipped, so a paragraph stays in the numbered section it is in.
func SectionOf(st *Structure, pi int) int {
	if pi < 0 || pi >= len(st.Paragraphs) {
		return -1
	}
	start := st.Paragraphs[pi].Start
	for h := len(st.Headings) - 1; h >= 0; h-- {
		if st.Headings[h].Start > start {
			continue
		}
		if st.Headings[h].Style != "plain" {
			return h
		}
	}
	return -1
}

// ChapterOf returns the last heading above paragraph pi in the numbering
// of the report's chapters (一、过去五年工作回顾: the numbered style of the
// highest rank), or -1; unnumbered lines are skipped as in SectionOf.
func ChapterOf(st *Structure, pi int) int {
	if pi < 0 || pi >= len(st.Paragraphs) {
		return -1
	}
	style, level := "", 0
	for _, h := range st.Headings {
		if h.Style != "plain" && (style == "" || h.Level < level) {
			style, level = h.Style, h.Level
		}
	}
	start := st.Paragraphs[pi].Start
	for h := len(st.Headings) - 1; h >= 0; h-- {
		if st.Headings[h].Start <= start && st.Headings[h].Style == style && style != "" {
			return h
		}
	}
	return -1
}
