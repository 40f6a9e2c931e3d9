// Command ducha turns a government work report into a supervised ledger of
// commitments. See README.md and 'ducha help'.
package main

import (
	"os"

	"ducha/internal/cli"
)

func main() {
	os.Exit(cli.Run(&cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}
