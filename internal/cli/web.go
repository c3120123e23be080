package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/dashboard"
	"github.com/actorfactor/actorfactor/internal/metrics"
	"github.com/actorfactor/actorfactor/internal/web"
)

// serveRun serves the metrics and the dashboard of a run on addr, and
// returns its observer, the dashboard to finish, and the function that
// stops serving.
func serveRun(addr string, opts dashboard.Options, stderr io.Writer) (core.Observer, *dashboard.Dashboard, func(), error) {
	m, d := metrics.New(), dashboard.New(opts)
	stop, err := serve(addr, map[string]http.Handler{"/metrics": m.Handler(), "/{$}": dashboard.Page(), "/events": d.Events()}, stderr)
	if err != nil {
		d.Close()
		return nil, nil, nil, err
	}
	return actors.Observers(m, d), d, func() { stop(); d.Close() }, nil
}

// serve serves routes on addr, and names the address on stderr when its
// port was left to the system.
func serve(addr string, routes map[string]http.Handler, stderr io.Writer) (func(), error) {
	server, err := web.Listen(addr, routes)
	if err != nil {
		return nil, err
	}
	if _, port, _ := net.SplitHostPort(addr); port == "0" {
		fmt.Fprintf(stderr, "actorfactor: dashboard at http://%s/, metrics at http://%s/metrics\n", server.Addr(), server.Addr())
	}
	return func() { server.Close() }, nil
}

// validWebAddr checks a --web-addr.
func validWebAddr(addr string) error {
	if _, _, err := net.SplitHostPort(addr); addr != "" && err != nil {
		return fmt.Errorf("--web-addr %q: want HOST:PORT", addr)
	}
	return nil
}

// holdDashboard marks the run over on the dashboard and keeps serving it
// for hold, or until ctx is done.
func holdDashboard(ctx context.Context, d *dashboard.Dashboard, hold time.Duration, stderr io.Writer) {
	d.Finish()
	if hold <= 0 || ctx.Err() != nil {
		return
	}
	fmt.Fprintf(stderr, "actorfactor: run over; the dashboard stays up for %v (Ctrl-C ends it)\n", hold)
	timer := time.NewTimer(hold)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}
