// Package cli implements the ducha command line: one file per subcommand.
// The core (environment, registry, flags) and the commands that only read
// files are in package light, which links none of the libraries this
// package needs; this package adds the other commands to its registry.
// Run is the whole program; cmd/ducha only calls it, so tests can run any
// command in-process and check its output and exit status.
package cli

import (
	"flag"
	"io"

	"ducha/document"
	"ducha/internal/cli/light"
)

// Env is what a command reads and writes.
type Env = light.Env

// Run runs the command line args (without the program name) and returns
// the exit status: 0 success, 1 failure, 2 usage error.
func Run(env *Env, args []string) int { return light.Run(env, args) }

// The helpers below are package light's, under the names the command
// files of this package use.

func register(name, summary string, run func(env *Env, args []string) error) {
	light.Register(name, summary, run)
}

type exitError = light.ExitError

type byteSize = light.ByteSize

func usageError(format string, a ...any) error { return light.UsageError(format, a...) }

func newFlags(env *Env, name, args string) *flag.FlagSet { return light.NewFlags(env, name, args) }

func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) { return light.ParseFlags(fs, args) }

func orDash(s string) string { return light.OrDash(s) }

func clip(s string, n int) string { return light.Clip(s, n) }

func writeRows(w io.Writer, rows [][]string) error {
	return light.WriteRows(w, rows)
}

func readDocument(env *Env, name string, maxSize int64) (*document.Document, error) {
	return light.ReadDocument(env, name, maxSize)
}
