package docx_test

import (
	"bytes"
	"testing"

	"ducha/document"
	"ducha/internal/docx"
)

// TestRoundTrip: what Write produces reads back through ducha's own DOCX
// reader, text and order intact, with XML characters escaped.
func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	blocks := []docx.Block{{Heading: true, Text: "一、教育"}, {Text: "新增学位10340个，完成年度目标的172%；<改造>校舍 & 操场。"}}
	if err := docx.Write(&buf, "2024年工作回顾", blocks); err != nil {
		t.Fatal(err)
	}
	doc, err := document.Read("draft.docx", &buf, document.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "2024年工作回顾\n一、教育\n新增学位10340个，完成年度目标的172%；<改造>校舍 & 操场。"
	if got := doc.Text; got != want && got != want+"\n" {
		t.Errorf("text layer:\n%q\nwant\n%q", got, want)
	}
}
