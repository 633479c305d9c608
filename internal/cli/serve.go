package cli

import (
	"fmt"
	"log/slog"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/service"
	"github.com/urfave/cli/v2"
)

func serveCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the HTTP API and web page for building designs",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "address to listen on"},
			&cli.StringFlag{Name: "cache", Value: "fabkit-cache", Usage: "folder for cached builds (kept across restarts)"},
			&cli.IntFlag{Name: "workers", Usage: "concurrent builds (default half the cores, at least 1)"},
			&cli.IntFlag{Name: "max-queue", Value: service.DefaultMaxQueue, Usage: "builds waiting for a worker before 429 (-1: no waiting)"},
			&cli.DurationFlag{Name: "build-timeout", Value: service.DefaultBuildTimeout, Usage: "longest a build may run"},
			&cli.Int64Flag{Name: "max-body", Value: service.DefaultMaxBody, Usage: "largest request body, bytes"},
			&cli.Int64Flag{Name: "cache-size", Value: service.DefaultCacheBytes, Usage: "cache size cap, bytes (least recently used builds go first)"},
			&cli.DurationFlag{Name: "grace", Value: service.DefaultGrace, Usage: "on shutdown, how long in-flight builds may finish"},
			&cli.IntFlag{Name: "max-conns", Value: service.DefaultMaxConns, Usage: "open connections; beyond it the oldest one not serving a request is closed"},
			&cli.DurationFlag{Name: "read-timeout", Value: service.DefaultReadTimeout, Usage: "longest a client may take to send one request"},
			&cli.DurationFlag{Name: "write-timeout", Value: service.DefaultWriteTimeout, Usage: "longest one response (a download: one write) may take"},
			&cli.StringSliceFlag{Name: "allow-origin", Usage: "origin of a reverse proxy in front of the server, e.g. https://fab.example.org (repeatable)"},
		},
		Action: func(c *cli.Context) error {
			logger := slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
			srv, err := service.New(service.Config{
				Addr: c.String("addr"), CacheDir: c.String("cache"), Workers: c.Int("workers"), MaxQueue: c.Int("max-queue"),
				BuildTimeout: c.Duration("build-timeout"), MaxBody: c.Int64("max-body"), CacheBytes: c.Int64("cache-size"),
				Grace: c.Duration("grace"), Designs: reg.All, Logger: logger,
				MaxConns: c.Int("max-conns"), ReadTimeout: c.Duration("read-timeout"), WriteTimeout: c.Duration("write-timeout"),
				AllowedOrigins: c.StringSlice("allow-origin"),
			})
			if err != nil {
				return usageError{err}
			}
			fmt.Fprintf(c.App.ErrWriter, "fabkit serving on http://%s/\n", c.String("addr"))
			return srv.Serve(c.Context)
		},
	}
}
