// Package cluster is actorfactor's protoactor cluster: membership of an
// actor system (Join: remote gRPC on the --listen address, membership from
// the automanaged provider with --peers or from etcd, mutual TLS when
// certificates are given); a node's Agent, which hosts workers for the
// coordinators that enlist them; and a coordinator's Membership, which
// follows the members that join, leave or die and reaches their agents.
// Membership changes arrive on the actor system's event stream as
// *cluster.ClusterTopology events.
//
// Every wait on the membership service is bounded (protoactor's etcd
// provider waits forever when etcd is gone), leaving takes milliseconds,
// and a member learns when the others may have dropped it (Dropped), so
// that it can join again under a new member ID: protoactor never lets an
// ID that left come back.
package cluster

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/cluster/clusterproviders/automanaged"
	"github.com/asynkron/protoactor-go/cluster/clusterproviders/etcd"
	"github.com/asynkron/protoactor-go/cluster/identitylookup/disthash"
	"github.com/asynkron/protoactor-go/eventstream"
	"github.com/asynkron/protoactor-go/remote"
	"github.com/labstack/echo"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
)

// ErrTimeout is wrapped by the errors of waits on the membership service
// that did not end in time.
var ErrTimeout = errors.New("no answer in time")

// Config says how to join a cluster.
type Config struct {
	// Name is the cluster's name: members of other clusters are ignored.
	Name string
	// Listen is this member's HOST:PORT for remote messages; PORT 0 picks
	// a free port (with etcd only: --peers members must know each
	// other's ports). The automanaged provider also listens on
	// HealthPort(PORT) for health checks.
	Listen string
	// Peers lists the Listen addresses of the members (automanaged); Etcd
	// the endpoints of an etcd server instead.
	Peers, Etcd []string
	// TLS, when its files are set, secures remote messages with mutual TLS.
	TLS TLSFiles
	// Refresh is how often the automanaged provider checks the members.
	Refresh time.Duration
	// EtcdTimeout bounds each wait for etcd when joining: a member that
	// cannot reach it fails to join rather than wait.
	EtcdTimeout time.Duration
	// LeaveTimeout bounds the wait for the membership service to hear
	// that this member leaves; past it the member leaves without: etcd
	// forgets it when its lease runs out.
	LeaveTimeout time.Duration
	// StallLimit is how long this process may not run (SIGSTOP, a long
	// pause) before it assumes that the others dropped it: the
	// automanaged provider drops a member that misses its two-second
	// health check, etcd one that misses its three-second lease (one
	// second after its last keepalive), and neither lets it back.
	StallLimit time.Duration
}

// TLSFiles names the PEM files of mutual TLS: this member's certificate
// and key, and the CA that signed every member's certificate.
type TLSFiles struct {
	Cert, Key, CA string
}

// DefaultConfig returns the timings that suit a cluster on a LAN, with
// the default --listen address.
func DefaultConfig() Config {
	return Config{
		Listen:       "127.0.0.1:7420",
		Refresh:      300 * time.Millisecond,
		EtcdTimeout:  3 * time.Second,
		LeaveTimeout: time.Second,
		StallLimit:   1500 * time.Millisecond,
	}
}

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []error
	if c.Name == "" {
		errs = append(errs, errors.New("a cluster needs a name"))
	}
	_, port, err := splitAddress(c.Listen, 0)
	if err != nil {
		errs = append(errs, err)
	}
	switch {
	case len(c.Peers) == 0 && len(c.Etcd) == 0:
		errs = append(errs, errors.New("a cluster needs its members' --peers or an --etcd"))
	case len(c.Peers) > 0 && len(c.Etcd) > 0:
		errs = append(errs, errors.New("--peers and --etcd exclude each other"))
	case len(c.Peers) > 0 && err == nil && port == 0:
		errs = append(errs, errors.New("--listen port 0 needs --etcd: --peers members must know each other's ports"))
	}
	for _, p := range c.Peers {
		if _, _, err := splitAddress(p, 1); err != nil {
			errs = append(errs, fmt.Errorf("peer: %w", err))
		}
	}
	if set := c.TLS.Cert != "" || c.TLS.Key != "" || c.TLS.CA != ""; set && (c.TLS.Cert == "" || c.TLS.Key == "" || c.TLS.CA == "") {
		errs = append(errs, errors.New("TLS needs --tls-cert, --tls-key and --tls-ca together"))
	}
	for _, d := range []struct {
		name string
		d    time.Duration
	}{{"refresh", c.Refresh}, {"etcd timeout", c.EtcdTimeout}, {"leave timeout", c.LeaveTimeout}, {"stall limit", c.StallLimit}} {
		if d.d <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive, got %v", d.name, d.d))
		}
	}
	return errors.Join(errs...)
}

