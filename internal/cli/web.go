package cli

import (
	"fmt"
	"io"
	"net"

	"github.com/actorfactor/actorfactor/internal/metrics"
	"github.com/actorfactor/actorfactor/internal/web"
)

// serveMetrics serves new metrics on addr, and names the address on
// stderr when its port was left to the system. It returns the metrics to
// keep, and the function that stops serving.
func serveMetrics(addr string, stderr io.Writer) (*metrics.Metrics, func(), error) {
	m := metrics.New()
	server, err := web.Listen(addr, m.Handler())
	if err != nil {
		return nil, nil, err
	}
	if _, port, _ := net.SplitHostPort(addr); port == "0" {
		fmt.Fprintf(stderr, "actorfactor: metrics at http://%s/metrics\n", server.Addr())
	}
	return m, func() { server.Close() }, nil
}

// validWebAddr checks a --web-addr.
func validWebAddr(addr string) error {
	if _, _, err := net.SplitHostPort(addr); addr != "" && err != nil {
		return fmt.Errorf("--web-addr %q: want HOST:PORT", addr)
	}
	return nil
}
