// Package fabkit runs the fabkit command line over a set of machine
// designs. The fabkit command is fabkit.Main(); a design repository's
// command is fabkit.Main(its designs...), and gets the whole command line
// (build, params, presets, check, diff, nest, cutlist, serve) with its
// designs alongside the shipped ones.
//
// A design implements model.Design using the stable design API: the
// packages model, params, units, shop and geometry/profile.
package fabkit

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/internal/cli"
	"github.com/fabkit/fabkit/model"
)

// Main runs the command line on os.Args with the shipped designs plus ds,
// and exits the process with its status: 0 on success, 1 when a build
// fails, 2 on bad usage or input (a design named like another among them).
func Main(ds ...model.Design) {
	Program{Designs: ds}.Main()
}

// Program is a fabkit command line over a chosen set of designs.
type Program struct {
	// Designs are registered alongside the shipped designs.
	Designs []model.Design
	// NoBuiltin leaves the shipped designs (ceb-press, d3d, power-cube) out, so that
	// only Designs are registered.
	NoBuiltin bool
}

// Main runs p on os.Args, stopping work on an interrupt or SIGTERM, and
// exits the process with the status Run returns.
func (p Program) Main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := p.Run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Run runs the command line args (args[0] is the program name) writing to
// stdout and stderr, and returns the exit status without exiting: tests of
// a design repository call it with their own streams.
func (p Program) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	reg, err := p.registry()
	if err != nil {
		fmt.Fprintln(stderr, "fabkit:", err)
		return 2
	}
	return cli.Run(ctx, reg, args, stdout, stderr)
}

// registry is the shipped designs (unless NoBuiltin) plus p.Designs.
func (p Program) registry() (*designs.Registry, error) {
	if p.NoBuiltin {
		return designs.New(p.Designs...)
	}
	return designs.WithBuiltin(p.Designs...)
}
