// Package cli implements the actorfactor command line: the factor command
// (GNU factor compatible), demo and bench.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
	"github.com/actorfactor/actorfactor/internal/dashboard"
	"github.com/actorfactor/actorfactor/internal/input"
	"github.com/actorfactor/actorfactor/internal/output"
	"github.com/actorfactor/actorfactor/messages"
)

// IO holds the standard streams of a command.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Run runs actorfactor with args (without the program name).
func Run(ctx context.Context, args []string, streams IO) error {
	root := newRootCommand(ctx, streams)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	var usage *usageError
	if errors.As(err, &usage) {
		fmt.Fprintf(streams.Stderr, "actorfactor: %v\nTry 'actorfactor --help' for more information.\n", err)
	} else if err != nil && !errors.Is(err, ErrIncomplete) {
		fmt.Fprintf(streams.Stderr, "actorfactor: %v\n", err)
	}
	return err
}

// factorFlags are the flags of the factor (root) command.
type factorFlags struct {
	workers       int
	chunk         string
	window        int
	unordered     bool
	format        string
	algorithm     string
	stats         bool
	verbose       bool
	exponents     bool
	timeout       time.Duration
	numberTimeout time.Duration
	deadline      time.Duration
	journal       string
	webAddr       string
	webHold       time.Duration
	progress      string
	router        string
	profile       string

	supervisor  string
	supervision actors.Supervision
	chaos       chaosFlags
	cluster     clusterFlags
}

const rootHelp = `Print the prime factors of each NUMBER, or of each whitespace-separated
number read from standard input, like GNU factor: "N: p1 p2 ...", one line
per number, in input order. Numbers may have any size.

The work is done by actors: a coordinator cuts the batch into chunks and
dispatches them through a router to worker actors, gathering the replies
with request futures.

The first SIGINT or SIGTERM stops reading: the results of what was read are
written, and stderr says how many numbers were answered and where to go on
in the input; a second one aborts at once.

Exit status: 0 all numbers factored, 1 some input invalid or not factored,
or --deadline passed, 2 usage error, 130 interrupted.`

func newRootCommand(ctx context.Context, streams IO) *cobra.Command {
	var f factorFlags
	root := &cobra.Command{
		Use:           "actorfactor [flags] [NUMBER...]",
		Short:         "Factor integers with an actor pipeline (GNU factor compatible)",
		Long:          rootHelp,
		Args:          cobra.ArbitraryArgs,
		SilenceErrors: true,
		SilenceUsage:  true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFactor(cmd.Context(), cmd, f, args, streams)
		},
	}
	root.SetOut(streams.Stdout)
	root.SetErr(streams.Stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	defaults := actors.DefaultConfig()
	fl := root.Flags()
	fl.Bool("help", false, "show this help")
	fl.BoolVarP(&f.exponents, "exponents", "h", false, "print repeated factors as p^e")
	fl.IntVar(&f.workers, "workers", defaults.Workers, "number of worker actors")
	fl.StringVar(&f.chunk, "chunk", "auto", "numbers per chunk: N, auto (adaptive) or static (ceil(total/workers), reads the whole batch first)")
	fl.IntVar(&f.window, "window", 0, "most blocks of input read but not yet written: bounds memory (default 0: sized to the workers, 8 per worker here, more for those a round trip away)")
	fl.BoolVar(&f.unordered, "unordered", false, "print results as chunks complete, not in input order")
	fl.StringVar(&f.format, "format", "text", "output format: text, json or csv")
	fl.StringVar(&f.algorithm, "algorithm", "auto", "kernel: auto, or naive (the seed's trial division)")
	fl.BoolVar(&f.stats, "stats", false, "print a summary on stderr")
	fl.BoolVar(&f.verbose, "verbose", false, "log actor events on stderr")
	fl.DurationVar(&f.timeout, "chunk-timeout", defaults.ChunkTimeout, "a worker that does not answer a chunk within this time is replaced; a number that alone takes longer is skipped")
	fl.DurationVar(&f.numberTimeout, "number-timeout", 0, "give up a number above 64 bits not factored in this time, name it on stderr and exit 1 (default: no bound, like GNU factor)")
	fl.DurationVar(&f.deadline, "deadline", 0, "stop reading when this much time has passed, write what is done and say where to go on (exit 1; 0: no deadline)")
	fl.StringVar(&f.journal, "journal", "", "append the results to this file as they are written; a rerun with the same journal and input prints what is done from it and factors only the rest")
	fl.StringVar(&f.progress, "progress", "auto", "show a progress line on stderr: auto (when stderr is a terminal), always or never")
	fl.StringVar(&f.webAddr, "web-addr", "", "serve a live dashboard at http://HOST:PORT/ and Prometheus metrics at /metrics during the run (an empty HOST is 127.0.0.1; port 0 picks one and names it on stderr)")
	fl.DurationVar(&f.webHold, "web-hold", 0, "after the run, keep serving its final state this long (or until SIGINT) before exiting")
	fl.StringVar(&f.router, "router", defaults.Router, "how chunks reach workers: one of "+strings.Join(core.RouterNames(), ", "))
	registerSupervision(fl, &f.supervision, &f.supervisor, "replaced")
	fl.IntVar(&f.supervision.Retries, "retries", f.supervision.Retries, "crashes after which a number is quarantined (skipped and named)")
	f.chaos.register(fl)
	f.cluster.register(fl)
	fl.StringVar(&f.profile, "cpuprofile", "", "write a Go CPU profile of the run to this file")
	root.AddCommand(newDemoCommand(streams))
	root.AddCommand(newBenchCommand(streams))
	root.AddCommand(newGenCommand(streams))
	root.AddCommand(newNodeCommand(streams))
	return root
}