// splitAddress splits HOST:PORT with PORT in least..65535.
func splitAddress(addr string, least int) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(p)
	if err != nil || perr != nil || host == "" || port < least || port > 65535 {
		return "", 0, fmt.Errorf("address %q: want HOST:PORT with PORT in %d..65535", addr, least)
	}
	return host, port, nil
}

// HealthPort returns the port of the automanaged provider's health checks
// of a member whose --listen port is port: 10000 above it (below it for
// ports above 55535), so that members on consecutive ports do not collide.
func HealthPort(port int) int {
	if port > 55535 {
		return port - 10000
	}
	return port + 10000
}

// Member is an actor system's membership of a cluster.
type Member struct {
	// id is the member's ID as its provider names it.
	id       string
	cluster  *cluster.Cluster
	provider cluster.ClusterProvider
	health   *echo.Echo
	// topology brings the member's own topology events; stop ends the
	// stall watch.
	topology *eventstream.Subscription
	stop     chan struct{}
	// dropped is closed, once, when the others may have dropped this
	// member; why says why. listed is set while its own topology lists
	// it.
	dropped chan struct{}
	drop    sync.Once
	why     atomic.Pointer[string]
	listed  atomic.Bool
	// leave makes Leave leave once; leaveErr is what that returned.
	leave    sync.Once
	leaveErr error
}

// Join makes system a member of the cluster cfg describes. Actors that
// other members address by name must be spawned before: members see this
// one before Join returns. It fails, rather than wait, when the
// membership service does not answer.
func Join(system *actor.ActorSystem, cfg Config) (m *Member, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	host, port, _ := splitAddress(cfg.Listen, 0)
	options := []remote.ConfigOption{remote.WithServerOptions(grpc.ChainStreamInterceptor(survivePanics))}
	if cfg.TLS.Cert != "" {
		server, client, err := loadTLS(cfg.TLS)
		if err != nil {
			return nil, err
		}
		options = []remote.ConfigOption{
			remote.WithServerOptions(grpc.Creds(server), grpc.ChainStreamInterceptor(survivePanics)),
			remote.WithDialOptions(grpc.WithTransportCredentials(client)),
		}
	}
	rc := remote.Configure(host, port, options...)
	// A dead member's address dead-letters after one connection attempt
	// (about 2 s) rather than five; 0 would skip connecting at all.
	rc.MaxRetryCount = 1
	m = &Member{id: system.ID, stop: make(chan struct{}), dropped: make(chan struct{})}
	if len(cfg.Etcd) > 0 {
		m.id = cfg.Name + "@" + system.ID // the etcd provider's name for it
	}
	provider, err := m.newProvider(system, cfg, host, port)
	if err != nil {
		return nil, err
	}
	m.provider = boundedProvider{provider, cfg.EtcdTimeout, cfg.LeaveTimeout}
	m.cluster = cluster.New(system, cluster.Configure(cfg.Name, m.provider, disthash.New(), rc))
	m.topology = system.EventStream.Subscribe(m.topologyChanged)
	// protoactor panics when it cannot listen or its provider fails.
	defer func() {
		if r := recover(); r != nil {
			m.abandon()
			err = fmt.Errorf("join cluster %s on %s: %v", cfg.Name, cfg.Listen, r)
		}
	}()
	go m.watchStalls(cfg.StallLimit) // from now on, others may drop it
	m.cluster.StartMember()
	return m, nil
}

