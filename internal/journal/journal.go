// Package journal keeps the results of a run on disk as they are written,
// so that a rerun on the same input prints what is done from the journal
// and factors only the rest, also after the first run was killed.
//
// A journal is a magic line, then records: a 4-byte little-endian length,
// the CRC-32C of the payload and the payload. The first record holds the
// output options; each later one the results of one written piece of the
// input, with the count of its tokens and a fingerprint of every token up
// to its end. A record cut short by a crash, and anything after it, is
// ignored and overwritten. A piece with a number that was skipped (it
// crashed workers, or took too long) ends the journal: a rerun tries it
// again, and everything after it.
package journal

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/crc64"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorfactor/actorfactor/internal/input"
)

// ErrMismatch is wrapped by the errors that refuse a journal: it was
// written for another input or other output options, or it is not a
// journal.
var ErrMismatch = errors.New("journal refused")

// magic starts every journal.
const magic = "actorfactor journal 1\n"

// syncEvery is the most time between two fsyncs of a journal being written.
const syncEvery = time.Second

// maxRecord bounds the payload of a record read back.
const maxRecord = 1 << 30

// Record kinds, and the kinds of a piece record's results.
const (
	kindOptions = 'o'
	kindPiece   = 'p'

	resultLines   = 'l'
	resultInvalid = 'i'
)

// The checksum tables are built on first use: 0.2 ms that a run without
// a journal need not pay at start.
var (
	castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })
	ecma       = sync.OnceValue(func() *crc64.Table { return crc64.MakeTable(crc64.ECMA) })
)

// Journal is a journal file open for a run: it knows what the file holds,
// and appends the results of the run as they are written. It has the
// methods of an actors.Sink, so that it can follow the run's results.
type Journal struct {
	path string
	file *os.File
	w    *bufio.Writer
	// start and end delimit the piece records the file held when opened.
	start, end int64
	// tokens counts the tokens answered so far and fingerprint is the
	// CRC-64 of all of them, each followed by a NUL byte.
	tokens      uint64
	fingerprint uint64
	// resumed counts the tokens the file held when opened.
	resumed uint64
	// record is the payload of the piece record being gathered; scratch
	// holds the tokens of a piece to fingerprint.
	record, scratch []byte
	// ended is set once a number was skipped: nothing more is recorded.
	ended bool
	// unsynced is set when records were written since the last fsync;
	// syncer does the fsyncs until stop is closed.
	unsynced atomic.Bool
	stop     chan struct{}
	syncer   sync.WaitGroup
}

// Open opens the journal at path for a run whose output options are
// described by options, creating it when it does not exist or is empty.
// A journal written with other options, or a file that is not a journal,
// is refused with an error that wraps ErrMismatch.
func Open(path, options string) (*Journal, error) {
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{path: path, file: file, stop: make(chan struct{})}
	if err := j.load(options); err != nil {
		file.Close()
		return nil, err
	}
	j.w = bufio.NewWriterSize(file, 64<<10)
	j.syncer.Go(j.syncEverySecond)
	return j, nil
}

// syncEverySecond makes the records written durable, at most syncEvery
// apart.
func (j *Journal) syncEverySecond() {
	tick := time.NewTicker(syncEvery)
	defer tick.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-tick.C:
			if j.unsynced.Swap(false) {
				j.file.Sync() // an error shows again at Close
			}
		}
	}
}