// registerSupervision registers the flags of the workers' supervision,
// with protoactor's defaults; a worker over its restarts is then what
// overLimit says.
func registerSupervision(fl *pflag.FlagSet, sup *actors.Supervision, supervisor *string, overLimit string) {
	*sup = actors.DefaultSupervision()
	fl.StringVar(supervisor, "supervisor", string(sup.Strategy), "supervision strategy of the workers: one of "+strings.Join(actors.StrategyNames(), ", "))
	fl.IntVar(&sup.MaxRestarts, "max-restarts", sup.MaxRestarts, "restarts a worker may use within --within before it is "+overLimit+" (one-for-one, all-for-one)")
	fl.DurationVar(&sup.Within, "within", sup.Within, "window of --max-restarts; quiet period that resets the backoff")
	fl.DurationVar(&sup.BackoffMin, "backoff-min", sup.BackoffMin, "first restart delay of exponential-backoff")
	fl.DurationVar(&sup.BackoffMax, "backoff-max", sup.BackoffMax, "longest restart delay of exponential-backoff")
}

// config turns the flags into a pipeline configuration.
func (f factorFlags) config(flags *pflag.FlagSet, stderr io.Writer) (actors.Config, output.Options, error) {
	cfg := actors.DefaultConfig()
	var errs []error
	chunking, err := actors.ParseChunking(f.chunk)
	errs = append(errs, err)
	format, err := output.ParseFormat(f.format)
	errs = append(errs, err)
	algorithm, err := parseAlgorithm(f.algorithm)
	errs = append(errs, err)
	cfg.Router = f.router
	cfg.Supervision = f.supervision
	cfg.Supervision.Strategy = actors.Strategy(f.supervisor)
	cfg.Chaos, err = f.chaos.chaos()
	errs = append(errs, err)
	cfg.Workers, cfg.Chunk, cfg.Unordered = f.workers, chunking, f.unordered
	cfg.Algorithm, cfg.ChunkTimeout, cfg.NumberTimeout = algorithm, f.timeout, f.numberTimeout
	cfg.Window = f.window
	errs = append(errs, f.cluster.validate(), f.cluster.strayFlags(flags))
	if f.webHold < 0 || (f.webHold > 0 && f.webAddr == "") {
		errs = append(errs, fmt.Errorf("--web-hold %v needs --web-addr and must not be negative", f.webHold))
	}
	cfg.Cluster = f.cluster.enabled()
	if f.deadline < 0 {
		errs = append(errs, fmt.Errorf("--deadline must not be negative, got %v", f.deadline))
	}
	errs = append(errs, validWebAddr(f.webAddr))
	errs = append(errs, validProgress(f.progress))
	if f.journal != "" && f.unordered {
		errs = append(errs, errors.New("--journal needs results in input order, not --unordered"))
	}
	if f.exponents && format != output.Text {
		errs = append(errs, fmt.Errorf("-h/--exponents applies to text output only, not --format %s", format))
	}
	cfg.Logger = verboseLogger(f.verbose, stderr)
	if err := errors.Join(errs...); err != nil {
		return cfg, output.Options{}, &usageError{err}
	}
	cfg.Format, cfg.Exponents = messages.Format(format), f.exponents
	if err := cfg.Validate(); err != nil {
		return cfg, output.Options{}, &usageError{err}
	}
	return cfg, output.Options{Format: format, Exponents: f.exponents}, nil
}

