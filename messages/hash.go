package messages

import "strconv"

// Hash keys a chunk by its first number, so that protoactor's
// consistent-hash router sends the same numbers to the same worker.
func (r *FactorRequest) Hash() string {
	if mag, ok := r.Wide[0]; ok {
		return string(mag)
	}
	if len(r.Numbers) == 0 {
		return ""
	}
	return strconv.FormatUint(r.Numbers[0], 10)
}
