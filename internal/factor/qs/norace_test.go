//go:build !race

package qs

import "testing"

// arithmeticOnly skips a test of arithmetic alone under the race detector;
// without it, the test runs.
func arithmeticOnly(*testing.T) {}
