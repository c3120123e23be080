package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/asynkron/protoactor-go/remote"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/actorfactor/actorfactor/internal/cluster"
	"github.com/actorfactor/actorfactor/internal/racereport"
	"github.com/actorfactor/actorfactor/messages"
)

// clusterLimit bounds every process of a cluster test.
const clusterLimit = 60 * time.Second

// reserve returns n loopback addresses, each with its health port, that
// the test holds until it ends: a node started later, or started again,
// binds them without a race (see cluster.ReserveAddresses).
func reserve(t *testing.T, n int) []string {
	t.Helper()
	r, err := cluster.ReserveAddresses(n)
	require.NoError(t, err)
	t.Cleanup(r.Release)
	return r.Addresses
}

// process is the test binary started as actorfactor.
type process struct {
	cmd *exec.Cmd
	// stdout gathers standard output; output is closed at its first byte,
	// and copied once all of it is in. lastOutput is when the last of it
	// came, exited when the process exited (both set once done is).
	stdout     bytes.Buffer
	output     chan struct{}
	copied     chan struct{}
	lastOutput time.Time
	exited     time.Time
	done       chan error
	// stderr gathers standard error as it comes, so that the process
	// never blocks on it (the race detector's reports of protoactor's
	// races fill a pipe); waited is how much of it waitFor has read.
	// stderrDone is set, and stderrEnded closed, once all of it is in.
	mu          sync.Mutex
	said        sync.Cond
	stderr      strings.Builder
	waited      int
	stderrDone  bool
	stderrEnded chan struct{}
	// address is a node's address, as it said when it joined.
	address string
}

// start starts actorfactor with args and stdin (a file path, or "").
func start(t *testing.T, stdin string, args ...string) *process {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), clusterLimit)
	t.Cleanup(cancel)
	p := &process{cmd: exec.CommandContext(ctx, os.Args[0], append([]string{"--"}, args...)...),
		output: make(chan struct{}), copied: make(chan struct{}), done: make(chan error, 1), stderrEnded: make(chan struct{})}
	p.said.L = &p.mu
	// protoactor's cluster has data races of its own (its block list is
	// written by the gossip actor and read by the membership provider):
	// they must not fail the run; races in this module's code still fail
	// the test (see wait). The race detector's second at exit, to report
	// the races of goroutines still running, is spared.
	p.cmd.Env = append(os.Environ(), "ACTORFACTOR_AS_COMMAND=1", "GORACE=exitcode=0 atexit_sleep_ms=0")
	// Past its time limit, a process says what its goroutines were doing.
	p.cmd.Cancel = func() error { return p.cmd.Process.Signal(syscall.SIGQUIT) }
	p.cmd.WaitDelay = 5 * time.Second
	if stdin != "" {
		in, err := os.Open(stdin)
		require.NoError(t, err)
		t.Cleanup(func() { in.Close() })
		p.cmd.Stdin = in
	}
	out, err := p.cmd.StdoutPipe()
	require.NoError(t, err)
	errPipe, err := p.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, p.cmd.Start())
	go p.copyStdout(out)
	go p.copyStderr(errPipe)
	go func() {
		<-p.copied // Wait closes the pipes: read them through first
		<-p.stderrEnded
		err := p.cmd.Wait()
		p.exited = time.Now()
		p.done <- err
	}()
	t.Cleanup(func() {
		if t.Failed() {
			p.cmd.Process.Signal(syscall.SIGQUIT) // its goroutines, on stderr
			select {
			case err := <-p.done:
				p.done <- err
			case <-time.After(5 * time.Second):
			}
		}
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("stderr of actorfactor %s:\n%s", strings.Join(args, " "), p.stderr.String())
		}
	})
	return p
}

// copyStdout gathers stdout, and tells when the first of it came.
func (p *process) copyStdout(out io.Reader) {
	defer close(p.copied)
	buf := make([]byte, 64<<10)
	first := true
	for {
		n, err := out.Read(buf)
		p.stdout.Write(buf[:n])
		if n > 0 {
			p.lastOutput = time.Now()
			if first {
				first = false
				close(p.output)
			}
		}
		if err != nil {
			if first {
				close(p.output)
			}
			return
		}
	}
}

