package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The server's counters, read by its /metrics page
// while requests run.
var (
	served      atomic.Int64 // requests finished
	inFlight    atomic.Int64 // running now
	maxInFlight atomic.Int64 // most ever at once
)

// The load: when each request arrives, how long it works (ms).
var requests = []struct{ at, work time.Duration }{
	{0, 20}, {0, 8}, {0, 30}, {5, 3}, {12, 40}, {31, 2},
	{31, 6}, {31, 6}, {31, 6}, {31, 25}, {44, 4}, {50, 10},
}

// writeLog prints the server's log, a line at a time.
func writeLog(lines <-chan string, done chan<- struct{}) {
	for line := range lines {
		fmt.Println(line)
	}
	close(done)
}

// handle serves one request.
func handle(log chan<- string, work time.Duration) {
	now := inFlight.Add(1)
	// Keep the most requests ever in flight, and log
	// each new high. CompareAndSwap stores now only if the
	// gauge still holds the max this request loaded; if
	// another request changed it first, load it again.
	for {
		max := maxInFlight.Load()
		if now <= max {
			break
		}
		if maxInFlight.CompareAndSwap(max, now) {
			log <- fmt.Sprintf("new high: %d in flight", now)
			break
		}
	}

	time.Sleep(work) // the request's work
	inFlight.Add(-1)

	// Count the request, and log it with its number:
	// Add returns the new count, so no two requests get
	// the same number.
	n := served.Add(1)
	log <- fmt.Sprintf("request %d done", n)
}

func main() {
	log := make(chan string)
	logged := make(chan struct{})
	go writeLog(log, logged)

	start := time.Now()
	var wg sync.WaitGroup
	for _, r := range requests {
		time.Sleep(r.at*time.Millisecond - time.Since(start))
		wg.Go(func() { handle(log, r.work*time.Millisecond) })
	}
	wg.Wait()
	close(log)
	<-logged

	fmt.Println("served:", served.Load())
	fmt.Println("in flight:", inFlight.Load())
	fmt.Println("max in flight:", maxInFlight.Load())
}
