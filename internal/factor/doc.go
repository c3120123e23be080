// Package factor is the pure factoring kernel of actorfactor: prime
// factorization of unsigned integers of any size, with no I/O, no actors and
// no dependencies beyond the standard library.
//
// The 64-bit path (AppendFactors) is allocation-free; numbers of 64 bits or
// more take the math/big path (AppendFactorsBig) with the same output shape:
// prime factors in ascending order, repeated by multiplicity, none for 0 and 1.
package factor