// copyStderr gathers stderr, line by line, and wakes waitFor at each.
func (p *process) copyStderr(stderr io.Reader) {
	defer close(p.stderrEnded)
	lines := bufio.NewReader(stderr)
	for {
		line, err := lines.ReadString('\n')
		p.mu.Lock()
		p.stderr.WriteString(line)
		p.stderrDone = err != nil
		p.mu.Unlock()
		p.said.Broadcast()
		if err != nil {
			return
		}
	}
}

// stderrText returns what the process said on stderr so far.
func (p *process) stderrText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// waitFor waits for a line of stderr that contains s, after the lines it
// returned before, and returns it.
func (p *process) waitFor(t *testing.T, s string) string {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		said := p.stderr.String()
		for {
			end := strings.IndexByte(said[p.waited:], '\n')
			if end < 0 {
				break
			}
			line := said[p.waited : p.waited+end+1]
			p.waited += end + 1
			if strings.Contains(line, s) {
				return line
			}
		}
		if p.stderrDone {
			require.Failf(t, "no such line", "waiting for %q, stderr: %s", s, said)
		}
		p.said.Wait() // the process's time limit bounds the wait
	}
}

// wait waits for the process to exit and returns its exit code. A data
// race whose accesses are in this module's code fails the test.
func (p *process) wait(t *testing.T) int {
	t.Helper()
	err := <-p.done
	p.done <- err
	for _, report := range racereport.Ours(p.stderr.String()) {
		t.Errorf("data race in actorfactor:%s", report)
	}
	return exitCode(t, err)
}

// exitsSoonAfterItsLastLine checks that a coordinator that wrote its last
// line exited soon after: within 5 s, allowed three times that on a busy
// machine (it waited 20 s, or forever, for a member that froze or an
// etcd that died).
func exitsSoonAfterItsLastLine(t *testing.T, coord *process) {
	t.Helper()
	after := coord.exited.Sub(coord.lastOutput)
	t.Logf("the coordinator exited %v after its last line", after.Round(time.Millisecond))
	assert.Less(t, after, 15*time.Second, "exit after the last line")
}

// joinedLine matches the line of a node that joined, with its address.
var joinedLine = regexp.MustCompile(`node (\S+) joined cluster`)

// node starts a node of cluster name on listen (port 0 with etcd), with
// membership, and waits until it has joined.
func node(t *testing.T, name, listen string, membership []string, args ...string) *process {
	t.Helper()
	p := start(t, "", append([]string{"node", "--cluster", name, "--listen", listen, "--workers", "2"}, append(membership, args...)...)...)
	p.address = joinedLine.FindStringSubmatch(p.waitFor(t, "joined cluster "+name))[1]
	return p
}

// peers returns the --peers flag of members.
func peers(members ...string) []string {
	return []string{"--peers", strings.Join(members, ",")}
}

// memberCounts returns the numbers each member answered, by address, from --stats.
func memberCounts(t *testing.T, stderr string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, m := range regexp.MustCompile(`(?m)^member (\S+): (\d+) numbers, \d+ re-dispatched$`).FindAllStringSubmatch(stderr, -1) {
		counts[m[1]], _ = strconv.Atoi(m[2])
	}
	return counts
}

// clusterBatch writes a batch to a file and returns it with its answer.
func clusterBatch(t *testing.T, n int) (path, answer string) {
	t.Helper()
	input, answer := batch(t, n)
	path = filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.WriteFile(path, []byte(input), 0o644))
	return path, answer
}

// stallLast returns the flag that stalls a node's worker on the last
// number of a batch of n until its run ends: such a node cannot finish
// the batch, whatever the speed of the machine, so the others must take
// over what it holds.
func stallLast(n int) []string {
	return []string{"--chaos-stall", strconv.Itoa(1_000_000_007 + 7919*(n-1))}
}

// etcdServer is an etcd of a test's own.
type etcdServer struct {
	cmd      *exec.Cmd
	endpoint string
}