// verboseLogger returns the logger of --verbose: actor events on stderr,
// or nil (nowhere) without the flag.
func verboseLogger(verbose bool, stderr io.Writer) *slog.Logger {
	if !verbose {
		return nil
	}
	return slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func parseAlgorithm(name string) (messages.Algorithm, error) {
	switch name {
	case "auto":
		return messages.Algorithm_ALGORITHM_AUTO, nil
	case "naive":
		return messages.Algorithm_ALGORITHM_NAIVE, nil
	}
	return 0, fmt.Errorf("unknown algorithm %q (want auto or naive)", name)
}

// runFactor is the factor command: numbers from args or stdin to stdout.
func runFactor(ctx context.Context, cmd *cobra.Command, f factorFlags, args []string, streams IO) (err error) {
	if help, _ := cmd.Flags().GetBool("help"); help {
		return cmd.Help()
	}
	cfg, opts, err := f.config(cmd.Flags(), streams.Stderr)
	if err != nil {
		return err
	}
	if err := checkOpen(streams.Stdout); err != nil {
		return err
	}
	var src input.Cutter = input.NewReader(streams.Stdin)
	if len(args) > 0 {
		src = input.NewArgs(args)
	}
	// What may fail comes before the first output.
	if f.profile != "" {
		stopProfile, err := startProfile(f.profile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	sink := &streamSink{stderr: streams.Stderr, origin: inputOffset(streams.Stdin, args)}
	size := inputSize(streams.Stdin, args, sink.origin)
	if f.webAddr != "" {
		observer, d, stop, err := serveRun(f.webAddr, dashboard.Options{
			Router:     string(cfg.Router),
			Supervisor: describeSupervision(cfg.Supervision),
			Progress: func() (int64, int64, int64) {
				tokens, end := sink.reached()
				return tokens, end, size
			},
		}, streams.Stderr)
		if err != nil {
			return err
		}
		defer stop()
		defer holdDashboard(ctx, d, f.webHold, streams.Stderr)
		cfg.Observer = observer
	}
	var system *actors.System
	if cfg.Cluster {
		clustered, member, err := f.cluster.join(cfg.Logger, func(*actor.ActorSystem) {})
		if err != nil {
			return err
		}
		defer member.Leave()
		system = actors.SystemOf(clustered)
	} else {
		system = actors.NewSystem(cfg.Logger)
		defer system.Close()
	}
	stdout, stopProgress := startProgress(f.progress, streams, size, sink)
	defer stopProgress()
	sink.out = output.NewWriter(stdout, opts)
	var runSink actors.Sink = sink
	var resumed uint64
	if f.journal != "" {
		j, err := resume(f.journal, opts, src, sink)
		if err != nil {
			return errors.Join(err, sink.Flush())
		}
		defer func() { err = errors.Join(err, j.Close()) }()
		runSink, resumed = journaledSink{sink, j}, j.Resumed()
	}
	if f.deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, f.deadline, errDeadline)
		defer cancel()
	}
	summary, err := system.Stream(ctx, cfg, src, runSink)
	stopProgress()
	if errors.Is(err, actors.ErrInterrupted) {
		err = stopped(ctx, f, args, sink)
	}
	err = errors.Join(err, sink.nameSkipped())
	if f.stats {
		writeStats(streams.Stderr, cfg, summary, sink, resumed)
	}
	switch {
	case err != nil:
		return err
	case sink.invalid > 0 || sink.lost > 0:
		return ErrIncomplete
	}
	return nil
}

// writeStats prints the summary as "key: value" lines.
func writeStats(w io.Writer, cfg actors.Config, s actors.Summary, sink *streamSink, resumed uint64) {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Numbers) / s.Elapsed.Seconds()
	}
	lines := []string{
		fmt.Sprintf("numbers: %d", s.Numbers),
		fmt.Sprintf("invalid: %d", s.Invalid),
		fmt.Sprintf("skipped: %d", sink.lost),
		fmt.Sprintf("resumed: %d", resumed),
		fmt.Sprintf("elapsed: %v", s.Elapsed.Round(time.Microsecond)),
		fmt.Sprintf("numbers_per_second: %.0f", rate),
		fmt.Sprintf("workers: %d", s.Workers),
		fmt.Sprintf("cpus: %d", runtime.NumCPU()),
		fmt.Sprintf("chunks: %d", s.Chunks),
		fmt.Sprintf("retried: %d", s.Retried),
		fmt.Sprintf("restarts: %d", s.Supervision.Restarts),
		fmt.Sprintf("quarantined: %d", s.Quarantined),
		fmt.Sprintf("replaced_workers: %d", s.Replaced),
		fmt.Sprintf("wedged_workers: %d", s.Wedged),
		fmt.Sprintf("supervisor: %s", describeSupervision(cfg.Supervision)),
		fmt.Sprintf("supervisor_stops: %d", s.Supervision.Stops),
		fmt.Sprintf("router: %s", cfg.Router),
		fmt.Sprintf("chunking: %s", cfg.Chunk),
		fmt.Sprintf("chunk_latency_p50: %v", s.Latency.Quantile(0.5)),
		fmt.Sprintf("chunk_latency_p99: %v", s.Latency.Quantile(0.99)),
		fmt.Sprintf("shared_sieves: %d", s.SharedSieves),
		fmt.Sprintf("sieve_requests: %d", s.SieveRequests),
		fmt.Sprintf("slowest_numbers: %s", describeSlowest(s.Slowest)),
	}
	if cfg.Cluster {
		for _, m := range s.Members {
			lines = append(lines, fmt.Sprintf("member %s: %d numbers, %d re-dispatched", m.Address, m.Numbers, m.Redispatched))
		}
	}
	fmt.Fprintln(w, strings.Join(lines, "\n"))
}

