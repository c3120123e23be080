package cli

import (
	"fmt"
	"io"
	"net"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/metrics"
	"github.com/actorfactor/actorfactor/internal/web"
)

// serveMetrics serves the metrics of the run cfg configures on addr, and
// names the address on stderr when its port was left to the system. It
// returns the function that stops serving.
func serveMetrics(addr string, cfg *actors.Config, stderr io.Writer) (stop func(), err error) {
	m := metrics.New()
	server, err := web.Listen(addr, m.Handler())
	if err != nil {
		return nil, err
	}
	cfg.Observer = m
	if _, port, _ := net.SplitHostPort(addr); port == "0" {
		fmt.Fprintf(stderr, "actorfactor: metrics at http://%s/metrics\n", server.Addr())
	}
	return func() { server.Close() }, nil
}
