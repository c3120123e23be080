package cluster

// These tests pin the behaviour of protoactor's cluster that this package
// and the coordinator rely on or work around (see
// ../shared/notes/cluster.md), so that an upgrade that changes it fails
// here first. Members run on loopback, in a child process per scenario.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/actorfactor/actorfactor/internal/racereport"
	"github.com/actorfactor/actorfactor/messages"
)

// patience bounds every wait of these tests: far above what each takes.
const patience = 30 * time.Second

// scenarioEnv names the scenario that a child process runs.
const scenarioEnv = "ACTORFACTOR_CLUSTER_SCENARIO"

// scenarios are the tests that start cluster members. Each runs in a
// process of its own (see isolated): protoactor's cluster has data races
// of its own, and the testing package fails a test in which the race
// detector reports any, whatever GORACE says.
var scenarios = map[string]func(*check){
	"LeaveFreesTheMembersPortsAtOnce":                    leaveFreesThePortsAtOnce,
	"Port0WithEtcdIsAFreePortThatTheMemberNames":         port0WithEtcd,
	"LeaveReturnsWhenEtcdIsGone":                         leaveWithoutEtcd,
	"AMemberWhoseEtcdKeyIsGoneIsDropped":                 droppedWithItsKey,
	"AnOldMembersLeaveBreaksTheConnectionToItsSuccessor": oldMembersLeaveBreaksItsSuccessor,
}

func TestMain(m *testing.M) {
	if name := os.Getenv(scenarioEnv); name != "" {
		os.Exit(runScenario(scenarios[name]))
	}
	os.Exit(m.Run())
}

func TestMembersInTheirOwnProcesses(t *testing.T) {
	for name := range scenarios {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			isolated(t, name)
		})
	}
}

// isolated runs scenario name in a child process, whose data races fail
// the test only where they happen in this module's code.
func isolated(t *testing.T, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*patience)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), scenarioEnv+"="+name, "GORACE=exitcode=0")
	out, err := cmd.CombinedOutput()
	for _, report := range racereport.Ours(string(out)) {
		t.Errorf("data race in actorfactor:%s", report)
	}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == skipped:
		t.Skip(strings.TrimSpace(string(out)))
	case err != nil:
		t.Fatalf("%v:\n%s", err, out)
	}
}

// check is what a scenario checks with: its failures go to stderr, and
// the process exits 1 after one, or skipped.
type check struct {
	failed, skip bool
	cleanups     []func()
}

// skipped is the exit code of a scenario that could not run.
const skipped = 3

// runScenario runs scenario and returns the process's exit code.
func runScenario(scenario func(*check)) int {
	c := &check{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		scenario(c) // FailNow and Skip end it early
	}()
	<-done
	for i := len(c.cleanups) - 1; i >= 0; i-- {
		c.cleanups[i]()
	}
	switch {
	case c.failed:
		return 1
	case c.skip:
		return skipped
	}
	return 0
}

func (c *check) Errorf(format string, args ...any) {
	c.failed = true
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func (c *check) FailNow() {
	c.failed = true
	runtime.Goexit()
}

func (c *check) Helper() {}

// Skip ends the scenario, which could not run.
func (c *check) Skip(why string) {
	fmt.Fprintln(os.Stderr, why)
	c.skip = true
	runtime.Goexit()
}

// Cleanup has f called once the scenario has ended, last first.
func (c *check) Cleanup(f func()) { c.cleanups = append(c.cleanups, f) }

// TempDir returns a directory removed once the scenario has ended.
func (c *check) TempDir() string {
	dir, err := os.MkdirTemp("", "cluster-scenario")
	require.NoError(c, err)
	c.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// startEtcd starts an etcd on loopback ports it picks itself, stopped
// with the scenario, and returns its client address and its process; it
// skips the scenario when etcd is not installed.
func startEtcd(t *check) (string, *exec.Cmd) {
	path, err := exec.LookPath("etcd")
	if err != nil {
		t.Skip("etcd is not installed (apt-get install etcd-server)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*patience)
	anyPort := "http://127.0.0.1:0"
	cmd := exec.CommandContext(ctx, path, "--data-dir", t.TempDir(), "--name", "t",
		"--listen-client-urls", anyPort, "--advertise-client-urls", anyPort,
		"--listen-peer-urls", anyPort, "--initial-advertise-peer-urls", anyPort, "--initial-cluster", "t="+anyPort)
	pipe, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { cancel(); cmd.Wait() })
	serving := regexp.MustCompile(`serving insecure client requests on (\S+),`)
	stderr := bufio.NewReader(pipe)
	for {
		line, err := stderr.ReadString('\n')
		require.NoError(t, err, "etcd did not start")
		if m := serving.FindStringSubmatch(line); m != nil {
			go io.Copy(io.Discard, stderr)
			return m[1], cmd
		}
	}
}

// newSystem returns an actor system that logs nowhere, or on stderr when
// ACTORFACTOR_CLUSTER_SCENARIO_LOG is set (to see what a scenario does:
// run the test binary with it and ACTORFACTOR_CLUSTER_SCENARIO).
func newSystem() *actor.ActorSystem {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv(scenarioEnv+"_LOG") != "" {
		logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return logger })))
}

