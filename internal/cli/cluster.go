package cli

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/spf13/pflag"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/cluster"
)

// clusterFlags are the flags that make a process a cluster member, shared
// by the coordinator and node commands.
type clusterFlags struct {
	cfg cluster.Config
}

func (c *clusterFlags) register(fs *pflag.FlagSet) {
	c.cfg = cluster.DefaultConfig()
	fs.StringVar(&c.cfg.Name, "cluster", "", "join the cluster of this name: use the workers of its node members")
	fs.StringVar(&c.cfg.Listen, "listen", c.cfg.Listen, "HOST:PORT of this member's remote messages (with a cluster); --peers members also answer health checks on PORT+10000 (PORT-10000 above 55535); PORT 0 (with --etcd) picks a free port")
	fs.StringSliceVar(&c.cfg.Peers, "peers", nil, "comma-separated --listen addresses of the members (automanaged membership, no service needed)")
	fs.StringSliceVar(&c.cfg.Etcd, "etcd", nil, "comma-separated etcd endpoints for membership, instead of --peers")
	fs.StringVar(&c.cfg.TLS.Cert, "tls-cert", "", "PEM certificate of this member, for mutual TLS between members")
	fs.StringVar(&c.cfg.TLS.Key, "tls-key", "", "PEM key of --tls-cert")
	fs.StringVar(&c.cfg.TLS.CA, "tls-ca", "", "PEM certificate of the CA that signed every member's certificate")
}

// enabled reports whether a cluster was asked for.
func (c *clusterFlags) enabled() bool { return c.cfg.Name != "" }

// strayFlags reports the cluster flags given without --cluster.
func (c *clusterFlags) strayFlags(flags *pflag.FlagSet) error {
	if c.enabled() {
		return nil
	}
	var errs []error
	for _, name := range []string{"listen", "peers", "etcd", "tls-cert", "tls-key", "tls-ca"} {
		if flags.Changed(name) {
			errs = append(errs, fmt.Errorf("--%s needs --cluster NAME", name))
		}
	}
	return errors.Join(errs...)
}

// validate checks the flags of a cluster, when one was asked for.
func (c *clusterFlags) validate() error {
	if !c.enabled() {
		return nil
	}
	if err := c.cfg.Validate(); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	return nil
}

// join makes a new actor system, logging to logger, a member of the
// cluster; spawn spawns the actors other members address before they can.
func (c *clusterFlags) join(logger *slog.Logger, spawn func(*actor.ActorSystem)) (*actor.ActorSystem, *cluster.Member, error) {
	system := actors.NewActorSystem(logger)
	spawn(system)
	member, err := cluster.Join(system, c.cfg)
	if err != nil {
		system.Shutdown()
		return nil, nil, err
	}
	return system, member, nil
}
