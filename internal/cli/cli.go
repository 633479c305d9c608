// Package cli is fabkit's command line (build, params, presets, check,
// diff, nest, cutlist, serve, worker, dev) over a registry of designs: it
// parses flags and inputs, runs the pipeline and decides what the user sees
// and the exit status (0 on success, 1 when a build fails, 2 on bad usage or
// input). The root package's fabkit.Main calls it for cmd/fabkit and for
// design repositories.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/fabkit/fabkit/designs"
	"github.com/urfave/cli/v2"
)

// Exit codes.
const (
	exitOK    = 0
	exitBuild = 1
	exitUsage = 2
)

// usageError marks bad usage or bad input: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Run runs the command line args (args[0] is the program name) over the
// designs of reg, writing to stdout and stderr, and returns the exit
// status. It never exits the process.
func Run(ctx context.Context, reg *designs.Registry, args []string, stdout, stderr io.Writer) int {
	app := newApp(reg, stdout, stderr)
	err := unknownCommand(app, args)
	if err == nil {
		if len(args) > 0 && args[len(args)-1] == "--generate-bash-completion" {
			err = app.RunContext(ctx, args) // the completion flag must stay last
		} else {
			err = app.RunContext(ctx, reorderArgs(app, args))
		}
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "fabkit:", inert(err.Error()))
	var ue usageError
	if errors.As(err, &ue) || isFlagError(err) {
		return exitUsage
	}
	return exitBuild
}

// inert escapes control characters other than newline and tab, so that no
// text from an input file (an ANSI escape in a value, a file name) can
// drive the terminal the error is printed on.
func inert(msg string) string {
	if !strings.ContainsFunc(msg, isControl) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControl(r rune) bool {
	return r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0)
}

// isFlagError recognises urfave/cli's own usage errors (unknown flags,
// missing values), which it returns as plain errors.
func isFlagError(err error) bool {
	msg := err.Error()
	for _, s := range []string{"flag provided but not defined", "flag needs an argument", "invalid value", "Required flag", "No help topic"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

func newApp(reg *designs.Registry, stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:                      "fabkit",
		Usage:                     "turn parametric machine designs into fabrication-ready outputs",
		Writer:                    stdout,
		ErrWriter:                 stderr,
		HideVersion:               true,
		DisableSliceFlagSeparator: true, // -D values may contain commas
		ExitErrHandler:            func(*cli.Context, error) {},
		EnableBashCompletion:      true,
		BashComplete: func(c *cli.Context) { // urfave's default reads os.Args
			for _, cmd := range c.App.Commands {
				fmt.Fprintln(c.App.Writer, cmd.Name)
			}
		},
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return flagUsageError(c, err)
		},
		Commands: withUsageErrors(reg, []*cli.Command{
			designsCommand(reg),
			paramsCommand(reg),
			presetsCommand(reg),
			shopsCommand(),
			buildCommand(reg),
			cutlistCommand(),
			nestCommand(),
			checkCommand(),
			diffCommand(reg),
			serveCommand(reg),
			workerCommand(reg),
			devCommand(),
			versionCommand(),
			completionCommand(),
		}),
	}
}

// withUsageErrors gives every command the short flag-error line (urfave/cli
// prints the whole help page for a command without its own handler) and
// design-name completion for commands that take a design.
func withUsageErrors(reg *designs.Registry, cmds []*cli.Command) []*cli.Command {
	for _, c := range cmds {
		c.OnUsageError = func(c *cli.Context, err error, _ bool) error { return flagUsageError(c, err) }
		if c.ArgsUsage == "DESIGN" && c.BashComplete == nil {
			c.BashComplete = completeDesigns(reg)
		}
	}
	return cmds
}

// reorderArgs lets flags follow positional arguments, as in
// `fabkit build ceb-press --out DIR`: urfave/cli stops reading flags at the
// first positional argument, so positionals are moved behind the flags.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	var cmd *cli.Command
	for _, c := range app.Commands {
		if c.HasName(args[1]) {
			cmd = c
		}
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, positional []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			positional = append(positional, rest[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
				flags = append(flags, rest[i+1])
				i++
			}
			continue
		}
		positional = append(positional, a)
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(positional) > 0 {
		out = append(append(out, "--"), positional...)
	}
	return out
}
