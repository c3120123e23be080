package racereport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// report is a race detector report whose first access is in function.
func report(function string) string {
	return `==================
WARNING: DATA RACE
Write at 0x000002018c90 by goroutine 13:
  ` + function + `()
      /src/file.go:75 +0x119

Previous read at 0x000002018c90 by goroutine 24:
  google.golang.org/grpc/internal/grpclog.(*PrefixLogger).V()
      /src/prefixLogger.go:87 +0x64
==================
`
}

func TestOnlyRacesInThisModulesCodeAreOurs(t *testing.T) {
	ours := report("github.com/actorfactor/actorfactor/actors.(*coordinator).Receive")
	output := "some output\n" +
		report("google.golang.org/grpc/grpclog.SetLoggerV2") +
		ours +
		report("github.com/actorfactor/actorfactor/internal/cluster.(*boundedProvider).Shutdown.func1") +
		"more output\n"
	got := Ours(output)
	if assert.Len(t, got, 1) {
		assert.Contains(t, got[0], "(*coordinator).Receive")
	}
	assert.Empty(t, Ours("no races here\n"))
}
