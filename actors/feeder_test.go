package actors

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/actorfactor/actorfactor/internal/input"
)

func TestAValueIsTheSameHoweverItIsWritten(t *testing.T) {
	tokens := []string{"+0012", "12", "0", "000", "+0", "18446744073709551616", "x1"}
	p, _ := input.NewReader(strings.NewReader(strings.Join(tokens, " "))).Cut(len(tokens))
	var keys []string
	for i := range p.Len() {
		keys = append(keys, string(pieceKeys{&p}.Key(i)))
	}
	assert.Equal(t, []string{"12", "12", "0", "0", "0", "18446744073709551616", "x1"}, keys)
}