// newProvider returns the membership provider cfg asks for.
func (m *Member) newProvider(system *actor.ActorSystem, cfg Config, host string, port int) (cluster.ClusterProvider, error) {
	if len(cfg.Etcd) > 0 {
		return etcdProvider(cfg)
	}
	hosts := make([]string, len(cfg.Peers))
	for i, p := range cfg.Peers {
		h, pp, _ := splitAddress(p, 1)
		hosts[i] = net.JoinHostPort(h, strconv.Itoa(HealthPort(pp)))
	}
	// The provider's own health server prints a banner on stdout and binds
	// every interface: this one is silent and binds the --listen host.
	listener, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(HealthPort(port))))
	if err != nil {
		return nil, fmt.Errorf("cluster health port: %w", err)
	}
	m.health = echo.New()
	m.health.HideBanner, m.health.HidePort, m.health.Listener = true, true, listener
	m.health.GET("/_health", func(c echo.Context) error {
		return c.JSON(http.StatusOK, automanaged.NewNode(cfg.Name, system.ID, host, port, HealthPort(port), m.cluster.GetClusterKinds()))
	})
	return automanaged.NewWithTesting(cfg.Refresh, HealthPort(port), m.health, hosts...), nil
}

// etcdProvider returns the etcd provider, once etcd has answered.
func etcdProvider(cfg Config) (cluster.ClusterProvider, error) {
	// The etcd client logs its retries on stderr as JSON: errors say it.
	ccfg := clientv3.Config{Endpoints: cfg.Etcd, DialTimeout: cfg.EtcdTimeout, Logger: zap.NewNop()}
	client, err := clientv3.New(ccfg)
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.EtcdTimeout)
	defer cancel()
	_, err = client.Get(ctx, "/actorfactor")
	client.Close()
	if err != nil {
		return nil, fmt.Errorf("etcd at %v did not answer within %v (is it running?): %w", cfg.Etcd, cfg.EtcdTimeout, err)
	}
	p, err := etcd.NewWithConfig("/actorfactor", ccfg)
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	return p, nil
}

// boundedProvider bounds the waits of a provider on its service, which
// protoactor's etcd provider makes with context.TODO: when etcd is gone,
// registering and deregistering would never return.
type boundedProvider struct {
	cluster.ClusterProvider
	start, leave time.Duration
}

// StartMember registers the member, or fails after the start timeout.
func (p boundedProvider) StartMember(c *cluster.Cluster) error {
	return within(p.start, "register with the membership service", func() error { return p.ClusterProvider.StartMember(c) })
}

// Shutdown deregisters the member, or gives up after the leave timeout.
func (p boundedProvider) Shutdown(graceful bool) error {
	return within(p.leave, "deregister from the membership service", func() error { return p.ClusterProvider.Shutdown(graceful) })
}

// within returns what f returns, or an error wrapping ErrTimeout once d
// has passed; f then goes on alone.
func within(d time.Duration, what string, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("%s: %w within %v", what, ErrTimeout, d)
	}
}

// Address returns this member's address, as other members know it.
func (m *Member) Address() string { return m.cluster.ActorSystem.Address() }

// ID returns this member's ID in the cluster's topology, which the
// cluster never lets back once it has left: its actor system's ID, with
// etcd prefixed by the cluster's name and "@".
func (m *Member) ID() string { return m.id }

// Dropped is closed when the other members may have dropped this one:
// its own topology no longer lists it (etcd deletes the key of a member
// whose lease ran out, protoactor issue 1133), or the process did not run
// for StallLimit (the automanaged provider drops a member that misses its
// health checks, and the member never hears of it). The member is never
// let back under its ID: it must leave and join again. DropReason says
// why.
func (m *Member) Dropped() <-chan struct{} { return m.dropped }

