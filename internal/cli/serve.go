package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/service"
	"github.com/fabkit/fabkit/service/cluster"
	"github.com/urfave/cli/v2"
)

func serveCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the HTTP API and web page for building designs",
		Flags: append(clusterFlags(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "address to listen on"},
			&cli.StringFlag{Name: "cache", Value: "fabkit-cache", Usage: "folder for cached builds (kept across restarts)"},
			&cli.IntFlag{Name: "workers", Usage: "concurrent builds (default half the cores, at least 1)"},
			&cli.IntFlag{Name: "max-queue", Value: service.DefaultMaxQueue, Usage: "builds waiting for a worker before 429 (-1: no waiting)"},
			&cli.DurationFlag{Name: "build-timeout", Value: service.DefaultBuildTimeout, Usage: "longest a build may run"},
			&cli.Int64Flag{Name: "max-body", Value: service.DefaultMaxBody, Usage: "largest request body, bytes"},
			&cli.StringFlag{Name: "mesh-cache", EnvVars: []string{"FABKIT_MESH_CACHE"}, Usage: "folder that keeps meshes of free-form (printed) parts between builds and restarts, or `off` (default: meshes in --cache)"},
			&cli.Int64Flag{Name: "cache-size", Value: service.DefaultCacheBytes, Usage: "cache size cap, bytes (least recently used builds go first)"},
			&cli.DurationFlag{Name: "grace", Value: service.DefaultGrace, Usage: "on shutdown, how long in-flight builds may finish"},
			&cli.IntFlag{Name: "max-conns", Value: service.DefaultMaxConns, Usage: "open connections; beyond it the oldest one not serving a request is closed"},
			&cli.DurationFlag{Name: "read-timeout", Value: service.DefaultReadTimeout, Usage: "longest a client may take to send one request"},
			&cli.DurationFlag{Name: "write-timeout", Value: service.DefaultWriteTimeout, Usage: "longest one response (a download: one write) may take"},
			&cli.StringSliceFlag{Name: "allow-origin", Usage: "origin of a reverse proxy in front of the server, e.g. https://fab.example.org (repeatable)"},
			&cli.StringFlag{Name: "embedded-nats", Usage: "run NATS with JetStream inside this process, storing in this folder, with --workers build workers (a whole cluster in one command)"},
			&cli.StringFlag{Name: "nats-listen", Value: "127.0.0.1:4222", Usage: "with --embedded-nats: the address NATS clients (more workers, replicas) connect to"},
			&cli.Int64Flag{Name: "store-bytes", Value: cluster.DefaultMaxStoreBytes, Usage: "with NATS: cap of the shared file store, bytes (the builds finished longest ago go first)"},
			&cli.DurationFlag{Name: "ack-wait", Value: cluster.DefaultAckWait, Usage: "with NATS: how long a job stays with a silent worker before another gets it"},
		),
		Action: func(c *cli.Context) error {
			logger := slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
			cl, stopCluster, err := serveCluster(c)
			if err != nil {
				return err
			}
			defer stopCluster()
			srv, err := service.New(service.Config{
				Addr: c.String("addr"), CacheDir: c.String("cache"), MeshCacheDir: c.String("mesh-cache"), Workers: c.Int("workers"), MaxQueue: c.Int("max-queue"),
				BuildTimeout: c.Duration("build-timeout"), MaxBody: c.Int64("max-body"), CacheBytes: c.Int64("cache-size"),
				Grace: c.Duration("grace"), Designs: reg.All, Logger: logger,
				MaxConns: c.Int("max-conns"), ReadTimeout: c.Duration("read-timeout"), WriteTimeout: c.Duration("write-timeout"),
				AllowedOrigins: c.StringSlice("allow-origin"), Cluster: cl,
			})
			if err != nil {
				return usageError{err}
			}
			if c.String("embedded-nats") != "" { // the builds run here too
				ctx, cancel := context.WithCancel(c.Context)
				defer cancel()
				go srv.Work(ctx, "embedded", srv.Workers())
			}
			fmt.Fprintf(c.App.ErrWriter, "fabkit serving on http://%s/\n", c.String("addr"))
			return srv.Serve(c.Context)
		},
	}
}
