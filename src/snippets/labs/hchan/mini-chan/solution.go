package main

import (
	"fmt"
	"sync"
	"time"
)

// Queue is a buffered channel built by hand: at most cap values in a ring
// buffer, FIFO; Send waits while it is full, Recv while it is empty; Close
// wakes every waiter.
type Queue[T any] struct {
	mu       sync.Mutex
	notFull  *sync.Cond // both conditions are about the state mu guards
	notEmpty *sync.Cond
	buf      []T // the ring (Go's buf)
	recvx    int // where the next Recv takes from
	count    int // values in the ring (Go's qcount)
	closed   bool
}

func NewQueue[T any](cap int) *Queue[T] {
	if cap < 1 {
		panic("Queue: cap must be at least 1")
	}
	q := &Queue[T]{buf: make([]T, cap)}
	q.notFull = sync.NewCond(&q.mu)
	q.notEmpty = sync.NewCond(&q.mu)
	return q
}

func (q *Queue[T]) Cap() int { return len(q.buf) }

func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.count
}

func (q *Queue[T]) Send(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	// for, not if: between the Signal and this goroutine getting the lock
	// back, another sender may have taken the free slot.
	for q.count == len(q.buf) && !q.closed {
		q.notFull.Wait()
	}
	if q.closed {
		panic("send on closed channel")
	}
	q.buf[(q.recvx+q.count)%len(q.buf)] = v
	q.count++
	q.notEmpty.Signal() // one value: one receiver
}

func (q *Queue[T]) Recv() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.count == 0 && !q.closed {
		q.notEmpty.Wait()
	}
	var zero T
	if q.count == 0 {
		return zero, false // closed and drained
	}
	v := q.buf[q.recvx]
	q.buf[q.recvx] = zero
	q.recvx = (q.recvx + 1) % len(q.buf)
	q.count--
	q.notFull.Signal() // one free slot: one sender
	return v, true
}

func (q *Queue[T]) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		panic("close of closed channel")
	}
	q.closed = true
	// Like closechan: wake every receiver and every sender (they panic).
	q.notEmpty.Broadcast()
	q.notFull.Broadcast()
}

// ---- The tests (Go's runtime/chan_test.go, adapted). ----

const CAP = 3

var failures []string

func fail(format string, args ...any) { failures = append(failures, fmt.Sprintf(format, args...)) }

// waitFor gives a goroutine ms of time to finish: false if it is still
// blocked by then.
func waitFor[T any](done chan T, ms int) bool {
	select {
	case <-done:
		return true
	case <-time.After(time.Duration(ms) * time.Millisecond):
		return false
	}
}

// Send 20 integers, receive them non-corrupted in FIFO order.
func testFIFO() {
	q := NewQueue[int](CAP)
	go func() {
		for i := 0; i < 20; i++ {
			q.Send(i)
		}
	}()
	for i := 0; i < 20; i++ {
		if v, _ := q.Recv(); v != i {
			fail("received %v, expected %v", v, i)
			return
		}
	}
}

// 4 senders and 4 receivers, then close: every value arrives exactly once,
// each sender's values in the order it sent them, and the queue never
// holds more than cap.
func testManySenders() {
	const P = 4
	const L = 12
	q := NewQueue[int](1) // full most of the time
	sent := make(chan bool, P)
	done := make(chan []int, P)
	var mostMu sync.Mutex
	most := 0
	for p := 0; p < P; p++ {
		go func() {
			for i := 0; i < L; i++ {
				q.Send(p*100 + i)
				n := q.Len()
				mostMu.Lock()
				most = max(most, n)
				mostMu.Unlock()
			}
			sent <- true
		}()
		go func() {
			var got []int
			for {
				v, ok := q.Recv()
				if !ok {
					break
				}
				got = append(got, v)
			}
			done <- got
		}()
	}
	for p := 0; p < P; p++ {
		if !waitFor(sent, 100) {
			fail("sender %d of %d never finished", p+1, P)
			return
		}
	}
	q.Close()
	seen := map[int]int{}
	for p := 0; p < P; p++ {
		var got []int
		select {
		case got = <-done:
		case <-time.After(100 * time.Millisecond):
			fail("receiver %d of %d never saw the close", p+1, P)
			return
		}
		last := map[int]int{}
		for _, v := range got {
			seen[v]++
			from := v / 100
			if l, ok := last[from]; ok && l > v {
				fail("a receiver got %v after %v", v, l)
			}
			last[from] = v
		}
	}
	mostMu.Lock()
	if most > q.Cap() {
		fail("len reached %v, cap is %v", most, q.Cap())
	}
	mostMu.Unlock()
	for p := 0; p < P; p++ {
		for i := 0; i < L; i++ {
			if n := seen[p*100+i]; n != 1 {
				fail("%v received %v times", p*100+i, n)
			}
		}
	}
	for v := range seen {
		if v%100 >= L {
			fail("received %v, which nobody sent", v)
		}
	}
}