// DropReason says why Dropped was closed, or "" while it is not.
func (m *Member) DropReason() string {
	if why := m.why.Load(); why != nil {
		return *why
	}
	return ""
}

// markDropped closes Dropped, the first time, for the reason why.
func (m *Member) markDropped(why string) {
	m.drop.Do(func() {
		m.why.Store(&why)
		close(m.dropped)
	})
}

// topologyChanged drops this member when a topology event, which its
// provider publishes from its own goroutine, no longer lists it.
func (m *Member) topologyChanged(evt any) {
	t, ok := evt.(*cluster.ClusterTopology)
	if !ok {
		return
	}
	listed := false
	for _, member := range t.Members {
		listed = listed || member.Id == m.id
	}
	for _, member := range t.Left {
		if member.Id == m.id {
			m.markDropped("the cluster's topology says it left")
			return
		}
	}
	if !listed && m.listed.Load() {
		m.markDropped("the cluster's topology no longer lists it")
	}
	m.listed.Store(listed)
}

// watchStalls drops this member when its process did not run for limit:
// the time between two ticks, which it checks a few times per limit.
func (m *Member) watchStalls(limit time.Duration) {
	ticker := time.NewTicker(limit / 4)
	defer ticker.Stop()
	last := time.Now()
	for {
		select {
		case <-m.stop:
			return
		case <-ticker.C:
			// The monotonic clock runs on while the process is stopped.
			now := time.Now()
			if gap := now.Sub(last); gap > limit {
				m.markDropped(fmt.Sprintf("it did not run for %v", gap.Round(time.Millisecond)))
			}
			last = now
		}
	}
}

// Leave leaves the cluster at once: the membership service is told
// (waiting at most LeaveTimeout), then remote messaging stops (the
// listening port is free when Leave returns) and the actor system shuts
// down. It does not stop the actors: drain them first. protoactor's own
// Shutdown waits two seconds for grains this module has none of, and
// then, for a peer that froze, ten seconds more twice. Only the first
// call leaves; every call returns its error.
func (m *Member) Leave() error {
	m.leave.Do(func() {
		close(m.stop)
		system := m.cluster.ActorSystem
		system.EventStream.Unsubscribe(m.topology)
		m.leaveErr = m.provider.Shutdown(true)
		if m.health != nil {
			m.health.Close() // the automanaged provider closes it too, unless it never started
		}
		if m.cluster.Remote != nil {
			m.cluster.Remote.Shutdown(false)
		}
		system.Shutdown()
	})
	return m.leaveErr
}

// abandon frees the ports of a member that failed to join.
func (m *Member) abandon() {
	close(m.stop)
	system := m.cluster.ActorSystem
	system.EventStream.Unsubscribe(m.topology)
	if m.health != nil {
		m.health.Listener.Close()
		m.health.Close()
	}
	// The remote layer has a server to stop once it has an address.
	if _, port, _ := system.GetHostPort(); port > 0 && m.cluster.Remote != nil {
		m.cluster.Remote.Shutdown(false)
	}
}

// survivePanics keeps a member alive when a message it cannot decode
// (a type it does not know) makes protoactor's remote handler panic: the
// sender loses that batch, the member goes on.
func survivePanics(srv any, stream grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = status.Errorf(codes.Internal, "message not handled: %v", r)
		}
	}()
	return handler(srv, stream)
}

// loadTLS returns the server and client credentials of mutual TLS.
func loadTLS(files TLSFiles) (server, client credentials.TransportCredentials, err error) {
	cert, err := tls.LoadX509KeyPair(files.Cert, files.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	pem, err := os.ReadFile(files.CA)
	if err != nil {
		return nil, nil, fmt.Errorf("tls: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, nil, fmt.Errorf("tls: no certificate in %s", files.CA)
	}
	server = credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool,
		ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12})
	client = credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: pool, MinVersion: tls.VersionTLS12})
	return server, client, nil
}
