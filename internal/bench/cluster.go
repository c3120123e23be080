package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/cluster"
)

// ModeCluster is the actor pipeline with its workers on two node processes
// on loopback, coordinated from this process: the cost of the wire.
const ModeCluster = "actors, loopback cluster"

// clockTicks is the unit of the CPU times in /proc/PID/stat.
const clockTicks = 100

// loopback is a cluster on loopback: this process as coordinator, with no
// workers of its own, and two node processes.
type loopback struct {
	system *actors.System
	member *cluster.Member
	nodes  []*exec.Cmd
	// ports holds the members' addresses until the nodes are gone.
	ports *cluster.Reservation
}

// startLoopback starts two nodes of the actorfactor at executable and
// joins them.
func startLoopback(executable string) (*loopback, error) {
	ports, err := cluster.ReserveAddresses(3)
	if err != nil {
		return nil, err
	}
	addrs := ports.Addresses
	name := fmt.Sprintf("bench-%d", os.Getpid())
	peers := strings.Join(addrs, ",")
	l := &loopback{ports: ports}
	for _, addr := range addrs[1:] {
		cmd := exec.Command(executable, "node", "--cluster", name, "--listen", addr, "--peers", peers, "--workers", strconv.Itoa(actors.MaxWorkers))
		stderr, err := cmd.StderrPipe()
		if err == nil {
			err = cmd.Start()
		}
		if err != nil {
			l.close()
			return nil, fmt.Errorf("start node: %w", err)
		}
		l.nodes = append(l.nodes, cmd)
		if err := joined(bufio.NewReader(stderr)); err != nil {
			l.close()
			return nil, fmt.Errorf("node %s: %w", addr, err)
		}
	}
	system := actors.NewActorSystem(nil)
	cfg := cluster.DefaultConfig()
	cfg.Name, cfg.Listen, cfg.Peers = name, addrs[0], addrs
	l.member, err = cluster.Join(system, cfg)
	if err != nil {
		l.close()
		return nil, err
	}
	l.system = actors.SystemOf(system)
	return l, nil
}

// modes returns a least-loaded, auto-chunked mode for each worker count,
// rounded up to a multiple of the nodes, which share the workers evenly.
func (l *loopback) modes(workers []int) []mode {
	var list []mode
	seen := map[int]bool{}
	for _, w := range workers {
		perNode := (w + len(l.nodes) - 1) / len(l.nodes)
		if total := perNode * len(l.nodes); !seen[total] {
			seen[total] = true
			list = append(list, mode{name: ModeCluster, router: core.LeastLoaded, chunking: "auto", workers: total,
				run: l.run(perNode)})
		}
	}
	return list
}

// joined reads a node's stderr until it says it joined, then drains it.
func joined(stderr *bufio.Reader) error {
	var said strings.Builder
	for {
		line, err := stderr.ReadString('\n')
		said.WriteString(line)
		if strings.Contains(line, "joined cluster") {
			go io.Copy(io.Discard, stderr)
			return nil
		}
		if err != nil {
			return fmt.Errorf("did not join: %s", said.String())
		}
	}
}

// run factors a batch with perNode workers on each node.
func (l *loopback) run(perNode int) runFunc {
	cfg := pipelineConfig(core.LeastLoaded, actors.DefaultConfig().Chunk, perNode*len(l.nodes))
	cfg.Cluster, cfg.Workers, cfg.NodeWorkers = true, 0, perNode
	pipeline := inProcess(runPipeline(l.system, cfg))
	return func(ctx context.Context, batch []uint64, out io.Writer) (outcome, error) {
		before, err := l.nodeCPU()
		if err != nil {
			return outcome{}, err
		}
		o, err := pipeline(ctx, batch, out)
		if err != nil {
			return o, err
		}
		after, err := l.nodeCPU()
		o.cpu += after - before
		return o, err
	}
}

// nodeCPU returns the CPU time the node processes have used.
func (l *loopback) nodeCPU() (time.Duration, error) {
	var total time.Duration
	for _, n := range l.nodes {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", n.Process.Pid))
		if err != nil {
			return 0, fmt.Errorf("node cpu: %w", err)
		}
		// Fields 14 and 15 (utime, stime) follow the command in parentheses.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		for _, f := range fields[11:13] {
			ticks, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return 0, fmt.Errorf("node cpu: %w", err)
			}
			total += time.Duration(ticks) * time.Second / clockTicks
		}
	}
	return total, nil
}

// close leaves the cluster and stops the nodes.
func (l *loopback) close() error {
	if l.member != nil {
		l.member.Leave()
	}
	var errs []error
	for _, n := range l.nodes {
		n.Process.Signal(syscall.SIGTERM)
		if err := n.Wait(); err != nil {
			errs = append(errs, fmt.Errorf("node: %w", err))
		}
	}
	l.ports.Release()
	return errors.Join(errs...)
}