// join makes a new actor system, with an echo actor, a member of the
// cluster that cfg describes at listen; it leaves with the test.
func join(t *check, cfg Config, listen string) *Member {
	system := newSystem()
	_, err := system.Root.SpawnNamed(actor.PropsFromFunc(echoWork), "echo")
	require.NoError(t, err)
	cfg.Listen = listen
	m, err := Join(system, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { m.Leave() })
	return m
}

// echoWork answers every WorkRequest with itself.
func echoWork(ctx actor.Context) {
	if msg, ok := ctx.Message().(*messages.WorkRequest); ok {
		ctx.Respond(msg)
	}
}

// etcdConfig returns the configuration of a cluster of name on etcd.
func etcdConfig(name, endpoint string) Config {
	cfg := DefaultConfig()
	cfg.Name, cfg.Etcd = name, []string{endpoint}
	return cfg
}

// topologies returns the topology events of m's actor system.
func topologies(m *Member) <-chan *cluster.ClusterTopology {
	events := make(chan *cluster.ClusterTopology, 64)
	m.cluster.ActorSystem.EventStream.Subscribe(func(evt any) {
		if t, ok := evt.(*cluster.ClusterTopology); ok {
			select {
			case events <- t:
			default:
			}
		}
	})
	return events
}

// until returns the first value from ch that ok accepts, failing the
// test if none comes in a long while.
func until[T any](t *check, ch <-chan T, ok func(T) bool) T {
	deadline := time.After(patience)
	for {
		select {
		case v := <-ch:
			if ok(v) {
				return v
			}
		case <-deadline:
			require.FailNow(t, "nothing came")
		}
	}
}

func leaveFreesThePortsAtOnce(t *check) {
	r, err := ReserveAddresses(1)
	require.NoError(t, err)
	t.Cleanup(r.Release)
	cfg := DefaultConfig()
	cfg.Name, cfg.Peers = "leave", r.Addresses
	first := join(t, cfg, r.Addresses[0])
	require.NoError(t, first.Leave())
	// A member that joins again, as a node dropped by the cluster does,
	// binds the same ports.
	again := join(t, cfg, r.Addresses[0])
	assert.Equal(t, r.Addresses[0], again.Address())
	assert.NotEqual(t, first.ID(), again.ID(), "a new member ID")
}

func port0WithEtcd(t *check) {
	endpoint, _ := startEtcd(t)
	m := join(t, etcdConfig("port0", endpoint), "127.0.0.1:0")
	_, port, err := net.SplitHostPort(m.Address())
	require.NoError(t, err)
	assert.NotEqual(t, "0", port)
}

func leaveWithoutEtcd(t *check) {
	endpoint, server := startEtcd(t)
	cfg := etcdConfig("gone", endpoint)
	m := join(t, cfg, "127.0.0.1:0")
	require.NoError(t, server.Process.Kill())
	server.Wait()

	// protoactor's etcd provider deregisters with context.TODO: with etcd
	// gone, its Shutdown lasts as long as the etcd client retries, which
	// is forever while gRPC still reconnects, or fails at once when the
	// connection is already down. Leave returns either way, past
	// LeaveTimeout at the latest (the scenario's process has patience to
	// live), with the reason it could not deregister.
	err := m.Leave()
	require.Error(t, err, "no etcd to deregister from")
	if errors.Is(err, ErrTimeout) {
		assert.ErrorContains(t, err, fmt.Sprintf("deregister from the membership service: %v within %v", ErrTimeout, cfg.LeaveTimeout))
	}
	assert.Equal(t, err, m.Leave(), "leaving twice leaves once")
}

func droppedWithItsKey(t *check) {
	endpoint, _ := startEtcd(t)
	m := join(t, etcdConfig("dropped", endpoint), "127.0.0.1:0")
	events := topologies(m)
	// What etcd does when a member's lease runs out (it stalled past the
	// lease's 3 s): the member sees itself leave, and is never let back
	// under its ID (protoactor issue 1133).
	deleteKeys(t, endpoint, "/actorfactor/dropped/")

	left := until(t, events, func(t *cluster.ClusterTopology) bool { return len(t.Left) > 0 })
	assert.Equal(t, m.ID(), left.Left[0].Id, "it sees itself leave")
	until(t, m.dropped, func(struct{}) bool { return true })
	assert.Contains(t, m.DropReason(), "topology says it left")
}

