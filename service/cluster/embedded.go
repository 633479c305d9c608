package cluster

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Embedded is a NATS server with JetStream running inside this process:
// `fabkit serve --embedded-nats DIR` and the tests use it. Its storage is a
// folder, so a restarted server with the same folder has every job,
// status and file the last one had.
type Embedded struct {
	srv *server.Server
	dir string
}

// StartEmbedded starts a NATS server with JetStream storing in dir,
// listening on addr (host:port; port 0 picks a free one).
func StartEmbedded(dir, addr string) (*Embedded, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("cluster: embedded NATS address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("cluster: embedded NATS address %q: bad port", addr)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "fabkit-embedded",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		NoLog:      true,
		MaxPayload: 8 << 20,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("cluster: embedded NATS: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, errors.New("cluster: embedded NATS did not start within 30s")
	}
	return &Embedded{srv: srv, dir: dir}, nil
}

// URL is the client URL of the embedded server.
func (e *Embedded) URL() string { return e.srv.ClientURL() }

// Addr is the host:port the server listens on (to restart it on the same).
func (e *Embedded) Addr() string {
	if a, ok := e.srv.Addr().(*net.TCPAddr); ok {
		return net.JoinHostPort(a.IP.String(), strconv.Itoa(a.Port))
	}
	return e.srv.Addr().String()
}

// Shutdown stops the server and waits until it has.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}
