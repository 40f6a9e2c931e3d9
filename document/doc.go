// Package document turns an input file into the text layer of a report.
//
// The text layer is the one string that every later stage of ducha works
// on: every offset ducha reports (a span of a heading, a paragraph, a
// quantity mention, a commitment) is a UTF-8 byte offset into
// Document.Text, counted from 0, with end offsets exclusive. The text
// layer is always valid UTF-8, never contains "\r", and never starts with
// a byte order mark.
//
// How the text layer is made depends on the format, which is detected
// from the content rather than from the file name:
//
//   - Plain text (and Markdown): the bytes decoded to UTF-8 (UTF-8 with or
//     without BOM, UTF-16 with BOM, or GB18030/GBK), the BOM dropped, CRLF
//     and lone CR turned into LF. Nothing else is changed: no trimming, no
//     collapsing of spaces, so offsets map one to one onto the decoded file.
//   - HTML: the visible body text without page chrome (menus, headers,
//     footers, scripts, lists of links). One line per block element, runs of
//     white space collapsed to one space, lines trimmed, no empty lines; the
//     cells of a table row are joined by a tab.
//   - DOCX: one line per paragraph of word/document.xml; a table row is one
//     line with its cells joined by a tab.
//   - PDF: the output of `pdftotext -layout -enc UTF-8`, with form feeds
//     turned into newlines.
//
// For HTML, DOCX and PDF the text layer is a rendering, so offsets refer
// to it and not to the bytes of the input file. Every line of an HTML or
// DOCX text layer ends with "\n".
//
// All failures are reported as *Error, whose message names the file and
// says in plain words what is wrong with it. Read never panics, whatever
// the input.
package document