// startEtcd starts an etcd on loopback ports it picks itself, or skips
// the test when etcd is not installed.
func startEtcd(t *testing.T) *etcdServer {
	t.Helper()
	path, err := exec.LookPath("etcd")
	if err != nil {
		t.Skip("etcd is not installed (apt-get install etcd-server)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), clusterLimit)
	any := "http://127.0.0.1:0"
	e := &etcdServer{cmd: exec.CommandContext(ctx, path, "--data-dir", t.TempDir(), "--name", "t",
		"--listen-client-urls", any, "--advertise-client-urls", any,
		"--listen-peer-urls", any, "--initial-advertise-peer-urls", any, "--initial-cluster", "t="+any)}
	errPipe, err := e.cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, e.cmd.Start())
	t.Cleanup(func() { cancel(); e.cmd.Wait() })
	stderr, said := bufio.NewReader(errPipe), ""
	for e.endpoint == "" {
		line, err := stderr.ReadString('\n')
		said += line
		require.NoError(t, err, "etcd did not start: %s", said)
		if m := etcdServing.FindStringSubmatch(line); m != nil {
			e.endpoint = m[1]
		}
	}
	go io.Copy(io.Discard, stderr)
	return e
}

// etcdServing matches the line where etcd names its client address.
var etcdServing = regexp.MustCompile(`serving insecure client requests on (\S+),`)

func TestAClusterAnswersLikeOneMachine(t *testing.T) {
	t.Parallel()
	addrs := reserve(t, 3)
	a, b, c := addrs[0], addrs[1], addrs[2]
	members := peers(addrs...)
	// Either node alone would sleep for a second and a half: both are
	// enlisted within milliseconds.
	node(t, "same", b, members, "--chaos-delay", "2ms")
	node(t, "same", c, members, "--chaos-delay", "2ms")
	stdin, answer := clusterBatch(t, 3000)
	coord := start(t, stdin, append([]string{"--cluster", "same", "--listen", a, "--workers", "0", "--stats"}, members...)...)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	counts := memberCounts(t, coord.stderrText())
	assert.Positive(t, counts[b], "stats: %s", coord.stderrText())
	assert.Positive(t, counts[c])
	assert.Equal(t, 3000, counts[b]+counts[c])
}

func TestANodesWorkersShareTheSieveOfOneNumber(t *testing.T) {
	t.Parallel()
	addrs := reserve(t, 2)
	a, b := addrs[0], addrs[1]
	members := peers(addrs...)
	node(t, "sieve", b, members, "--workers", "2")
	p, _ := new(big.Int).SetString("271701827927117492322007", 10)
	q, _ := new(big.Int).SetString("296424444265813865776661", 10)
	n := new(big.Int).Mul(p, q) // 155 bits: shared
	stdin := filepath.Join(t.TempDir(), "in")
	require.NoError(t, os.WriteFile(stdin, []byte(n.String()+"\n"), 0o644))
	coord := start(t, stdin, append([]string{"--cluster", "sieve", "--listen", a, "--workers", "0", "--stats"}, members...)...)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, n.String()+": "+p.String()+" "+q.String()+"\n", coord.stdout.String())
	assert.Contains(t, coord.stderrText(), "shared_sieves: 1\n", "its relations came over the wire")
	assert.Equal(t, 1, memberCounts(t, coord.stderrText())[b])
}

// slowPair starts two slow nodes of cluster name and a coordinator of a
// 2,000-number batch that uses only them; it returns once the first
// result is out.
func slowPair(t *testing.T, name string) (coord, first *process, answer string) {
	t.Helper()
	addrs := reserve(t, 3)
	members := peers(addrs...)
	first = node(t, name, addrs[1], members, "--chaos-delay", "2ms")
	node(t, name, addrs[2], members, "--chaos-delay", "2ms")
	stdin, answer := clusterBatch(t, 2000)
	coord = start(t, stdin, append([]string{"--cluster", name, "--listen", addrs[0], "--workers", "0", "--stats", "--chunk", "16"}, members...)...)
	<-coord.output
	return coord, first, answer
}

