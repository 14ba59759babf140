package main

import (
	"context"
	"fmt"
	"sync"
)

// One request type for three kinds: "get", "set" and "add".
type request struct {
	kind string
	key  string
	n    int
	resp chan int
}

// owner applies one request at a time, whole, until ctx is done.
func owner(ctx context.Context, requests <-chan request, stopped chan<- struct{}) {
	defer close(stopped)
	counts := map[string]int{}
	for {
		select {
		case r := <-requests:
			switch r.kind {
			case "set":
				counts[r.key] = r.n
			case "add":
				counts[r.key] += r.n
			}
			r.resp <- counts[r.key]
		case <-ctx.Done():
			return
		}
	}
}

// do sends one request to the owner and returns its answer.
func do(requests chan<- request, kind, key string, n int) int {
	resp := make(chan int, 1)
	requests <- request{kind, key, n, resp}
	return <-resp
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	requests := make(chan request)
	stopped := make(chan struct{})
	go owner(ctx, requests, stopped)
	fmt.Println("hits starts at", do(requests, "set", "hits", 5))

	// Two callers increment hits with a get, then a set. The WaitGroup
	// read holds each between the two until both have read: an order
	// the scheduler may choose at any time.
	var wg, read sync.WaitGroup
	read.Add(2)
	for range 2 {
		wg.Go(func() {
			n := do(requests, "get", "hits", 0)
			read.Done()
			read.Wait()
			do(requests, "set", "hits", n+1)
		})
	}
	wg.Wait()
	fmt.Println("after two get-then-set increments:", do(requests, "get", "hits", 0))

	// Two callers increment hits with one add each.
	for range 2 {
		wg.Go(func() { do(requests, "add", "hits", 1) })
	}
	wg.Wait()
	fmt.Println("after two add increments:", do(requests, "get", "hits", 0))

	cancel()
	<-stopped
}
