//go:build !race

package factor

// raceEnabled reports whether the race detector is on.
const raceEnabled = false