// describeSlowest lists the slowest numbers with their times, slowest
// first; "none" when no number above 64 bits was factored.
func describeSlowest(slowest []core.NumberTime) string {
	if len(slowest) == 0 {
		return "none"
	}
	parts := make([]string, len(slowest))
	for i, n := range slowest {
		parts[i] = fmt.Sprintf("%s (%v)", n.Number, n.Elapsed.Round(time.Millisecond))
	}
	return strings.Join(parts, ", ")
}

// describeSupervision names the strategy with the limits it applies.
func describeSupervision(s actors.Supervision) string {
	switch s.Strategy {
	case actors.OneForOne, actors.AllForOne:
		return fmt.Sprintf("%s (at most %d restarts within %v, then replaced)", s.Strategy, s.MaxRestarts, s.Within)
	case actors.ExponentialBackoff:
		return fmt.Sprintf("%s (delays %v doubling to %v, reset after %v quiet)", s.Strategy, s.BackoffMin, s.BackoffMax, s.Within)
	}
	return fmt.Sprintf("%s (always restart)", s.Strategy)
}

// startProfile starts a CPU profile into path and returns its stop function.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// parseRouter returns name when it names a registered router.
func parseRouter(name string) (string, error) {
	_, err := core.NewRouter(name, 0)
	return name, err
}
