package main

import (
	"context"
	"fmt"
	"sync"
)

// The requests the owner serves. Each carries its own reply channel,
// resp, with room for the one answer, so the owner never waits for a
// caller.
type getOp struct {
	key  string
	resp chan int
}

type addOp struct {
	key   string
	delta int
	resp  chan int
}

// store holds the request channels, and stopped, which the owner
// closes when it returns.
type store struct {
	gets    chan getOp
	adds    chan addOp
	stopped chan struct{}
}

// owner is the only goroutine that touches counts: it serves one
// request at a time, whole, until ctx is done.
func owner(ctx context.Context, s *store) {
	defer close(s.stopped)
	counts := map[string]int{}
	for {
		select {
		case op := <-s.gets:
			op.resp <- counts[op.key]
		case op := <-s.adds:
			counts[op.key] += op.delta
			op.resp <- counts[op.key]
		case <-ctx.Done():
			return
		}
	}
}

// call sends op to the owner and waits for its answer on resp. Both
// waits end when ctx is done: a store that has shut down answers nobody.
func call[Op any](ctx context.Context, requests chan<- Op, op Op, resp <-chan int) (int, error) {
	select {
	case requests <- op:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	select {
	case n := <-resp:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// get returns key's count.
func get(ctx context.Context, s *store, key string) (int, error) {
	resp := make(chan int, 1)
	return call(ctx, s.gets, getOp{key, resp}, resp)
}

// increment adds 1 to key's count: one request, which the owner
// applies whole, so no other request comes in between.
func increment(ctx context.Context, s *store, key string) error {
	resp := make(chan int, 1)
	_, err := call(ctx, s.adds, addOp{key, 1, resp}, resp)
	return err
}

// shutdown stops the store: it cancels the context the owner serves
// under, then waits until the owner has returned.
func shutdown(s *store, cancel context.CancelFunc) {
	cancel()
	<-s.stopped
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	s := &store{
		gets:    make(chan getOp),
		adds:    make(chan addOp),
		stopped: make(chan struct{}),
	}
	go owner(ctx, s)

	// Three workers count 10 hits each.
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for range 10 {
				increment(ctx, s, "hits")
			}
		})
	}
	wg.Wait()
	hits, _ := get(ctx, s, "hits")
	fmt.Println("hits:", hits)

	shutdown(s, cancel)
	// A caller that comes after the shutdown must not wait for ever
	// for an owner that has gone.
	err := increment(ctx, s, "hits")
	fmt.Println("increment after shutdown:", err)
}
