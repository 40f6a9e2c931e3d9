// Package light is the core of the ducha command line — its environment,
// registry of commands, flag helpers and exit statuses — and the commands
// that only read files (text, extract). It links no database, web server
// or spreadsheet library, so that these commands can run before such
// packages are initialised (see package ducha/internal/cli/early). The
// other commands are in package ducha/internal/cli, which registers them
// here; Run is the whole program.
package light

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Env is what a command reads and writes.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// command is one subcommand.
type command struct {
	summary string
	run     func(env *Env, args []string) error
}

var commands = map[string]command{}

// Register adds a subcommand; each file of a command calls it from init.
func Register(name, summary string, run func(env *Env, args []string) error) {
	commands[name] = command{summary, run}
}

// ExitError carries a specific exit status.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string { return e.Err.Error() }

// Registered reports whether name is a registered command.
func Registered(name string) bool {
	_, ok := commands[name]
	return ok
}

// UsageError marks a wrong invocation (exit status 2).
func UsageError(format string, a ...any) error {
	return &ExitError{2, fmt.Errorf(format, a...)}
}

// Run runs the command line args (without the program name) and returns
// the exit status: 0 success, 1 failure, 2 usage error.
func Run(env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "ducha: unknown command %q (see 'ducha help')\n", args[0])
		return 2
	}
	err := cmd.run(env, args[1:])
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(env.Stderr, "ducha: %v\n", err)
	var ee *ExitError
	if errors.As(err, &ee) {
		return ee.Code
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "ducha turns a government work report into a supervised ledger of commitments.")
	fmt.Fprintln(w, "\nUsage: ducha COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'ducha COMMAND -h' for the flags of a command.")
}

// NewFlags returns a flag set that reports errors instead of exiting.
func NewFlags(env *Env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: ducha %s [flags] %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// ParseFlags parses args, allowing flags after positional arguments.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &ExitError{2, err}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// ByteSize is a flag value such as 32MiB, 10MB, 512k or 1048576.
type ByteSize int64

func (b *ByteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *ByteSize) Set(s string) error {
	t := strings.ToLower(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"gib", 1 << 30}, {"mib", 1 << 20}, {"kib", 1 << 10}, {"gb", 1e9}, {"mb", 1e6}, {"kb", 1e3}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.m
			break
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || n <= 0 {
		return fmt.Errorf("not a size: %q (use e.g. 32MiB)", s)
	}
	*b = ByteSize(n * float64(mult))
	return nil
}
