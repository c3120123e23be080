//go:build race

package actors

// raceEnabled says the tests run with the race detector, which slows the
// heaviest tenfold: they check less here, all in .ci/run's step without it.
const raceEnabled = true
