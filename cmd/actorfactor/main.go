// Command actorfactor factors integers with an actor pipeline; its output is
// byte compatible with GNU coreutils factor. Run it with --help for usage.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/actorfactor/actorfactor/internal/cli"
)

func main() {
	// The first Ctrl-C drains: the chunks in flight are written and a
	// summary printed. Then the default handling is back: a second one aborts.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	go func() {
		<-ctx.Done()
		stop()
	}()
	err := cli.Run(ctx, os.Args[1:], cli.IO{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(cli.ExitCode(err))
}
