package document

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"time"
)

// pdfTimeout bounds one run of pdftotext, which a hostile PDF could
// otherwise keep busy for ever.
const pdfTimeout = 5 * time.Minute

// readPDF extracts the text of a PDF with pdftotext from poppler-utils.
// path, when not empty, is the PDF on disk; otherwise b is written to a
// temporary file first.
func readPDF(name, path string, b []byte) (*Document, error) {
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, newError(name, "PDF input needs pdftotext: install the Debian package poppler-utils")
	}
	if path == "" {
		tmp, err := os.CreateTemp("", "ducha-*.pdf")
		if err != nil {
			return nil, &Error{Name: name, Msg: "cannot write a temporary copy of the PDF", Err: unwrapPathError(err)}
		}
		defer os.Remove(tmp.Name())
		_, werr := tmp.Write(b)
		if cerr := tmp.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, &Error{Name: name, Msg: "cannot write a temporary copy of the PDF", Err: unwrapPathError(werr)}
		}
		path = tmp.Name()
	}
	ctx, cancel := context.WithTimeout(context.Background(), pdfTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	if strings.HasPrefix(path, "-") {
		path = "./" + path // not an option
	}
	cmd := exec.CommandContext(ctx, tool, "-layout", "-enc", "UTF-8", path, "-")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, newError(name, "pdftotext took longer than %v", pdfTimeout)
		}
		msg := "pdftotext cannot read the PDF"
		if line := firstLine(stderr.String()); line != "" {
			msg += " (" + line + ")"
		}
		return nil, &Error{Name: name, Msg: msg, Err: err}
	}
	text := strings.ToValidUTF8(stdout.String(), "\uFFFD")
	text = strings.ReplaceAll(normalizeNewlines(text), "\f", "\n")
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, "the PDF has no text layer (a scanned image?): it needs OCR first")
	}
	return &Document{Name: name, Format: PDF, Encoding: "utf-8", Text: text}, nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
