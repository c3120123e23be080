//go:build !race

package actors

// raceEnabled says the tests run with the race detector.
const raceEnabled = false
