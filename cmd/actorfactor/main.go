// Command actorfactor factors integers with an actor pipeline; its output is
// byte compatible with GNU coreutils factor. Run it with --help for usage.
package main

import (
	"os"

	cmap "github.com/orcaman/concurrent-map"

	"github.com/actorfactor/actorfactor/internal/cli"
)

func main() {
	// protoactor's registry spreads PIDs over 1024 maps already: one shard
	// each, set before any map exists, starts the process 5 ms sooner.
	cmap.SHARD_COUNT = 1
	ctx, stop := cli.SignalContext(os.Stderr)
	err := cli.Run(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(cli.ExitCode(err))
}
