package core

import (
	"math/big"
	"time"
)

// Effects carries out what a Core decides. The Core calls it while it
// handles an input; an implementation acts at once or later, and reports
// what came of it through the Core's inputs, never from within the call.
type Effects interface {
	// Read asks for the next block of about tokens tokens; it arrives
	// through Core.BlockRead.
	Read(tokens int)
	// Spawn starts a worker in the coordinator's process and returns its
	// ID; it says it is ready through Core.WorkerReady.
	Spawn() WorkerID
	// Send dispatches work to worker w. Its outcome comes back through
	// Core.Answered or Core.Sieved, Core.TimedOut after timeout, or
	// Core.Undelivered when the worker is gone. The Core reuses work once
	// this dispatch is over: Send must not keep it.
	Send(w WorkerID, d DispatchID, work Work, timeout time.Duration)
	// Stop stops worker w once it returns from what it is doing.
	Stop(w WorkerID)
	// Enlist asks cluster member m for workers (0: as many as it lends);
	// they come through Core.Enlisted, or Core.EnlistFailed when m does
	// not answer, with the request's id.
	Enlist(id EnlistID, m MemberID, workers int)
	// Emit hands a completed block to the writer; Core.BlockWritten says
	// when it is written.
	Emit(b *Block)
	// StartCollector starts the collector of a shared sieve: it gathers
	// the relations of composite n and reports through Core.JobProgressed
	// and Core.JobSplit.
	StartCollector(j JobID, n *big.Int, effort Effort)
	// Relay passes the payload of a sieve reply to job j's collector.
	Relay(j JobID, payload any)
	// StopCollector stops job j's collector.
	StopCollector(j JobID)
	// Wake asks for Core.Tick after d.
	Wake(d time.Duration)
	// Finish ends the run; the Core takes no more input.
	Finish(Summary, error)
}

// Effort bounds the factoring of the parts a collector splits off.
type Effort struct {
	// ShareFrom is the size from which a part is shared again; 0: never.
	ShareFrom int
	// Deadline, when not zero, is when the number is given up.
	Deadline time.Time
}