// load checks the head of the file, or writes it to an empty file, and
// finds the end of the last whole record.
func (j *Journal) load(options string) error {
	info, err := j.file.Stat()
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if info.Size() == 0 {
		head := appendRecord([]byte(magic), append([]byte{kindOptions}, options...))
		if _, err := j.file.Write(head); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		j.start, j.end = int64(len(head)), int64(len(head))
		if err := j.file.Sync(); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		return nil
	}
	r := &recordReader{r: bufio.NewReader(io.NewSectionReader(j.file, 0, info.Size()))}
	got := make([]byte, len(magic))
	if _, err := io.ReadFull(r.r, got); err != nil || string(got) != magic {
		return fmt.Errorf("%w: %s is not an actorfactor journal", ErrMismatch, j.path)
	}
	r.offset = int64(len(magic))
	head, ok := r.next()
	if !ok || len(head) == 0 || head[0] != kindOptions {
		return fmt.Errorf("%w: %s is not an actorfactor journal", ErrMismatch, j.path)
	}
	if was := string(head[1:]); was != options {
		return fmt.Errorf("%w: %s holds output written with %q, not %q: use the same output flags, or another journal", ErrMismatch, j.path, was, options)
	}
	j.start = r.offset
	for {
		end := r.offset
		payload, ok := r.next()
		if ok {
			ok = j.count(payload)
		}
		if !ok {
			// A record cut short by a crash, and whatever follows it, is
			// overwritten by this run.
			j.end = end
			if err := j.file.Truncate(end); err != nil {
				return fmt.Errorf("journal: %w", err)
			}
			_, err := j.file.Seek(end, io.SeekStart)
			j.resumed = j.tokens
			return err
		}
	}
}

// count takes in the token count and fingerprint of a piece record; it
// reports false when the payload is not a well-formed one.
func (j *Journal) count(payload []byte) bool {
	tokens, fingerprint, results, ok := parsePiece(payload)
	if !ok || replayResults(results, nil) != nil {
		return false
	}
	j.tokens += tokens
	j.fingerprint = fingerprint
	return true
}

// parsePiece splits a piece record into its token count, fingerprint and
// results.
func parsePiece(payload []byte) (tokens, fingerprint uint64, results []byte, ok bool) {
	if len(payload) == 0 || payload[0] != kindPiece {
		return 0, 0, nil, false
	}
	tokens, n := binary.Uvarint(payload[1:])
	if n <= 0 || len(payload) < 1+n+8 {
		return 0, 0, nil, false
	}
	return tokens, binary.LittleEndian.Uint64(payload[1+n:]), payload[1+n+8:], true
}

// Resumed returns how many tokens the journal held when it was opened.
func (j *Journal) Resumed() uint64 { return j.resumed }

// Skip cuts the tokens the journal holds from src and checks that they
// are the ones it was written for. It returns the end of the last piece
// cut (see input.Piece.End). A different input is refused with an error
// that wraps ErrMismatch.
func (j *Journal) Skip(src input.Cutter) (end int64, err error) {
	var fingerprint uint64
	for left := j.resumed; left > 0; {
		p, err := src.Cut(int(min(left, 1<<12)))
		fingerprint = j.fingerprintOf(fingerprint, p)
		left -= uint64(p.Len())
		end = p.End
		if err != nil && left > 0 {
			if errors.Is(err, io.EOF) {
				return end, fmt.Errorf("%w: %s holds the answers of %d tokens, the input has %d", ErrMismatch, j.path, j.resumed, j.resumed-left)
			}
			return end, err
		}
	}
	if fingerprint != j.fingerprint {
		return end, fmt.Errorf("%w: %s was written for another input (its first %d tokens differ)", ErrMismatch, j.path, j.resumed)
	}
	return end, nil
}

// fingerprintOf extends fingerprint with the tokens of p.
func (j *Journal) fingerprintOf(fingerprint uint64, p input.Piece) uint64 {
	j.scratch = j.scratch[:0]
	for i := range p.Len() {
		j.scratch = append(append(j.scratch, p.Range(i, i+1)...), 0)
	}
	return crc64.Update(fingerprint, ecma(), j.scratch)
}

// Results receives the results a journal holds.
type Results interface {
	Lines(lines []byte) error
	Invalid(message string) error
}

