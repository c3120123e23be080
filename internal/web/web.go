// Package web serves a run over HTTP while it goes on: its Prometheus
// metrics, its dashboard.
package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is an HTTP server started for a run.
type Server struct {
	http     *http.Server
	listener net.Listener
}

// Listen starts serving GET requests for each path of routes on addr,
// HOST:PORT. An empty host is loopback, so that nothing is exposed beyond
// the machine unless asked for (0.0.0.0:PORT); port 0 picks a free one.
func Listen(addr string, routes map[string]http.Handler) (*Server, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("web address %q: want HOST:PORT: %w", addr, err)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	listener, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	mux := http.NewServeMux()
	for path, h := range routes {
		mux.Handle("GET "+path, h)
	}
	s := &Server{http: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, listener: listener}
	go s.http.Serve(listener)
	return s, nil
}

// Addr returns the address the server listens on.
func (s *Server) Addr() string { return s.listener.Addr().String() }

// Close stops the server.
func (s *Server) Close() error {
	if err := s.http.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web: %w", err)
	}
	return nil
}
