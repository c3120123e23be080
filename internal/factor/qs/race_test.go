//go:build race

package qs

import "testing"

// arithmeticOnly skips a test of arithmetic alone under the race detector,
// which slows it about tenfold and finds nothing there; .ci/run runs the
// kernel's tests again without -race.
func arithmeticOnly(t *testing.T) {
	t.Helper()
	t.Skip("arithmetic only: run without -race, as .ci/run's kernel step does")
}
