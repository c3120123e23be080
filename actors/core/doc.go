// Package core decides what a run of actorfactor does, and does nothing
// itself. It is the coordinator without actors, goroutines or clocks: its
// inputs are what happened (a block of input read, a worker ready, a
// reply, a timeout, a member lost, a signal), each with the time it
// happened; its effects are what should happen next (read more, send a
// chunk to a worker, spawn or stop a worker, write a block, tell the
// observer), asked of an [Effects] that the caller implements.
//
// The actors package runs a Core inside a protoactor actor, turning its
// effects into messages, request futures, spawns and stops; a simulator
// runs it against simulated workers, members, faults and a virtual clock.
// Because a Core is deterministic, the same inputs in the same order give
// the same effects: a failing schedule replays from its seed.
//
// What a Core decides:
//
//   - the window: how many blocks are read ahead and not yet written, and
//     how large a chunk is (fixed, or sized from the measured cost per
//     number);
//   - dispatch: which ready worker gets each chunk, through a [Router];
//     a worker holds at most a few chunks, the rest wait in the Core;
//   - the ledger: every dispatch in flight, by id and by holder, so that a
//     late or duplicated reply is recognised and dropped;
//   - triage: what becomes of the numbers of a chunk that failed, and when
//     a number is given up, by value (see [Reason]);
//   - the workers' lifecycle: readiness, restarts, replacements that must
//     answer a known-good canary before they get work, and giving up when
//     replacements keep dying;
//   - membership: the workers of cluster members that join, leave or are
//     lost;
//   - sharing: the schedule of the quadratic sieves that idle workers share;
//   - the order in which completed blocks are written.
//
// A Router is the one decision a caller may replace: register one with
// [RegisterRouter] and name it in [Config.Router].
package core
