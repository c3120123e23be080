package cli

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/actorfactor/actorfactor/internal/workload"
)

func newGenCommand(streams IO) *cobra.Command {
	return &cobra.Command{
		Use:   "gen WORKLOAD COUNT",
		Short: "Print a bench workload, one number per line",
		Long: "Print COUNT numbers of a deterministic bench workload (" + strings.Join(workload.Names(), ", ") + `),
one per line, to time actorfactor against other tools on the same input:

  actorfactor gen semiprime64 1000 > semi.txt
  time factor < semi.txt > /dev/null; time actorfactor < semi.txt > /dev/null`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(_ *cobra.Command, args []string) error {
			gen, err := workload.ByName(args[0])
			if err != nil {
				return &usageError{err}
			}
			count, err := strconv.Atoi(args[1])
			if err != nil || count < 0 {
				return usagef("COUNT must be a non-negative integer, got %q", args[1])
			}
			out := bufio.NewWriter(streams.Stdout)
			var line []byte
			for _, n := range gen(count) {
				line = strconv.AppendUint(line[:0], n, 10)
				if _, err := out.Write(append(line, '\n')); err != nil {
					return fmt.Errorf("write: %w", err)
				}
			}
			if err := out.Flush(); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			return nil
		},
	}
}
