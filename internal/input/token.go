// Package input turns a stream of text into numbers to factor: tokens
// separated by any ASCII whitespace, each a decimal number with an optional
// leading '+' and any number of leading zeros, as GNU factor accepts them.
// A Cutter cuts the input into pieces of whole tokens without parsing them,
// streaming, so that memory stays bounded whatever the input size; Tokens
// parses the tokens of a piece where the work is done.
package input

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// ErrInvalid is the error every invalid token wraps.
var ErrInvalid = errors.New("not a valid positive integer")

// MaxTokenLen is the longest token accepted, in bytes (a million digits is
// far beyond what any factoring algorithm can answer).
const MaxTokenLen = 1 << 20

// ParseError describes a token that is not a valid number.
type ParseError struct {
	// Where names the position: "line 3" or "argument 2".
	Where string
	// Token is the offending text, truncated when very long.
	Token string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s: '%s' is %v", e.Where, quote(e.Token), ErrInvalid)
}

// quote escapes the non-printable bytes of a token, Go style.
func quote(token string) string {
	q := strconv.Quote(token)
	return strings.ReplaceAll(q[1:len(q)-1], `\"`, `"`)
}

// Unwrap returns ErrInvalid.
func (e *ParseError) Unwrap() error { return ErrInvalid }

// Token is one parsed number, or the error that makes it invalid.
type Token struct {
	// Value is the number when it is below 2^64.
	Value uint64
	// Digits, when not nil, is Value's decimal form as the input wrote
	// it: the token itself when it has no sign or leading zero.
	Digits []byte
	// Wide is the number when it is 2^64 or more, else nil.
	Wide *big.Int
	// Err is a *ParseError when the token is invalid.
	Err error
}

// Parse parses one token. An invalid token gets a *ParseError without a
// position; the Source that read it fills in Where.
func Parse(text []byte) Token {
	digits := text
	if len(digits) > 0 && digits[0] == '+' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(text) > MaxTokenLen {
		return invalid(text)
	}
	// The first maxSafeDigits digits cannot overflow; only the rest are
	// checked.
	v, safe := leadingDigits(digits)
	if safe < min(len(digits), maxSafeDigits) {
		return invalid(text)
	}
	for i := safe; i < len(digits); i++ {
		d := uint64(digits[i]) - '0'
		if d > 9 {
			return invalid(text)
		}
		if v > (1<<64-1-d)/10 {
			return parseWide(text, digits[i:], v)
		}
		v = v*10 + d
	}
	return Token{Value: v}
}

// maxSafeDigits is the most digits that cannot overflow 64 bits: 10^19 - 1
// is below 2^64.
const maxSafeDigits = 19

// leadingDigits returns the value of the decimal digits that text starts
// with, at most maxSafeDigits of them, and how many there are.
func leadingDigits(text []byte) (v uint64, n int) {
	for _, c := range text[:min(len(text), maxSafeDigits)] {
		d := uint64(c) - '0'
		if d > 9 {
			break
		}
		v = v*10 + d
		n++
	}
	return v, n
}

// parseWide finishes a number that overflowed 64 bits: v holds the value of
// the digits before rest.
func parseWide(text, rest []byte, v uint64) Token {
	for _, c := range rest {
		if c < '0' || c > '9' {
			return invalid(text)
		}
	}
	w := new(big.Int).SetUint64(v)
	tail, _ := new(big.Int).SetString(string(rest), 10)
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(rest))), nil)
	return Token{Wide: w.Mul(w, scale).Add(w, tail)}
}

// maxQuoted bounds how much of a token a message repeats.
const maxQuoted = 64

// Shorten returns text as a message shows it: whole when short, else its
// first 64 bytes followed by "...".
func Shorten(text string) string {
	if len(text) > maxQuoted {
		return text[:maxQuoted] + "..."
	}
	return text
}

func invalid(text []byte) Token {
	return Token{Err: &ParseError{Token: Shorten(string(text))}}
}
