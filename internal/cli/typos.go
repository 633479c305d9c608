package cli

import (
	"fmt"
	"strings"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/suggest"
	"github.com/fabkit/fabkit/shop"
	"github.com/urfave/cli/v2"
)

// unknownCommand answers `fabkit bild` with a suggestion, before urfave/cli
// would say "No help topic"; nil when args name a command (or none).
func unknownCommand(app *cli.App, args []string) error {
	if len(args) < 2 || strings.HasPrefix(args[1], "-") || args[len(args)-1] == "--generate-bash-completion" {
		return nil
	}
	var names []string
	for _, c := range app.Commands {
		if c.HasName(args[1]) {
			return nil
		}
		names = append(names, c.Name)
	}
	if args[1] == "help" {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q", args[1])
	if s := suggest.Closest(args[1], names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return usageError{fmt.Errorf("%s; commands: %s (fabkit help)", msg, strings.Join(names, ", "))}
}

// flagUsageError turns urfave/cli's flag errors into one short line with a
// suggestion ("--ouput": did you mean --out?) instead of the help page.
func flagUsageError(c *cli.Context, err error) error {
	msg := err.Error()
	name, found := strings.CutPrefix(msg, "flag provided but not defined: ")
	if !found || c.Command == nil {
		return usageError{fmt.Errorf("%s (fabkit %s --help)", msg, commandName(c))}
	}
	name = strings.TrimLeft(name, "-")
	var flags []string
	for _, f := range c.Command.Flags {
		flags = append(flags, f.Names()...)
	}
	out := fmt.Sprintf("unknown flag --%s", name)
	if s := suggest.Closest(name, flags); s != "" {
		out += fmt.Sprintf(" (did you mean --%s?)", s)
	}
	return usageError{fmt.Errorf("%s: %s (fabkit %s --help)", commandName(c), out, commandName(c))}
}

func commandName(c *cli.Context) string {
	if c.Command != nil && c.Command.Name != "" {
		return c.Command.Name
	}
	return "help"
}

// unknownShop explains a --shop that is neither a shipped shop nor a file.
func unknownShop(name string, err error) error {
	names := shop.BuiltinNames()
	if strings.ContainsAny(name, `/\.`) {
		return usageError{fmt.Errorf("--shop: %w (shipped shops: %s)", err, strings.Join(names, ", "))}
	}
	msg := fmt.Sprintf("--shop %q: no shipped shop and no such file", name)
	if s := suggest.Closest(name, names); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return usageError{fmt.Errorf("%s; shipped shops: %s; or give the path of a shop file", msg, strings.Join(names, ", "))}
}

// completeDesigns completes a design name of reg, then the command's flags.
func completeDesigns(reg *designs.Registry) cli.BashCompleteFunc {
	return func(c *cli.Context) {
		if c.NArg() == 0 {
			for _, n := range reg.Names() {
				fmt.Fprintln(c.App.Writer, n)
			}
		}
		for _, f := range c.Command.Flags {
			for _, n := range f.Names() {
				if len(n) > 1 {
					fmt.Fprintln(c.App.Writer, "--"+n)
				}
			}
		}
	}
}