// lonelyRun starts a node of cluster name on listen that cannot finish a
// batch of n (it stalls on the last number), and a coordinator of that
// batch that has only that node (on the first of the --peers, or on port
// 0 with --etcd); it returns once the first result is out. From then on,
// and until it is lost, the node holds chunks.
func lonelyRun(t *testing.T, name, listen string, membership []string, n int) (coord, victim *process, answer string) {
	t.Helper()
	victim = node(t, name, listen, membership, append([]string{"--chaos-delay", "1ms"}, stallLast(n)...)...)
	stdin, answer := clusterBatch(t, n)
	coordListen := "127.0.0.1:0"
	if membership[0] == "--peers" {
		coordListen = strings.Split(membership[1], ",")[0]
	}
	coord = start(t, stdin, append([]string{"--cluster", name, "--listen", coordListen, "--workers", "0", "--stats", "--chunk", "16"}, membership...)...)
	<-coord.output
	return coord, victim, answer
}

func TestAKilledNodeLosesNothingAndALateNodeTakesOver(t *testing.T) {
	t.Parallel()
	addrs := reserve(t, 3)
	a, b, c := addrs[0], addrs[1], addrs[2]
	members := peers(a, b, c)
	coord, victim, answer := lonelyRun(t, "kill", b, members, 1000)
	require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
	// The run cannot end unless the coordinator notices the kill (else
	// what the victim held waits for the 10-minute chunk timeout) and
	// enlists the node that joins now.
	node(t, "kill", c, members)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	counts := memberCounts(t, coord.stderrText())
	assert.Equal(t, 1000, counts[b]+counts[c])
	assert.Positive(t, counts[c], "the late node answered numbers")
	assert.Regexp(t, "member "+regexp.QuoteMeta(b)+`: \d+ numbers, [1-9]\d* re-dispatched`, coord.stderrText(),
		"what the victim held went to the other node")
}

func TestANodeThatLeavesFinishesItsChunks(t *testing.T) {
	t.Parallel()
	coord, leaver, answer := slowPair(t, "leave")
	require.NoError(t, leaver.cmd.Process.Signal(syscall.SIGTERM))
	assert.Equal(t, 0, leaver.wait(t), leaver.stderrText())
	assert.Contains(t, leaver.stderrText(), "left cluster leave")
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	assert.Contains(t, coord.stderrText(), "\nreplaced_workers: 0\n", "a node that leaves is not a failure")
}

func TestANodeRestartedAtItsAddressIsEnlistedAgain(t *testing.T) {
	for _, membership := range []string{"peers", "etcd"} {
		t.Run(membership, func(t *testing.T) {
			t.Parallel()
			addrs := reserve(t, 2)
			flags := peers(addrs...)
			if membership == "etcd" {
				flags = []string{"--etcd", startEtcd(t).endpoint}
			}
			coord, victim, answer := lonelyRun(t, "restart", addrs[1], flags, 1000)
			require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
			victim.wait(t)
			// Only the node started again at the victim's address can end
			// the run: it is a new member, which the old one's departure
			// must not take down with it.
			node(t, "restart", addrs[1], flags)
			require.Equal(t, 0, coord.wait(t), coord.stderrText())
			assert.Equal(t, answer, coord.stdout.String(), "nothing lost, nothing written twice")
		})
	}
}

