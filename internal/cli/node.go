package cli

import (
	"context"
	"errors"
	"fmt"
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
for the next one.`,
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

// runNode hosts workers until ctx is done, then leaves.
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
	var agent *actor.PID
	system, member, err := f.cluster.join(logger, func(system *actor.ActorSystem) {
		agent, _ = system.Root.SpawnNamed(actor.PropsFromProducer(cluster.NewAgent(cfg)), cluster.AgentName)
	})
	if err != nil {
		return err
	}
	if cfg.Observer != nil {
		defer actors.ObserveSupervision(system, cfg.Observer)()
	}
	fmt.Fprintf(streams.Stderr, "actorfactor: node %s joined cluster %s\n", member.Address(), f.cluster.cfg.Name)
	<-ctx.Done()
	_, err = system.Root.RequestFuture(agent, &cluster.LeaveNode{}, leaveTimeout).Result()
	member.Leave()
	if err != nil {
		return fmt.Errorf("node left with workers busy: %w", err)
	}
	fmt.Fprintf(streams.Stderr, "actorfactor: node %s left cluster %s\n", member.Address(), f.cluster.cfg.Name)
	return nil
}
