// Command actorfactor factors integers with an actor pipeline; its output is
// byte compatible with GNU coreutils factor. Run it with --help for usage.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	cmap "github.com/orcaman/concurrent-map"

	"github.com/actorfactor/actorfactor/internal/cli"
)

func main() {
	// protoactor's registry spreads PIDs over 1024 maps already: one shard
	// each, set before any map exists, starts the process 5 ms sooner.
	cmap.SHARD_COUNT = 1
	// The first SIGINT or SIGTERM drains; then the default handling is
	// back: a second one aborts.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() { <-ctx.Done(); stop() }()
	err := cli.Run(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(cli.ExitCode(err))
}
