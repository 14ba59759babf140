package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

// naive is the talk's first loop: it checks a flag, fetches, sleeps.
// (The talk's flag is a plain bool, a data race that go run -race
// reports; an atomic.Bool keeps this example to the other bug.)
type naive struct {
	closed atomic.Bool
	start  time.Time
}

func (s *naive) loop(done chan<- struct{}) {
	for {
		if s.closed.Load() {
			fmt.Printf("loop saw closed at %v\n", time.Since(s.start))
			close(done)
			return
		}
		fmt.Printf("fetch at %v\n", time.Since(s.start))
		time.Sleep(time.Second) // until the next fetch
	}
}

func (s *naive) Close() { s.closed.Store(true) }

func main() {
	s := &naive{start: time.Now()}
	done := make(chan struct{})
	go s.loop(done)
	time.Sleep(100 * time.Millisecond)
	s.Close()
	fmt.Printf("Close returned at %v\n", time.Since(s.start))
	<-done
}