func oldMembersLeaveBreaksItsSuccessor(t *check) {
	endpoint, _ := startEtcd(t)
	cfg := etcdConfig("successor", endpoint)
	r, err := ReserveAddresses(1)
	require.NoError(t, err)
	t.Cleanup(r.Release)
	observer := join(t, cfg, "127.0.0.1:0")
	events := topologies(observer)
	old := join(t, cfg, r.Addresses[0])
	until(t, events, func(t *cluster.ClusterTopology) bool { return len(t.Members) == 2 })
	// The old member dies without a word: its port is free, its etcd key
	// stays until it is deleted below, as its lease runs out.
	old.cluster.Remote.Shutdown(false)
	successor := join(t, cfg, r.Addresses[0])
	until(t, events, func(t *cluster.ClusterTopology) bool { return len(t.Members) == 3 })

	watcher, terminated := watcherOf(observer.cluster.ActorSystem)
	echoes := actor.NewPID(successor.Address(), "echo")
	reach(t, observer.cluster.ActorSystem, echoes)
	watch(t, observer.cluster.ActorSystem, watcher, echoes)

	deleteKeys(t, endpoint, "/actorfactor/successor/"+old.ID())

	// The old member's departure reports its address terminated, which
	// takes down the connection to the successor and everything watched
	// through it: a hint to check, not a verdict.
	gone := until(t, terminated, func(*actor.Terminated) bool { return true })
	assert.True(t, echoes.Equal(gone.Who))
	assert.Equal(t, actor.TerminatedReason_AddressTerminated, gone.Why)
	reach(t, observer.cluster.ActorSystem, echoes) // the successor lives on

	// A remote actor that stops is told apart from a broken connection.
	stopped, err := successor.cluster.ActorSystem.Root.SpawnNamed(actor.PropsFromFunc(echoWork), "stopped")
	require.NoError(t, err)
	remoteStopped := actor.NewPID(successor.Address(), stopped.Id)
	watch(t, observer.cluster.ActorSystem, watcher, remoteStopped)
	_, err = observer.cluster.ActorSystem.Root.RequestFuture(remoteStopped, &messages.WorkRequest{}, patience).Result()
	require.NoError(t, err, "watched")
	require.NoError(t, successor.cluster.ActorSystem.Root.StopFuture(stopped).Wait())
	gone = until(t, terminated, func(*actor.Terminated) bool { return true })
	assert.True(t, remoteStopped.Equal(gone.Who))
	assert.Equal(t, actor.TerminatedReason_Stopped, gone.Why)
}

// reach waits until a request from system to pid is answered. The first
// ones may be lost: a connection that protoactor closes reports its
// address terminated as it closes, which closes the next connection to
// that address (and drops what it holds) if one was opened meanwhile; a
// connection to the address that failed dead-letters what queued in it.
func reach(t *check, system *actor.ActorSystem, pid *actor.PID) {
	deadline := time.Now().Add(patience)
	for {
		_, err := system.Root.RequestFuture(pid, &messages.WorkRequest{}, 2*time.Second).Result()
		if err == nil {
			return
		}
		require.True(t, time.Now().Before(deadline), "%s not reached: %v", pid, err)
	}
}

// deleteKeys deletes the etcd keys that start with prefix, as etcd does
// those of a member whose lease ran out.
func deleteKeys(t *check, endpoint, prefix string) {
	client, err := clientv3.New(clientv3.Config{Endpoints: []string{endpoint}, DialTimeout: patience})
	require.NoError(t, err)
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	_, err = client.Delete(ctx, prefix, clientv3.WithPrefix())
	require.NoError(t, err)
}

// watcherOf spawns an actor that watches every PID it is asked to (and
// answers once it has), and returns it with the Terminated messages it
// gets.
func watcherOf(system *actor.ActorSystem) (*actor.PID, <-chan *actor.Terminated) {
	terminated := make(chan *actor.Terminated, 8)
	pid := system.Root.Spawn(actor.PropsFromFunc(func(ctx actor.Context) {
		switch msg := ctx.Message().(type) {
		case *actor.PID:
			ctx.Watch(msg)
			ctx.Respond(msg)
		case *actor.Terminated:
			terminated <- msg
		}
	}))
	return pid, terminated
}

// watch has watcher watch pid, and returns once it does.
func watch(t *check, system *actor.ActorSystem, watcher, pid *actor.PID) {
	_, err := system.Root.RequestFuture(watcher, pid, patience).Result()
	require.NoError(t, err)
}
