package factor

// rhoBatch128 is how many differences rho multiplies together between gcds.
const rhoBatch128 = 64

// rho looks for a proper factor of the odd composite n with Pollard's rho in
// Brent's variant (x -> x^2 + c in Montgomery form, batched gcds), trying
// several constants c within a total budget of iterations.
func (m *mont128) rho(budget int) (u128, bool) {
	for c := uint64(1); budget > 0; c++ {
		d, used := m.rhoWith(m.small(c), budget)
		budget -= used
		if d.cmp(u128{0, 1}) != 0 && d != m.n {
			return d, true
		}
	}
	return u128{}, false
}

// rhoWith runs one rho walk with constant c for at most budget steps and
// returns gcd found (1 when the budget ran out, n when the walk failed) and
// the steps used.
func (m *mont128) rhoWith(c u128, budget int) (u128, int) {
	step := func(x u128) u128 { return m.add(m.mul(x, x), c) }
	y, x, ys := m.small(2), u128{}, u128{}
	q := m.one
	g := u128{0, 1}
	used := 0
	for r := 1; used < budget; r *= 2 {
		x = y
		for range r {
			y = step(y)
		}
		used += r
		for k := 0; k < r; k += rhoBatch128 {
			ys = y
			for range min(rhoBatch128, r-k) {
				y = step(y)
				q = m.mul(q, m.sub(x, y))
			}
			used += min(rhoBatch128, r-k)
			if g = gcd128(q, m.n); g.cmp(u128{0, 1}) != 0 {
				if g == m.n { // the batch overshot: retrace it one step at a time
					for {
						ys = step(ys)
						if g = gcd128(m.sub(x, ys), m.n); g.cmp(u128{0, 1}) != 0 {
							break
						}
					}
				}
				return g, used
			}
		}
	}
	return g, used
}
