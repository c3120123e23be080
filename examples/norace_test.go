//go:build !race

package examples

// raceBuild says the tests run with the race detector.
const raceBuild = false
