package main

import (
	"context"
	"fmt"
	"sync"
)

// A request to read one key; the owner answers on resp.
type readOp struct {
	key  string
	resp chan int
}

// A request to write one key; the owner says it is done on resp.
type writeOp struct {
	key  string
	val  int
	resp chan bool
}

// owner is the only goroutine that touches state. It serves one
// request at a time until ctx is done.
func owner(ctx context.Context, reads <-chan readOp, writes <-chan writeOp, stopped chan<- struct{}) {
	defer close(stopped)
	state := map[string]int{}
	served := 0
	for {
		select {
		case read := <-reads:
			read.resp <- state[read.key]
		case write := <-writes:
			state[write.key] = write.val
			write.resp <- true
		case <-ctx.Done():
			fmt.Println("owner: served", served, "requests")
			return
		}
		served++
	}
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	reads := make(chan readOp)
	writes := make(chan writeOp)
	stopped := make(chan struct{})
	go owner(ctx, reads, writes, stopped)

	// Three goroutines write at once; none of them touches state.
	var wg sync.WaitGroup
	for i, key := range []string{"a", "b", "c"} {
		wg.Go(func() {
			write := writeOp{key, i + 1, make(chan bool)}
			writes <- write
			<-write.resp
		})
	}
	wg.Wait()

	for _, key := range []string{"a", "b", "c"} {
		read := readOp{key, make(chan int)}
		reads <- read
		fmt.Println(key, "=", <-read.resp)
	}
	cancel()  // the owner's ctx.Done() is closed...
	<-stopped // ...and main waits until it has returned
}
