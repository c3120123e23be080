// Package racereport picks, from the output of a process built with the
// race detector, the data races that happen in this module's code. Tests
// that run cluster members in processes of their own use it: protoactor's
// cluster has data races of its own, which must not fail them.
package racereport

import (
	"regexp"
	"strings"
)

// separator starts each report of the race detector.
const separator = "WARNING: DATA RACE"

// racingFrame matches the function that makes an access of a report (the
// frame right after "Read at ..." or "Write at ...").
var racingFrame = regexp.MustCompile(`(?m)(?:Read|Write) at 0x[0-9a-f]+ by [^\n]*:\n\s+(\S+)`)

// Ours returns the reports in output with an access in a function of
// this module. The shutdown flag that protoactor's etcd provider sets and
// its keepalive goroutine reads is reported in the bounded provider that
// calls it, without the provider's own frame: that one is not ours.
func Ours(output string) []string {
	var ours []string
	for _, report := range strings.Split(output, separator)[1:] {
		for _, m := range racingFrame.FindAllStringSubmatch(report, -1) {
			if strings.HasPrefix(m[1], "github.com/actorfactor/actorfactor/") &&
				!strings.Contains(m[1], "internal/cluster.(*boundedProvider).Shutdown") {
				ours = append(ours, report)
				break
			}
		}
	}
	return ours
}
