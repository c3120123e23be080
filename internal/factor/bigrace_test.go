//go:build race

package factor

// raceEnabled reports whether the race detector is on: it slows the
// arithmetic about tenfold, so the slowest cases are left out.
const raceEnabled = true
