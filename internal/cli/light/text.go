package light

import (
	"io"

	"ducha/document"
)

func init() {
	Register("text", "print the text layer of a report (the text all offsets refer to)", runText)
}

func runText(env *Env, args []string) error {
	fs := NewFlags(env, "text", "FILE")
	maxSize := ByteSize(document.DefaultMaxBytes)
	fs.Var(&maxSize, "max-size", "largest input file accepted")
	files, err := ParseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return UsageError("text: give exactly one FILE (or - for standard input)")
	}
	doc, err := ReadDocument(env, files[0], int64(maxSize))
	if err != nil {
		return err
	}
	_, err = io.WriteString(env.Stdout, doc.Text)
	return err
}

// ReadDocument reads a file or standard input ("-") into its text layer.
func ReadDocument(env *Env, name string, maxSize int64) (*document.Document, error) {
	opt := document.Options{MaxBytes: maxSize}
	if name == "-" {
		return document.Read("-", env.Stdin, opt)
	}
	return document.ReadFile(name, opt)
}