// Ensure that send to a full queue blocks until a recv.
func testSendBlocks() {
	q := NewQueue[int](CAP)
	for i := 0; i < CAP; i++ {
		q.Send(i)
	}
	sent := make(chan bool, 1)
	go func() {
		q.Send(CAP)
		sent <- true
	}()
	if waitFor(sent, 1) {
		fail("send to a full queue did not block")
		return
	}
	q.Recv()
	if !waitFor(sent, 1) {
		fail("send still blocked after a recv")
	}
}

// Ensure that receive from an empty queue blocks.
func testRecvBlocks() {
	q := NewQueue[int](CAP)
	got := make(chan bool, 2)
	for i := 0; i < 2; i++ {
		go func() {
			q.Recv()
			got <- true
		}()
	}
	if waitFor(got, 1) {
		fail("receive from an empty queue did not block")
		return
	}
	q.Send(1)
	q.Send(2)
	for i := 0; i < 2; i++ {
		if !waitFor(got, 1) {
			fail("receiver %d of 2 still blocked after 2 sends", i+1)
			return
		}
	}
}

// Ensure that we drain, then receive ok = false, from a closed queue.
func testClosedDrains() {
	q := NewQueue[int](CAP)
	for i := 0; i < CAP; i++ {
		q.Send(i)
	}
	q.Close()
	for i := 0; i < CAP; i++ {
		if v, ok := q.Recv(); v != i || !ok {
			fail("received %v/%v, expected %v/true", v, ok, i)
			return
		}
	}
	for i := 0; i < 2; i++ {
		if v, ok := q.Recv(); v != 0 || ok {
			fail("received %v/%v, expected 0/false", v, ok)
			return
		}
	}
}

// Ensure that close unblocks every blocked receiver.
func testCloseWakesAll() {
	const R = 3
	q := NewQueue[int](CAP)
	woke := make(chan bool, R)
	for i := 0; i < R; i++ {
		go func() {
			_, ok := q.Recv()
			woke <- ok
		}()
	}
	time.Sleep(time.Millisecond)
	q.Close()
	for i := 0; i < R; i++ {
		if !waitFor(woke, 10) {
			fail("close woke %d of %d blocked receivers", i, R)
			return
		}
	}
}

// Ensure that send on a closed queue panics, and that a sender blocked on
// a full queue panics when it is closed.
func testSendOnClosed() {
	trySend := func(q *Queue[int]) (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		q.Send(1)
		return "no panic"
	}
	q := NewQueue[int](CAP)
	q.Close()
	if r := trySend(q); r != "send on closed channel" {
		fail("send on a closed queue: %v", r)
		return
	}
	full := NewQueue[int](CAP)
	for i := 0; i < CAP; i++ {
		full.Send(i)
	}
	res := make(chan string, 1)
	go func() { res <- trySend(full) }()
	time.Sleep(time.Millisecond)
	full.Close()
	select {
	case r := <-res:
		if r != "send on closed channel" {
			fail("a blocked sender, after close: %v", r)
		}
	case <-time.After(10 * time.Millisecond):
		fail("a blocked sender stayed blocked after close")
	}
}

func main() {
	tests := []struct {
		name string
		fn   func()
	}{
		{"TestFIFO", testFIFO},
		{"TestManySenders", testManySenders},
		{"TestSendBlocks", testSendBlocks},
		{"TestRecvBlocks", testRecvBlocks},
		{"TestClosedDrains", testClosedDrains},
		{"TestCloseWakesAll", testCloseWakesAll},
		{"TestSendOnClosed", testSendOnClosed},
	}
	for _, t := range tests {
		failures = nil
		t.fn()
		if len(failures) == 0 {
			fmt.Println("--- PASS:", t.name)
		} else {
			fmt.Println("--- FAIL:", t.name)
			for i, f := range failures {
				if i < 3 {
					fmt.Println("    " + f)
				}
			}
		}
	}
}
