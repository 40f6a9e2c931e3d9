package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
)

// Format is the kind of input a Document was read from.
type Format string

const (
	Text Format = "text"
	HTML Format = "html"
	DOCX Format = "docx"
	PDF  Format = "pdf"
)

// DefaultMaxBytes is the input size limit used when Options.MaxBytes is 0.
const DefaultMaxBytes = 32 << 20

// defaultMaxExpanded is the DOCX expansion limit used when
// Options.MaxExpanded is 0.
const defaultMaxExpanded = 256 << 20

// Options limit what Read accepts.
type Options struct {
	MaxBytes    int64 // input size limit; 0 means DefaultMaxBytes (32 MiB)
	MaxExpanded int64 // limit on total uncompressed bytes read from a DOCX zip; 0 means 256 MiB
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) maxExpanded() int64 {
	if o.MaxExpanded <= 0 {
		return defaultMaxExpanded
	}
	return o.MaxExpanded
}

// Document is an input file turned into its text layer.
type Document struct {
	Name     string // file name as given ("-" for stdin)
	Format   Format
	Encoding string // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030"
	Text     string // the text layer
}

// Error is the error type of this package. Its message is
// "NAME: what is wrong", followed by ": cause" when Err is set.
type Error struct {
	Name string // file name as given
	Msg  string // what is wrong, in plain lower-case English
	Err  error  // the underlying error, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Name != "" {
		b.WriteString(e.Name)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func newError(name, format string, args ...any) *Error {
	return &Error{Name: name, Msg: fmt.Sprintf(format, args...)}
}

// ReadFile reads the file at path; path "-" reads standard input.
func ReadFile(path string, opt Options) (*Document, error) {
	if path == "-" {
		return read("-", "", os.Stdin, opt)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Name: path, Msg: "cannot open the file", Err: unwrapPathError(err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, newError(path, "is a directory, not a file")
		}
		if st.Mode().IsRegular() && st.Size() > opt.maxBytes() {
			return nil, tooLarge(path, st.Size(), opt.maxBytes())
		}
	}
	return read(path, path, f, opt)
}

// ReadBytes reads the file at path as it is, for a caller that keeps the
// bytes (a checksum, the stored original). Like ReadFile it refuses a file
// over maxBytes (0: DefaultMaxBytes) from its size, before reading any of
// it, with the same message; a stream of unknown size is read up to the
// limit and no further.
func ReadBytes(path string, maxBytes int64) ([]byte, error) {
	limit := Options{MaxBytes: maxBytes}.maxBytes()
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Name: path, Msg: "cannot open the file", Err: unwrapPathError(err)}
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, newError(path, "is a directory, not a file")
		}
		if st.Mode().IsRegular() {
			if st.Size() > limit {
				return nil, tooLarge(path, st.Size(), limit)
			}
			buf.Grow(int(st.Size()) + bytes.MinRead) // room to see the end of the file
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, &Error{Name: path, Msg: "cannot read the file", Err: err}
	}
	if int64(buf.Len()) > limit {
		return nil, tooLarge(path, -1, limit)
	}
	return buf.Bytes(), nil
}

// Read reads a document from r. It reads at most MaxBytes+1 bytes, so an
// oversized input is detected without reading it all.
func Read(name string, r io.Reader, opt Options) (*Document, error) {
	return read(name, "", r, opt)
}

// read does the work of Read; path, when not empty, is a file on disk
// holding the same bytes (it saves a temporary copy for pdftotext).
func read(name, path string, r io.Reader, opt Options) (doc *Document, err error) {
	defer func() {
		// Belt and braces: no input may crash the caller.
		if p := recover(); p != nil {
			doc, err = nil, newError(name, "internal error while reading the file: %v", p)
		}
		if doc != nil {
			doc = finish(doc)
		}
	}()
	limit := opt.maxBytes()
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &Error{Name: name, Msg: "cannot read the file", Err: unwrapPathError(err)}
	}
	if int64(len(b)) > limit {
		return nil, tooLarge(name, knownSize(r, int64(len(b))), limit)
	}
	if len(b) == 0 {
		return nil, newError(name, "file is empty")
	}
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")), bytes.HasPrefix(b, []byte("PK\x05\x06")):
		return readDOCX(name, b, opt.maxExpanded())
	case bytes.HasPrefix(b, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return nil, newError(name, "encrypted or legacy .doc (OLE) file: save it as .docx without a password")
	case isPDF(b):
		return readPDF(name, path, b)
	}
	return readText(name, b)
}

// isPDF reports whether b is a PDF: it starts with "%PDF-", or has that
// header within its first KiB (readers allow leading junk) and ends with
// the "%%EOF" marker.
func isPDF(b []byte) bool {
	if bytes.HasPrefix(b, []byte("%PDF-")) {
		return true
	}
	i := bytes.Index(b[:min(len(b), 1024)], []byte("%PDF-"))
	return i > 0 && bytes.Contains(b[max(i, len(b)-1024):], []byte("%%EOF"))
}

// finish applies the guarantees of the text layer to every format.
func finish(doc *Document) *Document {
	doc.Text = strings.ToValidUTF8(doc.Text, "\uFFFD")
	doc.Text = strings.TrimLeft(normalizeNewlines(doc.Text), "\uFEFF")
	return doc
}

// readText reads plain text or HTML.
func readText(name string, b []byte) (*Document, error) {
	text, enc, err := Decode(b)
	if err != nil {
		var de *Error
		if errors.As(err, &de) {
			de.Name = name
			if cs := declaredCharset(b); cs != "" && strings.HasPrefix(de.Msg, "undecodable") {
				if isGBCharset(cs) {
					de.Msg += fmt.Sprintf(" (the page declares charset %s, read as GB18030)", cs)
				} else {
					de.Msg += fmt.Sprintf(" (the page declares charset %s, which ducha does not read)", cs)
				}
			}
		}
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, "file is empty")
	}
	text = normalizeNewlines(text)
	if looksLikeHTML(text, name) {
		out, err := extractHTML(text)
		if err != nil {
			return nil, &Error{Name: name, Msg: "cannot parse the HTML page", Err: err}
		}
		if strings.TrimSpace(out) == "" {
			return nil, newError(name, "the HTML page has no visible text")
		}
		return &Document{Name: name, Format: HTML, Encoding: enc, Text: out}, nil
	}
	return &Document{Name: name, Format: Text, Encoding: enc, Text: text}, nil
}

// knownSize returns the full size of an oversized input when r can tell
// it, or -1.
func knownSize(r io.Reader, read int64) int64 {
	switch v := r.(type) {
	case *os.File:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			return st.Size()
		}
	case interface{ Len() int }:
		return read + int64(v.Len())
	}
	return -1
}

func tooLarge(name string, size, limit int64) *Error {
	if size < 0 {
		return newError(name, "file is over the %s limit (use --max-size to change it)", formatLimit(limit))
	}
	return newError(name, "file is %s, over the %s limit (use --max-size to change it)", formatSize(size), formatLimit(limit))
}

// formatSize formats a byte count for a person: "40.0 MiB", "12.5 KiB", "100 B".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// formatLimit formats a limit, without decimals when it is whole MiB.
func formatLimit(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return formatSize(n)
}

// unwrapPathError drops the path from an *fs.PathError, since the
// message already starts with the file name.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
