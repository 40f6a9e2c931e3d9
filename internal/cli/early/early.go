// Package early runs the commands of package light (ducha text, ducha
// extract) from its init function, before the packages they do not need
// are initialised, and ends the process when they are done.
//
// A Go program initialises every package it links before main runs:
// for the ducha binary that is the web server, both database drivers
// and the spreadsheet library (excelize alone allocates 1.3 MB at init),
// about 25 ms of processor time, more than extracting a small report.
// The language fixes the order (the Go specification, "Package
// initialization"): packages are taken sorted by import path, each time
// the first one whose imports are all initialised. This package imports
// only light and the standard library, and its path sorts before every
// github.com, golang.org and modernc.org package, so it is initialised
// as soon as light and its imports are, before any of those libraries
// and before any ducha package that needs them; cmd/ducha imports it
// for that effect alone. Every other command, and a light command in any
// other program (a test binary has its own arguments), goes on to main
// as usual.
//
// The test in cmd/ducha checks, with GODEBUG=inittrace=1, that the
// extraction path initialises none of the heavy packages.
package early

import (
	"os"

	"ducha/internal/cli/light"
)

func init() {
	// Only light's own commands are registered at this point: package
	// cli, which registers the others, is not initialised yet.
	if len(os.Args) < 2 || !light.Registered(os.Args[1]) {
		return
	}
	os.Exit(light.Run(&light.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}, os.Args[1:]))
}
