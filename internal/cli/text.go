package cli

import (
	"io"

	"ducha/document"
)

func init() {
	register("text", "print the text layer of a report (the text all offsets refer to)", runText)
}

func runText(env *Env, args []string) error {
	fs := newFlags(env, "text", "FILE")
	maxSize := byteSize(document.DefaultMaxBytes)
	fs.Var(&maxSize, "max-size", "largest input file accepted")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError("text: give exactly one FILE (or - for standard input)")
	}
	doc, err := readDocument(env, files[0], int64(maxSize))
	if err != nil {
		return err
	}
	_, err = io.WriteString(env.Stdout, doc.Text)
	return err
}

// readDocument reads a file or standard input ("-") into its text layer.
func readDocument(env *Env, name string, maxSize int64) (*document.Document, error) {
	opt := document.Options{MaxBytes: maxSize}
	if name == "-" {
		return document.Read("-", env.Stdin, opt)
	}
	return document.ReadFile(name, opt)
}
