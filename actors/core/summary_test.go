package core

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSummaryKeepsTheSlowestNumbersSlowestFirst(t *testing.T) {
	var s Summary
	for i, ms := range []int{5, 1, 9, 3, 7, 2, 8, 6} {
		s.noteTime(fmt.Sprint(i), time.Duration(ms)*time.Millisecond)
	}
	var got []string
	for _, n := range s.Slowest {
		got = append(got, fmt.Sprintf("%s:%v", n.Number, n.Elapsed))
	}
	assert.Equal(t, []string{"2:9ms", "6:8ms", "4:7ms", "7:6ms", "0:5ms"}, got)
}

func TestASummaryKeepsWhatItSaysItWouldKeep(t *testing.T) {
	var s Summary
	for i, ms := range []int{5, 1, 9, 3, 7, 2, 8, 6, 5, 7, 9, 4, 6} {
		before := slices.Clone(s.Slowest)
		elapsed := time.Duration(ms) * time.Millisecond
		keeps := s.keeps(elapsed)
		s.noteTime(fmt.Sprint(i), elapsed)
		assert.Equal(t, keeps, !slices.Equal(before, s.Slowest), "number %d, %v", i, elapsed)
	}
}
