// Package factor is the pure factoring kernel of actorfactor: prime
// factorization of unsigned integers of any size, with no I/O, no actors and
// no dependencies beyond the standard library.
//
// The 64-bit path (AppendFactors) is allocation-free; numbers of 64 bits or
// more take the math/big path (AppendFactorsBig) with the same output shape:
// prime factors in ascending order, repeated by multiplicity, none for 0 and 1.
//
// AppendFactors strips powers of two, then trial-divides by the odd primes
// below 2^11 with multiplication by modular inverses instead of division.
// A cofactor with no factor below 2^11 is tested by deterministic
// Miller-Rabin in Montgomery form (IsPrime); a composite one is split by a
// perfect-square check, Pollard-Brent rho below 2^44 and micro-ECM
// (Montgomery curves, tiny bounds chosen by size) above, and the pieces are
// tested and split again.
//
// Beyond 64 bits, a composite with no factor found by trial division and a
// short rho goes to the self-initializing quadratic sieve of package qs, up
// to 330 bits; from 120 bits elliptic curves look for a twentieth of the
// sieve's expected time first, for the factors they find faster.
// AppendFactorsBigWith can leave those composites, pretest and all, to a
// sieve shared by many workers (see ECMUntil and package qs's Families).
package factor
