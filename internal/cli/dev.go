package cli

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/fabkit/fabkit/internal/dev"
	"github.com/fabkit/fabkit/service"
	"github.com/urfave/cli/v2"
)

func devCommand() *cli.Command {
	return &cli.Command{
		Name:      "dev",
		Usage:     "live design loop: rebuild the repository's command and the design on every save, and serve the page that follows",
		ArgsUsage: "[PACKAGE]",
		Description: "PACKAGE is the repository's command (its main package), default the one folder under ./cmd, else \".\".\n" +
			"Every Go file of its module is watched; on a save the command is rebuilt with go build, the design is\n" +
			"built in it, and the web page (open the address printed) reloads its results by itself. A compile error\n" +
			"or a failed build shows on the page with its file:line, over the last good results, marked stale.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "address to serve the page on"},
			&cli.StringFlag{Name: "design", Usage: "the `DESIGN` to build on every save (default: the command's first design of its own, else its first)"},
			&cli.StringFlag{Name: "formats", Value: "stl", Usage: "comma-separated output `KINDS` built on every save (the page's Build makes all); \"\" for all; stl and sheets alone make a preview build (what the page shows, no packet, G-code or DXF)"},
			&cli.BoolFlag{Name: "full", Usage: "make every save's build a full build of --formats, never a preview"},
			&cli.DurationFlag{Name: "interval", Usage: "how often to look for saved files (default 250ms)"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usagef("dev: expected at most one package")
			}
			root, pkg, err := devPackage(c.Args().First())
			if err != nil {
				return usageError{err}
			}
			formats := []string{}
			for _, k := range strings.Split(c.String("formats"), ",") {
				if k = strings.TrimSpace(k); k != "" {
					formats = append(formats, k)
				}
			}
			loop, err := dev.New(dev.Config{Root: root, Package: pkg, Design: c.String("design"), Formats: formats,
				Full: c.Bool("full"), Interval: c.Duration("interval"), Log: c.App.ErrWriter, Page: service.WebPage()})
			if err != nil {
				return usageError{err}
			}
			ln, err := net.Listen("tcp", c.String("addr"))
			if err != nil {
				return usageError{fmt.Errorf("--addr: %w", err)}
			}
			fmt.Fprintf(c.App.ErrWriter, "fabkit dev: watching %s, building %s; open http://%s/\n", root, pkg, ln.Addr())
			return loop.Serve(c.Context, ln)
		},
	}
}

// devPackage finds the module root above the package folder arg and the
// package as go build takes it from there ("./cmd/bracket").
func devPackage(arg string) (root, pkg string, err error) {
	if arg == "" {
		arg = "."
		if dirs, _ := filepath.Glob(filepath.Join("cmd", "*", "*.go")); len(dirs) > 0 {
			seen := map[string]bool{}
			for _, f := range dirs {
				seen[filepath.Dir(f)] = true
			}
			if len(seen) == 1 {
				arg = filepath.Dir(dirs[0])
			}
		}
	}
	dir, err := filepath.Abs(arg)
	if err != nil {
		return "", "", err
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", "", fmt.Errorf("dev: %s is not a package folder", arg)
	}
	for root = dir; ; root = filepath.Dir(root) {
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			break
		}
		if filepath.Dir(root) == root {
			return "", "", fmt.Errorf("dev: no go.mod in %s or above it", dir)
		}
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return "", "", err
	}
	pkg = "./" + filepath.ToSlash(rel)
	if rel == "." {
		pkg = "."
	}
	if strings.Contains(pkg, "..") {
		return "", "", fmt.Errorf("dev: %s lies outside its module %s", arg, root)
	}
	return root, pkg, nil
}
