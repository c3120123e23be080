package workload

import (
	"errors"
	"fmt"
	"strings"
)

// Generator returns a batch of count numbers, the same for the same count.
type Generator func(count int) []uint64

// ErrUnknown is returned by ByName for a name no generator has.
var ErrUnknown = errors.New("unknown workload")

// generators maps each name to its generator, in the order Names lists.
var generators = []struct {
	name string
	gen  Generator
}{
	{"seed", Seed},
	{"semiprime64", Semiprime64},
	{"uniform64", Uniform64},
	{"skewed", Skewed},
}

// Names lists the workload names ByName accepts.
func Names() []string {
	names := make([]string, len(generators))
	for i, g := range generators {
		names[i] = g.name
	}
	return names
}

// ByName returns the generator of the named workload.
func ByName(name string) (Generator, error) {
	for _, g := range generators {
		if g.name == name {
			return g.gen, nil
		}
	}
	return nil, fmt.Errorf("%w %q (want %s)", ErrUnknown, name, strings.Join(Names(), ", "))
}
