// Package cluster makes an actor system a member of a protoactor cluster:
// remote (gRPC) on the --listen address, membership from the automanaged
// provider (--peers, no service needed) or from etcd (--etcd), and mutual
// TLS when certificates are given. Membership changes arrive on the actor
// system's event stream as *cluster.ClusterTopology events.
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
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/asynkron/protoactor-go/cluster/clusterproviders/automanaged"
	"github.com/asynkron/protoactor-go/cluster/clusterproviders/etcd"
	"github.com/asynkron/protoactor-go/cluster/identitylookup/disthash"
	"github.com/asynkron/protoactor-go/remote"
	"github.com/labstack/echo"
	clientv3 "go.etcd.io/etcd/client/v3"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
)

// Config says how to join a cluster.
type Config struct {
	// Name is the cluster's name: members of other clusters are ignored.
	Name string
	// Listen is this member's HOST:PORT for remote messages. The automanaged
	// provider also listens on HealthPort(PORT) for health checks.
	Listen string
	// Peers lists the Listen addresses of the members (automanaged); Etcd
	// the endpoints of an etcd server instead.
	Peers, Etcd []string
	// TLS, when its files are set, secures remote messages with mutual TLS.
	TLS TLSFiles
}

// TLSFiles names the PEM files of mutual TLS: this member's certificate
// and key, and the CA that signed every member's certificate.
type TLSFiles struct {
	Cert, Key, CA string
}

// refreshTTL is how often the automanaged provider checks the members.
const refreshTTL = 300 * time.Millisecond

// etcdTimeout bounds the wait for etcd: the provider itself waits forever.
const etcdTimeout = 3 * time.Second

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []error
	if c.Name == "" {
		errs = append(errs, errors.New("a cluster needs a name"))
	}
	if _, _, err := splitListen(c.Listen); err != nil {
		errs = append(errs, err)
	}
	switch {
	case len(c.Peers) == 0 && len(c.Etcd) == 0:
		errs = append(errs, errors.New("a cluster needs its members' --peers or an --etcd"))
	case len(c.Peers) > 0 && len(c.Etcd) > 0:
		errs = append(errs, errors.New("--peers and --etcd exclude each other"))
	}
	for _, p := range c.Peers {
		if _, _, err := splitListen(p); err != nil {
			errs = append(errs, fmt.Errorf("peer: %w", err))
		}
	}
	if set := c.TLS.Cert != "" || c.TLS.Key != "" || c.TLS.CA != ""; set && (c.TLS.Cert == "" || c.TLS.Key == "" || c.TLS.CA == "") {
		errs = append(errs, errors.New("TLS needs --tls-cert, --tls-key and --tls-ca together"))
	}
	return errors.Join(errs...)
}

// splitListen splits HOST:PORT.
func splitListen(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(p)
	if err != nil || perr != nil || host == "" || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("address %q: want HOST:PORT with PORT in 1..65535", addr)
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
	cluster *cluster.Cluster
	health  *echo.Echo
}

// Join makes system a member of the cluster cfg describes. Actors that
// other members address by name must be spawned before: members see this
// one before Join returns.
func Join(system *actor.ActorSystem, cfg Config) (m *Member, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	host, port, _ := splitListen(cfg.Listen)
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
	m = &Member{}
	provider, err := m.provider(system, cfg, host, port)
	if err != nil {
		return nil, err
	}
	m.cluster = cluster.New(system, cluster.Configure(cfg.Name, provider, disthash.New(), rc))
	// protoactor panics when it cannot listen or its provider fails.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("join cluster %s on %s: %v", cfg.Name, cfg.Listen, r)
		}
	}()
	m.cluster.StartMember()
	return m, nil
}

// provider returns the membership provider cfg asks for.
func (m *Member) provider(system *actor.ActorSystem, cfg Config, host string, port int) (cluster.ClusterProvider, error) {
	if len(cfg.Etcd) > 0 {
		return etcdProvider(cfg)
	}
	hosts := make([]string, len(cfg.Peers))
	for i, p := range cfg.Peers {
		h, pp, _ := splitListen(p)
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
	return automanaged.NewWithTesting(refreshTTL, HealthPort(port), m.health, hosts...), nil
}

// etcdProvider returns the etcd provider, once etcd has answered.
func etcdProvider(cfg Config) (cluster.ClusterProvider, error) {
	client, err := clientv3.New(clientv3.Config{Endpoints: cfg.Etcd, DialTimeout: etcdTimeout})
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), etcdTimeout)
	defer cancel()
	_, err = client.Get(ctx, "/actorfactor")
	client.Close()
	if err != nil {
		return nil, fmt.Errorf("etcd at %v: %w", cfg.Etcd, err)
	}
	p, err := etcd.NewWithConfig("/actorfactor", clientv3.Config{Endpoints: cfg.Etcd, DialTimeout: etcdTimeout})
	if err != nil {
		return nil, fmt.Errorf("etcd: %w", err)
	}
	return p, nil
}

// Address returns this member's address, as other members know it.
func (m *Member) Address() string { return m.cluster.ActorSystem.Address() }

// Leave leaves the cluster: the others are told, then the actor system
// stops. It takes about two seconds.
func (m *Member) Leave() {
	m.cluster.Shutdown(true)
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
