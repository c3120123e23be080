package actors_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/actorfactor/actorfactor/actors"
	"github.com/actorfactor/actorfactor/actors/core"
)

// Run factors what it reads and writes GNU factor's lines, in input order.
func ExampleRun() {
	cfg := actors.DefaultConfig()
	cfg.Workers = 2
	in := strings.NewReader("12 35\n1000001 18446744073709551617\n")
	if _, err := actors.Run(context.Background(), cfg, in, os.Stdout, os.Stderr); err != nil {
		fmt.Println(err)
	}
	// Output:
	// 12: 2 2 3
	// 35: 5 7
	// 1000001: 101 9901
	// 18446744073709551617: 274177 67280421310721
}

// An observer is told of a run's events as they happen.
func ExampleObserverFunc() {
	var chunks, numbers atomic.Int64
	cfg := actors.DefaultConfig()
	cfg.Workers = 3
	cfg.Chunk = core.Chunking{Mode: actors.ChunkFixed, Size: 4}
	cfg.Observer = actors.ObserverFunc(func(e core.Event) {
		if answered, ok := e.(core.ChunkAnswered); ok {
			chunks.Add(1)
			numbers.Add(int64(answered.Numbers))
		}
	})
	in := strings.NewReader("2 3 4 5 6 7 8 9 10 11")
	summary, err := actors.Run(context.Background(), cfg, in, nil, nil)
	if err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d numbers in %d chunks; the summary counts %d chunks\n", numbers.Load(), chunks.Load(), summary.Chunks)
	// Output: 10 numbers in 3 chunks; the summary counts 3 chunks
}
