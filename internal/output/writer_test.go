package output

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriterFormats(t *testing.T) {
	wide, _ := new(big.Int).SetString("18446744073709551617", 10)
	wideFactors := []*big.Int{big.NewInt(274177), big.NewInt(67280421310721)}
	for _, tc := range []struct {
		name string
		opts Options
		want string
	}{
		{"text", Options{}, "0:\n1:\n3000: 2 2 2 3 5 5 5\n18446744073709551617: 274177 67280421310721\n"},
		{"exponents", Options{Exponents: true}, "0:\n1:\n3000: 2^3 3 5^3\n18446744073709551617: 274177 67280421310721\n"},
		{"json", Options{Format: JSON}, `{"number":"0","factors":[]}
{"number":"1","factors":[]}
{"number":"3000","factors":["2","2","2","3","5","5","5"]}
{"number":"18446744073709551617","factors":["274177","67280421310721"]}
`},
		{"csv", Options{Format: CSV}, "number,factors\n0,\n1,\n3000,2 2 2 3 5 5 5\n18446744073709551617,274177 67280421310721\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, tc.opts)
			require.NoError(t, w.WriteLines(tc.opts.Append64(nil, 0, nil, nil)))
			lines := tc.opts.Append64(nil, 1, nil, nil)
			lines = tc.opts.Append64(lines, 3000, []byte("3000"), []uint64{2, 2, 2, 3, 5, 5, 5})
			require.NoError(t, w.WriteLines(tc.opts.AppendWide(lines, wide, wideFactors)))
			require.NoError(t, w.Flush())
			assert.Equal(t, tc.want, buf.String())
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, name := range []string{"text", "json", "csv"} {
		f, err := ParseFormat(name)
		require.NoError(t, err)
		assert.Equal(t, name, f.String())
	}
	_, err := ParseFormat("xml")
	assert.ErrorContains(t, err, `"xml"`)
}

func TestAppend64DoesNotAllocate(t *testing.T) {
	for _, opts := range []Options{{}, {Exponents: true}, {Format: JSON}, {Format: CSV}} {
		line := make([]byte, 0, 256)
		factors := []uint64{2, 2, 3}
		allocs := testing.AllocsPerRun(100, func() { line = opts.Append64(line[:0], 12, nil, factors) })
		assert.Zero(t, allocs, opts.Format.String())
	}
}
