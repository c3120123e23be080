// Package qs is a self-initializing quadratic sieve (SIQS): it splits odd
// composites of roughly 60 to 300 bits whose prime factors are all large,
// the numbers on which elliptic curves are the wrong tool.
//
// The work has four parts, so that sieving can run on many actors:
//   - a Plan fixes everything derived from n alone: the Knuth-Schroeppel
//     multiplier k, the factor base of primes p for which kn is a square
//     mod p, the sieve interval, the threshold and the large-prime bound;
//   - a Sieve turns one family of polynomials (one value of A, named by the
//     factor-base indices of its primes) into relations, 2^(s-1)
//     polynomials switched in Gray-code order: the small primes a 32 KiB
//     block at a time, the medium ones over the whole interval at once,
//     the primes above the interval through buckets;
//   - Families draws the families to sieve, from a seed;
//   - a Collector keeps the relations (counting the cycles among the
//     large primes of the partial ones, which may have two), and when it
//     holds enough finds dependencies by structured, then dense, Gaussian
//     elimination over GF(2) and takes their square roots.
//
// Factor runs them all in one goroutine. Spread over actors, each worker
// sieves the Families its own seed draws and sends the relations to the
// one Collector.
package qs
