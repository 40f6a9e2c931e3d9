// Command ducha turns a government work report into a supervised ledger of
// commitments. See README.md and 'ducha help'.
package main

import (
	"os"

	"ducha/internal/cli"
	// ducha text and ducha extract run from this package's init and
	// exit, before the web server, the databases and the spreadsheet
	// library are initialised (see its documentation).
	_ "ducha/internal/cli/early"
)

func main() {
	os.Exit(cli.Run(&cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}
