package dev

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// child is one generation of the repository's command, running its web
// service (`serve`) on a loopback port of its own, with a cache folder of
// its own: a build id names inputs, not code, so a new generation must not
// answer from an old one's cache. Meshes are keyed by the solid itself, so
// the generations share a mesh cache (Loop.meshCacheFor).
type child struct {
	gen  int
	dir  string // the generation's folder: the binary and its cache
	base *url.URL
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	out  *tail
}

// startChild runs bin's web service, keeping free-form parts' meshes in
// meshes, and waits until it answers.
func startChild(ctx context.Context, bin, dir, meshes string, gen int, env []string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	c := &child{gen: gen, dir: dir, base: &url.URL{Scheme: "http", Host: addr}, done: make(chan struct{}), out: &tail{max: 16 << 10}}
	c.cmd = exec.Command(bin, "serve", "--addr", addr, "--cache", filepath.Join(dir, "cache"))
	// By the environment, not --mesh-cache: a command built on a fabkit
	// older than the flag still starts (and marches every save).
	c.cmd.Env = append(slices.Clip(env), "FABKIT_MESH_CACHE="+meshes)
	c.cmd.Stdout, c.cmd.Stderr = c.out, c.out
	setDeathSignal(c.cmd)
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s serve: %w", filepath.Base(bin), err)
	}
	go func() { c.cmd.Wait(); close(c.done) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", c.url("/healthz"), nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return c, nil
			}
		}
		select {
		case <-c.done:
			return nil, fmt.Errorf("%s serve exited: %s", filepath.Base(bin), strings.TrimSpace(c.out.String()))
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond): // a new command answers within a few tens of ms
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("%s serve did not answer within 60 s: %s", filepath.Base(bin), strings.TrimSpace(c.out.String()))
		}
	}
}

func (c *child) url(path string) string { return c.base.String() + path }

// stop ends the process and removes the generation's folder.
func (c *child) stop() {
	c.cmd.Process.Kill()
	<-c.done
	os.RemoveAll(c.dir)
}

// buildFailure is a build the service ran and that failed: the design's
// checks, the assembly check, a panic in the design.
type buildFailure struct {
	Field, Message string
}

func (f *buildFailure) Error() string {
	if f.Field == "" {
		return f.Message
	}
	return f.Field + ": " + f.Message
}

// build builds design at its defaults in the child, the outputs of
// formats (all when empty), as a preview build (pipeline.Preview) when
// preview is set, and waits for it: the build id, or a *buildFailure, or
// another error when the service could not be asked.
func (c *child) build(ctx context.Context, design string, formats []string, preview bool) (string, error) {
	type apiErr struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	type status struct {
		ID     string  `json:"id"`
		Status string  `json:"status"`
		Error  *apiErr `json:"error"`
	}
	body, _ := json.Marshal(map[string]any{"design": design, "formats": formats, "preview": preview})
	// ?wait=true answers when the build ends, without a poll's delay; a
	// newer save cancels ctx, and the service then cancels the build.
	req, _ := http.NewRequestWithContext(ctx, "POST", c.url("/api/builds?wait=true"), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		var st status
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if err != nil {
			return "", fmt.Errorf("reading the build status: %w", err)
		}
		if resp.StatusCode >= 400 && st.Error != nil {
			return "", &buildFailure{Field: st.Error.Field, Message: st.Error.Message}
		}
		switch st.Status {
		case "done":
			return st.ID, nil
		case "failed":
			f := &buildFailure{Message: "the build failed"}
			if st.Error != nil {
				f.Field, f.Message = st.Error.Field, st.Error.Message
			}
			return "", f
		case "":
			return "", fmt.Errorf("the service answered %s with no build status", resp.Status)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-c.done:
			return "", fmt.Errorf("the command exited during the build: %s", strings.TrimSpace(c.out.String()))
		case <-time.After(50 * time.Millisecond):
		}
		req, _ = http.NewRequestWithContext(ctx, "GET", c.url("/api/builds/"+url.PathEscape(st.ID)), nil)
	}
}

// freeAddr is a loopback address with a port free a moment ago.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