func TestAFrozenNodeIsDroppedAndServesTheNextRun(t *testing.T) {
	for _, membership := range []string{"peers", "etcd"} {
		t.Run(membership, func(t *testing.T) {
			t.Parallel()
			addrs := reserve(t, 4) // coordinator, frozen node, other node, next coordinator
			flags, next := peers(addrs...), addrs[3]
			if membership == "etcd" {
				flags, next = []string{"--etcd", startEtcd(t).endpoint}, "127.0.0.1:0"
			}
			const n = 1000
			coord, frozen, answer := lonelyRun(t, "frozen", addrs[1], flags, n)
			require.NoError(t, frozen.cmd.Process.Signal(syscall.SIGSTOP))
			t.Cleanup(func() { frozen.cmd.Process.Signal(syscall.SIGCONT) })
			// The run cannot end unless the coordinator drops the frozen
			// node and dispatches what it held to the other one.
			other := node(t, "frozen", addrs[2], flags)
			require.Equal(t, 0, coord.wait(t), coord.stderrText())
			assert.Equal(t, answer, coord.stdout.String())
			assert.Regexp(t, "member "+regexp.QuoteMeta(addrs[1])+`: \d+ numbers, [1-9]\d* re-dispatched`, coord.stderrText())
			exitsSoonAfterItsLastLine(t, coord)

			// Thawed, the node finds that it may have been dropped, and
			// joins again as a new member; the next run is all its own.
			require.NoError(t, frozen.cmd.Process.Signal(syscall.SIGCONT))
			frozen.waitFor(t, "joining again as a new member")
			frozen.waitFor(t, "joined cluster frozen")
			require.NoError(t, other.cmd.Process.Signal(syscall.SIGTERM))
			require.Equal(t, 0, other.wait(t), other.stderrText())
			stdin, answer := clusterBatch(t, n-1) // without the number it stalls on
			second := start(t, stdin, append([]string{"--cluster", "frozen", "--listen", next, "--workers", "0", "--stats"}, flags...)...)
			require.Equal(t, 0, second.wait(t), second.stderrText())
			assert.Equal(t, answer, second.stdout.String())
			assert.Equal(t, n-1, memberCounts(t, second.stderrText())[addrs[1]])
		})
	}
}

func TestARunOutlivesItsEtcd(t *testing.T) {
	t.Parallel()
	server := startEtcd(t)
	flags := []string{"--etcd", server.endpoint}
	coord, victim, answer := lonelyRun(t, "no-etcd", "127.0.0.1:0", flags, 1000)
	other := node(t, "no-etcd", "127.0.0.1:0", flags)
	require.NoError(t, server.cmd.Process.Signal(syscall.SIGKILL))
	// The run cannot end while the victim, which stalls on the last
	// number, lives: it ends with the members it has, noticing the kill
	// without etcd.
	require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	exitsSoonAfterItsLastLine(t, coord)

	// A node whose etcd is gone exits soon after SIGTERM: within 5 s,
	// allowed three times that on a busy machine.
	require.NoError(t, other.cmd.Process.Signal(syscall.SIGTERM))
	termed := time.Now()
	assert.Equal(t, 0, other.wait(t), other.stderrText())
	t.Logf("the node exited %v after SIGTERM", other.exited.Sub(termed).Round(time.Millisecond))
	assert.Less(t, other.exited.Sub(termed), 15*time.Second)
}

func TestAnUnreachableEtcdIsAnErrorNotAHang(t *testing.T) {
	t.Parallel()
	nowhere := reserve(t, 1)[0] // nothing listens there
	membership := []string{"--cluster", "lost", "--listen", "127.0.0.1:0", "--etcd", nowhere}
	for name, args := range map[string][]string{"node": {"node"}, "coordinator": {"--workers", "0", "12"}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := start(t, "", append(membership, args...)...)
			assert.Equal(t, ExitIncomplete, p.wait(t))
			assert.Contains(t, p.stderrText(), "actorfactor: etcd at ["+nowhere+"] did not answer within 3s (is it running?)")
		})
	}
}

func TestANodeOutlivesItsCoordinatorAndStrayTraffic(t *testing.T) {
	t.Parallel()
	// The next coordinator runs at another address: protoactor mixes up
	// the endpoints of a dead process and its successor at one address.
	addrs := reserve(t, 3)
	a, next, b := addrs[0], addrs[1], addrs[2]
	members := peers(addrs...)
	survivor := node(t, "stray", b, members, "--chaos-delay", "2ms")
	stdin, answer := clusterBatch(t, 2000)
	first := start(t, stdin, append([]string{"--cluster", "stray", "--listen", a, "--workers", "0", "--chunk", "16"}, members...)...)
	<-first.output
	require.NoError(t, first.cmd.Process.Signal(syscall.SIGKILL))
	first.wait(t)

	garbage, err := net.Dial("tcp", b)
	require.NoError(t, err)
	garbage.Write([]byte("GET / HTTP/1.1\r\n\r\n\x00\xff garbage"))
	garbage.Close()
	sendStray(t, b)

	second := start(t, stdin, append([]string{"--cluster", "stray", "--listen", next, "--workers", "0"}, members...)...)
	require.Equal(t, 0, second.wait(t), second.stderrText())
	assert.Equal(t, answer, second.stdout.String())
	select {
	case err := <-survivor.done:
		t.Fatalf("the node exited: %v\n%s", err, survivor.stderrText())
	default:
	}
}

