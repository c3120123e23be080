package qs

// largeGraph is the graph of the partial relations: its vertices are 1
// and the large primes, and a relation with the single large prime p is
// an edge between 1 and p, one with the two large primes p and q an edge
// between p and q. The relations of a cycle multiply to a product in which
// every large prime appears an even number of times, so each independent
// cycle is as good as a full relation. The graph counts them as the edges
// arrive, by union-find: an edge between vertices already connected closes
// one more.
type largeGraph struct {
	vertex map[uint64]int32 // vertex of each large prime; 1 is vertex 0
	parent []int32          // union-find forest over the vertices
	ends   [][2]int32       // the vertices of each edge, in arrival order
	cycles int
}

func newLargeGraph(size int) *largeGraph {
	return &largeGraph{
		vertex: make(map[uint64]int32, size),
		parent: append(make([]int32, 0, size), 0),
		ends:   make([][2]int32, 0, size),
	}
}

// add records the edge between the large primes p and q (1 for the
// vertex 1).
func (g *largeGraph) add(p, q uint64) {
	u, v := g.vertexOf(p), g.vertexOf(q)
	g.ends = append(g.ends, [2]int32{u, v})
	ru, rv := g.root(u), g.root(v)
	if ru == rv {
		g.cycles++
		return
	}
	g.parent[ru] = rv
}

func (g *largeGraph) vertexOf(p uint64) int32 {
	if p == 1 {
		return 0
	}
	v, ok := g.vertex[p]
	if !ok {
		v = int32(len(g.parent))
		g.vertex[p] = v
		g.parent = append(g.parent, v)
	}
	return v
}

// root returns the root of v's tree, halving the path on the way.
func (g *largeGraph) root(v int32) int32 {
	for g.parent[v] != v {
		g.parent[v] = g.parent[g.parent[v]]
		v = g.parent[v]
	}
	return v
}

// cycleEdges returns one cycle for each edge outside a spanning forest of
// the graph, as the edges it is made of: the edge itself and the paths
// from its ends to where they meet in the forest. The cycles are
// independent, and there are g.cycles of them.
func (g *largeGraph) cycleEdges() [][]int {
	n := len(g.parent)
	// Adjacency lists in one slice: the edges at vertex v are
	// adj[start[v]:start[v+1]].
	start := make([]int, n+1)
	for _, e := range g.ends {
		start[e[0]+1]++
		start[e[1]+1]++
	}
	for v := range n {
		start[v+1] += start[v]
	}
	adj := make([]int32, start[n])
	fill := append([]int(nil), start[:n]...)
	for i, e := range g.ends {
		adj[fill[e[0]]] = int32(i)
		fill[e[0]]++
		adj[fill[e[1]]] = int32(i)
		fill[e[1]]++
	}
	// A breadth-first forest: up[v] is the edge to v's parent, depth[v]
	// its distance from the root.
	up := make([]int32, n)
	depth := make([]int32, n)
	seen := make([]bool, n)
	inTree := make([]bool, len(g.ends))
	queue := make([]int32, 0, n)
	for r := range n {
		if seen[r] {
			continue
		}
		seen[r], up[r] = true, -1
		queue = append(queue[:0], int32(r))
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for _, e := range adj[start[v]:start[v+1]] {
				w := g.ends[e][0] + g.ends[e][1] - v
				if seen[w] {
					continue
				}
				seen[w], up[w], depth[w], inTree[e] = true, e, depth[v]+1, true
				queue = append(queue, w)
			}
		}
	}
	var cycles [][]int
	for e, in := range inTree {
		if in {
			continue
		}
		cycle := []int{e}
		u, v := g.ends[e][0], g.ends[e][1]
		for u != v {
			if depth[u] < depth[v] {
				u, v = v, u
			}
			cycle = append(cycle, int(up[u]))
			u = g.ends[up[u]][0] + g.ends[up[u]][1] - u
		}
		cycles = append(cycles, cycle)
	}
	return cycles
}