// Replay passes the results the journal held when opened to out, in order.
func (j *Journal) Replay(out Results) error {
	r := &recordReader{r: bufio.NewReader(io.NewSectionReader(j.file, j.start, j.end-j.start))}
	for {
		payload, ok := r.next()
		if !ok {
			return nil
		}
		_, _, results, _ := parsePiece(payload)
		if err := replayResults(results, out); err != nil {
			return err
		}
	}
}

// errDamaged reports results that do not parse.
var errDamaged = errors.New("damaged record")

// replayResults passes the results of one piece record to out, or only
// checks them when out is nil.
func replayResults(b []byte, out Results) error {
	for len(b) > 0 {
		kind := b[0]
		value, rest, ok := field(b[1:])
		if !ok || (kind != resultLines && kind != resultInvalid) {
			return errDamaged
		}
		b = rest
		if out == nil {
			continue
		}
		var err error
		if kind == resultLines {
			err = out.Lines(value)
		} else {
			err = out.Invalid(string(value))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// field splits a length-prefixed field off b.
func field(b []byte) (value, rest []byte, ok bool) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)-k) {
		return nil, nil, false
	}
	return b[k : k+int(n)], b[k+int(n):], true
}

// appendField appends a length-prefixed field.
func appendField(b []byte, value string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(value))), value...)
}

// Lines records output lines.
func (j *Journal) Lines(lines []byte) error {
	j.record = append(binary.AppendUvarint(append(j.record, resultLines), uint64(len(lines))), lines...)
	return nil
}

// Invalid records the message naming an invalid token.
func (j *Journal) Invalid(message string) error {
	j.record = appendField(append(j.record, resultInvalid), message)
	return nil
}

// Skipped ends the journal: the piece of a number given up is not
// recorded, nor any after it, so that a rerun tries them again.
func (j *Journal) Skipped() error {
	j.ended = true
	return nil
}

// Written appends the record of piece p, whose results were recorded since
// the last piece.
func (j *Journal) Written(p input.Piece) error {
	if j.ended || (p.Len() == 0 && len(j.record) == 0) {
		return nil
	}
	j.tokens += uint64(p.Len())
	j.fingerprint = j.fingerprintOf(j.fingerprint, p)
	payload := binary.AppendUvarint([]byte{kindPiece}, uint64(p.Len()))
	payload = binary.LittleEndian.AppendUint64(payload, j.fingerprint)
	payload = append(payload, j.record...)
	j.record = j.record[:0]
	if _, err := j.w.Write(appendRecord(nil, payload)); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	j.unsynced.Store(true)
	return nil
}

// Flush hands the records to the operating system, so that they survive
// the process; they are made durable within syncEvery.
func (j *Journal) Flush() error {
	if err := j.w.Flush(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Close makes every record durable and closes the file; closing again
// reports that the file is closed.
func (j *Journal) Close() error {
	select {
	case <-j.stop:
	default:
		close(j.stop)
	}
	j.syncer.Wait()
	err := j.w.Flush()
	if err == nil {
		err = j.file.Sync()
	}
	if cerr := j.file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// appendRecord appends payload framed as a record.
func appendRecord(b, payload []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(payload, castagnoli()))
	return append(b, payload...)
}

// recordReader reads records, stopping at the first one that is cut short
// or damaged.
type recordReader struct {
	r      *bufio.Reader
	offset int64
}

// next returns the next whole record's payload; ok is false at the end or
// at a record cut short.
func (r *recordReader) next() (payload []byte, ok bool) {
	var frame [8]byte
	if _, err := io.ReadFull(r.r, frame[:]); err != nil {
		return nil, false
	}
	size := binary.LittleEndian.Uint32(frame[:4])
	if size > maxRecord {
		return nil, false
	}
	payload = make([]byte, size)
	if _, err := io.ReadFull(r.r, payload); err != nil || crc32.Checksum(payload, castagnoli()) != binary.LittleEndian.Uint32(frame[4:]) {
		return nil, false
	}
	r.offset += int64(len(frame)) + int64(size)
	return payload, true
}
