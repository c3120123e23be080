package core

// reorder releases completed blocks in reading order.
type reorder struct {
	// next is the sequence number of the block the output waits for.
	next uint64
	held map[uint64]*Block
}

func newReorder() reorder { return reorder{held: make(map[uint64]*Block)} }

// add takes a completed block and passes release every block whose turn
// has come, in order.
func (r *reorder) add(b *Block, release func(*Block)) {
	r.held[b.Seq] = b
	for {
		next, ok := r.held[r.next]
		if !ok {
			return
		}
		delete(r.held, r.next)
		r.next++
		release(next)
	}
}
