package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/spf13/cobra"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/internal/cluster"
	"github.com/actorfactor/actorfactor/internal/dashboard"
)

// leaveTimeout bounds the wait for a leaving node's workers to answer the
// chunks they hold: a coordinator dispatches what is left again.
const leaveTimeout = 30 * time.Second

// nodeFlags are the flags of the node command.
type nodeFlags struct {
	workers     int
	webAddr     string
	verbose     bool
	supervisor  string
	supervision actors.Supervision
	chaos       chaosFlags
	cluster     clusterFlags
}

func newNodeCommand(streams IO) *cobra.Command {
	var f nodeFlags
	cmd := &cobra.Command{
		Use:   "node --cluster NAME --listen HOST:PORT (--peers ADDR,... | --etcd ENDPOINTS)",
		Short: "Host worker actors for the coordinators of a cluster",
		Long: `Run a cluster member that hosts worker actors for every coordinator of the
cluster (actorfactor --cluster NAME ...), until SIGINT or SIGTERM: then it
lets its workers answer the chunks they hold, leaves the cluster and exits.
Its workers are supervised here, with the supervision and chaos flags
given here. A coordinator that vanishes loses its workers; the node stays
for the next one. A node that the cluster may have dropped (its process
did not run for 1.5 s, or etcd let its lease run out)
joins again at its address as a new member.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runNode(cmd.Context(), f, streams)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "worker actors per coordinator")
	fl.BoolVar(&f.verbose, "verbose", false, "log actor events on stderr")
	fl.StringVar(&f.webAddr, "web-addr", "", "serve a dashboard of this node's workers at http://HOST:PORT/ and its Prometheus metrics (its workers' supervision, Go runtime, process) at /metrics")
	registerSupervision(fl, &f.supervision, &f.supervisor, "stopped")
	f.chaos.register(fl)
	f.cluster.register(fl)
	return cmd
}

// agentConfig turns the flags into the configuration of the node's agent
// and the supervision of its workers.
func (f nodeFlags) agentConfig() (cluster.AgentConfig, actors.Supervision, error) {
	supervision := f.supervision
	supervision.Strategy = actors.Strategy(f.supervisor)
	cfg := cluster.AgentConfig{Workers: f.workers}
	chaos, err := f.chaos.chaos()
	if err != nil {
		return cfg, supervision, &usageError{err}
	}
	if err := errors.Join(supervision.Validate(), chaos.Validate(), validWebAddr(f.webAddr)); err != nil {
		return cfg, supervision, &usageError{err}
	}
	cfg.Worker = actors.NodeWorker(chaos)
	cfg.Strategy, _ = supervision.NewStrategy() // valid: checked above
	if err := cfg.Validate(); err != nil {
		return cfg, supervision, &usageError{err}
	}
	if !f.cluster.enabled() {
		return cfg, supervision, usagef("node needs --cluster NAME")
	}
	if err := f.cluster.validate(); err != nil {
		return cfg, supervision, &usageError{err}
	}
	return cfg, supervision, nil
}

// runNode hosts workers until ctx is done, then leaves. A node that the
// cluster may have dropped (it froze, or etcd let its lease run out)
// joins again at its address as a new member: protoactor never lets a
// member ID back once it has left.
func runNode(ctx context.Context, f nodeFlags, streams IO) error {
	cfg, supervision, err := f.agentConfig()
	if err != nil {
		return err
	}
	logger := verboseLogger(f.verbose, streams.Stderr)
	if f.webAddr != "" {
		observer, d, stop, err := serveRun(f.webAddr, dashboard.Options{
			Router:     "(each coordinator's)",
			Supervisor: describeSupervision(supervision),
		}, streams.Stderr)
		if err != nil {
			return err
		}
		defer stop()
		defer d.Finish()
		cfg.Observer = observer
	}
	membership, name := f.cluster, f.cluster.cfg.Name
	for {
		n, err := startNode(membership, logger, cfg)
		if err != nil {
			return err
		}
		fmt.Fprintf(streams.Stderr, "actorfactor: node %s joined cluster %s\n", n.member.Address(), name)
		select {
		case <-ctx.Done():
			return n.leave(streams.Stderr, name)
		case <-n.member.Dropped():
			fmt.Fprintf(streams.Stderr, "actorfactor: node %s: %s, so cluster %s may have dropped it: joining again as a new member\n",
				n.member.Address(), n.member.DropReason(), name)
			n.abandon()
			membership.cfg.Listen = n.member.Address() // the same port, also after port 0
		}
	}
}

// nodeMember is one membership of a node: an actor system, its agent,
// and its place in the cluster.
type nodeMember struct {
	system *actor.ActorSystem
	agent  *actor.PID
	member *cluster.Member
	// unobserve stops telling the observer of the supervision of the
	// system's workers.
	unobserve func()
}

// startNode starts an actor system with an agent and joins the cluster.
func startNode(membership clusterFlags, logger *slog.Logger, cfg cluster.AgentConfig) (*nodeMember, error) {
	n := &nodeMember{unobserve: func() {}}
	var err error
	n.system, n.member, err = membership.join(logger, func(system *actor.ActorSystem) {
		n.agent, _ = system.Root.SpawnNamed(actor.PropsFromProducer(cluster.NewAgent(cfg)), cluster.AgentName)
	})
	if err != nil {
		return nil, err
	}
	if cfg.Observer != nil {
		n.unobserve = actors.ObserveSupervision(n.system, cfg.Observer)
	}
	return n, nil
}

// leave lets the agent's workers answer the chunks they hold, then leaves
// the cluster. A membership service that is gone is not waited for.
func (n *nodeMember) leave(stderr io.Writer, name string) error {
	_, err := n.system.Root.RequestFuture(n.agent, &cluster.LeaveNode{}, leaveTimeout).Result()
	n.unobserve()
	if lerr := n.member.Leave(); lerr != nil {
		fmt.Fprintf(stderr, "actorfactor: node %s: %v\n", n.member.Address(), lerr)
	}
	if err != nil {
		return fmt.Errorf("node left with workers busy: %w", err)
	}
	fmt.Fprintf(stderr, "actorfactor: node %s left cluster %s\n", n.member.Address(), name)
	return nil
}

// abandon stops the agent and its workers, without waiting for them, and
// leaves the cluster: their coordinators dispatch what they held again.
func (n *nodeMember) abandon() {
	n.system.Root.Stop(n.agent)
	n.unobserve()
	n.member.Leave()
}
