package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/fabkit/fabkit/designs"
	"github.com/fabkit/fabkit/service"
	"github.com/fabkit/fabkit/service/cluster"
	"github.com/urfave/cli/v2"
)

// clusterFlags are the flags `serve` and `worker` share for NATS.
func clusterFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "nats", Usage: "NATS server URL (nats://host:4222): scale out over NATS JetStream"},
		&cli.IntFlag{Name: "nats-replicas", Value: 1, Usage: "JetStream replicas of every stream and bucket (3 on a NATS cluster)"},
	}
}

// openCluster connects to the NATS of --nats; manage says this process
// sets the cluster's limits (an API replica).
func openCluster(c *cli.Context, url string, manage bool) (*cluster.Cluster, error) {
	cfg := cluster.Config{URL: url, Name: "fabkit " + c.Command.Name, Replicas: c.Int("nats-replicas"), Manage: manage}
	if manage {
		cfg.MaxQueue = int64(max(1, c.Int("max-queue")))
		cfg.MaxStoreBytes = c.Int64("store-bytes")
		cfg.AckWait = c.Duration("ack-wait")
		cfg.MaxShopBytes = int32(min(c.Int64("max-body"), 1<<30))
	}
	ctx, cancel := context.WithTimeout(c.Context, 30*time.Second)
	defer cancel()
	cl, err := cluster.Open(ctx, cfg)
	if err != nil {
		return nil, usageError{fmt.Errorf("--nats %s: %w", url, err)}
	}
	return cl, nil
}

// serveCluster sets up a scaled-out `serve`: --nats URL joins a cluster;
// --embedded-nats DIR runs NATS inside this process (storage in DIR,
// clients on --nats-listen) with --workers build workers beside the API,
// so one command is a complete cluster that more workers and replicas can
// join. It returns the connection, the in-process workers to start (0
// for none) and a function that stops what it started.
func serveCluster(c *cli.Context) (*cluster.Cluster, func(), error) {
	url, dir := c.String("nats"), c.String("embedded-nats")
	if url == "" && dir == "" {
		return nil, func() {}, nil
	}
	if url != "" && dir != "" {
		return nil, nil, usagef("--nats and --embedded-nats: give one")
	}
	stop := func() {}
	if dir != "" {
		srv, err := cluster.StartEmbedded(dir, c.String("nats-listen"))
		if err != nil {
			return nil, nil, usageError{fmt.Errorf("--embedded-nats %s: %w", dir, err)}
		}
		fmt.Fprintf(c.App.ErrWriter, "fabkit: embedded NATS with JetStream on %s (storage %s)\n", srv.URL(), dir)
		url, stop = srv.URL(), srv.Shutdown
	}
	cl, err := openCluster(c, url, true)
	if err != nil {
		stop()
		return nil, nil, err
	}
	return cl, func() { cl.Close(); stop() }, nil
}

func workerCommand(reg *designs.Registry) *cli.Command {
	return &cli.Command{
		Name:  "worker",
		Usage: "build jobs from a scaled-out `fabkit serve` (NATS JetStream)",
		Description: "Pulls build jobs from the cluster's work queue, builds them with the same pipeline as `fabkit build`,\n" +
			"reports progress and stores every output file in the cluster's object store, then acknowledges the job.\n" +
			"A worker killed mid-build loses nothing: the job goes to another worker after the ack wait; a job\n" +
			"that 5 workers took without finishing is recorded failed by the next (post it again to retry).\n" +
			"On SIGTERM or an interrupt it hands the builds in hand back and exits.",
		Flags: append(clusterFlags(),
			&cli.IntFlag{Name: "workers", Usage: "builds at once (default half the cores, at least 1)"},
			&cli.StringFlag{Name: "addr", Usage: "address for /healthz and /metrics (e.g. 0.0.0.0:9090; none by default)"},
			&cli.StringFlag{Name: "name", Usage: "worker name in build statuses and logs (default: host name and process id)"},
			&cli.DurationFlag{Name: "build-timeout", Value: service.DefaultBuildTimeout, Usage: "longest a build may run when its job names no timeout"},
			&cli.StringFlag{Name: "mesh-cache", EnvVars: []string{"FABKIT_MESH_CACHE"}, Usage: "folder that keeps meshes of free-form (printed) parts between builds, or `off` (default: in the worker's scratch folder, gone when it exits)"},
		),
		Action: func(c *cli.Context) error {
			if c.String("nats") == "" {
				return usagef("worker: --nats URL is required")
			}
			logger := slog.New(slog.NewTextHandler(c.App.ErrWriter, nil))
			cl, err := openCluster(c, c.String("nats"), false)
			if err != nil {
				return err
			}
			defer cl.Close()
			scratch, err := os.MkdirTemp("", "fabkit-worker-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(scratch)
			n := c.Int("workers")
			if n <= 0 {
				n = max(1, runtime.GOMAXPROCS(0)/2)
			}
			srv, err := service.New(service.Config{Addr: c.String("addr"), CacheDir: filepath.Join(scratch, "cache"), MeshCacheDir: c.String("mesh-cache"), Workers: n,
				BuildTimeout: c.Duration("build-timeout"), Designs: reg.All, Logger: logger, Cluster: cl})
			if err != nil {
				return usageError{err}
			}
			name := c.String("name")
			if name == "" {
				host, _ := os.Hostname()
				name = fmt.Sprintf("%s-%d", host, os.Getpid())
			}
			if addr := c.String("addr"); addr != "" {
				ln, err := net.Listen("tcp", addr)
				if err != nil {
					return usageError{fmt.Errorf("--addr: %w", err)}
				}
				mux := http.NewServeMux()
				mux.Handle("GET /healthz", srv.Handler())
				mux.Handle("GET /metrics", srv.Handler())
				hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
				go hs.Serve(ln)
				defer hs.Close()
			}
			fmt.Fprintf(c.App.ErrWriter, "fabkit worker %s: %d builds at once on %s\n", name, n, c.String("nats"))
			err = srv.Work(c.Context, name, n)
			if err == nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		},
	}
}