// sendStray sends a node at address messages it has no use for, and one
// of a type it does not know, from an actor system of its own.
func sendStray(t *testing.T, address string) {
	t.Helper()
	system := actor.NewActorSystemWithConfig(actor.Configure(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	})))
	r := remote.NewRemote(system, remote.Configure("127.0.0.1", 0))
	r.Start()
	defer r.Shutdown(true)
	agent := actor.NewPID(address, cluster.AgentName)
	system.Root.Send(agent, &messages.FactorReply{Output: []byte("stray")})
	system.Root.Send(agent, &messages.Enlist{})
	system.Root.Send(actor.NewPID(address, "no-such-actor"), &messages.FactorRequest{Text: []byte("12")})
	_, err := system.Root.RequestFuture(agent, &messages.Enlist{}, 5*time.Second).Result()
	assert.NoError(t, err, "the agent answers after the stray messages")
	// The node cannot decode this one: the connection that carried it
	// breaks, the node lives on.
	system.Root.Send(agent, unknownMessage(t))
}

// unknownMessage returns a message of a protobuf type no node knows.
func unknownMessage(t *testing.T) proto.Message {
	t.Helper()
	file, err := protodesc.NewFile(&descriptorpb.FileDescriptorProto{
		Name:    proto.String("stray.proto"),
		Package: proto.String("stray"),
		Syntax:  proto.String("proto3"),
		MessageType: []*descriptorpb.DescriptorProto{{
			Name: proto.String("Unknown"),
			Field: []*descriptorpb.FieldDescriptorProto{{
				Name: proto.String("x"), JsonName: proto.String("x"), Number: proto.Int32(1),
				Type:  descriptorpb.FieldDescriptorProto_TYPE_INT32.Enum(),
				Label: descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL.Enum(),
			}},
		}},
	}, nil)
	require.NoError(t, err)
	msg := dynamicpb.NewMessage(file.Messages().Get(0))
	msg.Set(file.Messages().Get(0).Fields().Get(0), protoreflect.ValueOfInt32(7))
	return msg
}

func TestAClusterOnEtcd(t *testing.T) {
	t.Parallel()
	membership := []string{"--etcd", startEtcd(t).endpoint}
	b := node(t, "etcd", "127.0.0.1:0", membership).address // joining waits for etcd to answer
	stdin, answer := clusterBatch(t, 2000)
	coord := start(t, stdin, append([]string{"--cluster", "etcd", "--listen", "127.0.0.1:0", "--workers", "0", "--stats"}, membership...)...)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	assert.Equal(t, 2000, memberCounts(t, coord.stderrText())[b])
}

func TestAClusterWithMutualTLS(t *testing.T) {
	t.Parallel()
	tlsFlags := writeCertificates(t)
	addrs := reserve(t, 2)
	a, b := addrs[0], addrs[1]
	membership := append(peers(addrs...), tlsFlags...)
	node(t, "tls", b, membership)
	stdin, answer := clusterBatch(t, 2000)
	coord := start(t, stdin, append([]string{"--cluster", "tls", "--listen", a, "--workers", "0", "--stats", "--verbose"}, membership...)...)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	assert.Equal(t, 2000, memberCounts(t, coord.stderrText())[b])
}

// writeCertificates writes a CA and a member certificate for 127.0.0.1
// signed by it, and returns the flags that use them.
func writeCertificates(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "actorfactor test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	require.NoError(t, err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "member"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	require.NoError(t, err)
	keyDER, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	write := func(name, kind string, der []byte) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600))
		return path
	}
	return []string{
		"--tls-ca", write("ca.pem", "CERTIFICATE", caDER),
		"--tls-cert", write("member.pem", "CERTIFICATE", leafDER),
		"--tls-key", write("member.key", "EC PRIVATE KEY", keyDER),
	}
}

func TestBenchMeasuresALoopbackCluster(t *testing.T) {
	t.Parallel()
	// bench starts its nodes from its own binary: the test binary, which
	// acts as actorfactor in the environment start gives it.
	bench := start(t, "", "bench", "--quick", "--cluster", "--workload", "seed", "--count", "2000", "--repeat", "1",
		"--workers", "2", "--routers", "least-loaded", "--chunks", "auto")
	require.Equal(t, 0, bench.wait(t), bench.stderrText())
	assert.Regexp(t, `(?m)^seed +2000 +actors, loopback cluster +least-loaded +auto +2 +\d+ `, bench.stdout.String(),
		"a row for the cluster, whose output matched the baseline's")
}

func TestRoutersUseAFastNodeAndASlowOne(t *testing.T) {
	// How the routers share the work depends on speed: bench measures it.
	// Here, every number is answered once, and the fast node took part.
	for _, router := range []string{"least-loaded", "work-pulling"} {
		t.Run(router, func(t *testing.T) {
			t.Parallel()
			addrs := reserve(t, 3)
			a, fast, slow := addrs[0], addrs[1], addrs[2]
			members := peers(addrs...)
			node(t, "balance-"+router, fast, members)
			node(t, "balance-"+router, slow, members, "--chaos-delay", "10ms")
			stdin, answer := clusterBatch(t, 800)
			coord := start(t, stdin, append([]string{"--cluster", "balance-" + router, "--listen", a, "--workers", "0",
				"--stats", "--router", router, "--chunk", "8"}, members...)...)
			require.Equal(t, 0, coord.wait(t), coord.stderrText())
			assert.Equal(t, answer, coord.stdout.String())
			counts := memberCounts(t, coord.stderrText())
			// The slow node alone would sleep for two seconds.
			assert.Positive(t, counts[fast], "the fast node answered numbers: %v", counts)
			assert.Equal(t, 800, counts[fast]+counts[slow])
		})
	}
}

func TestANodeServesTheMetricsOfItsWorkers(t *testing.T) {
	t.Parallel()
	addrs := reserve(t, 2)
	a, b := addrs[0], addrs[1]
	members := peers(addrs...)
	n := node(t, "metrics", b, members, "--web-addr", "127.0.0.1:0", "--chaos-panic-rate", "0.3")
	url := metricsURL.FindStringSubmatch(n.stderrText())
	require.NotNil(t, url, n.stderrText())
	stdin, answer := clusterBatch(t, 500)
	// A number is quarantined after --retries crashes: with the default 3,
	// chaos at 0.3 quarantines one of the 500 in some runs (which chunks
	// a crash takes down with it depends on timing), and this run must
	// answer every number.
	coord := start(t, stdin, append([]string{"--cluster", "metrics", "--listen", a, "--workers", "0", "--chunk", "8",
		"--retries", "20"}, members...)...)
	require.Equal(t, 0, coord.wait(t), coord.stderrText())
	assert.Equal(t, answer, coord.stdout.String())
	scraped, err := get(url[1])
	require.NoError(t, err)
	assert.Regexp(t, `(?m)^actorfactor_worker_restarts_total [1-9]\d*$`, scraped, "the node's workers crashed and were restarted there")
	state, err := getEvent(strings.TrimSuffix(url[1], "metrics") + "events")
	require.NoError(t, err)
	assert.Regexp(t, `"name":"node-worker-1","state":"[a-z]+","chunks":0,"numbers":0,"restarts":[1-9]`, state,
		"the node's dashboard shows its workers and their restarts")
}

// getEvent returns the first Server-Sent Event at url.
func getEvent(url string) (string, error) {
	res, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	return bufio.NewReader(res.Body).ReadString('\n')
}
