// The Go twin of labs/debugging/three-bugs/solution/main.ts: a small server whose three planted
// bugs (a lock order inversion, a leaked lookup per timed-out request, a lost update) are fixed.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// The metrics feed: every change to the hit count is reported here.
var metrics = make(chan string, 100)

type Stats struct {
	mu   sync.Mutex // guards hits
	hits int
}

type Account struct {
	mu      sync.Mutex // guards credits
	id      int
	credits int
}

// lookup asks the user service; every fourth user is slow (80ms) and misses the handler's 50ms
// deadline.
func lookup(user int) string {
	d := 10 * time.Millisecond
	if user%4 == 3 {
		d = 80 * time.Millisecond
	}
	time.Sleep(d)
	return fmt.Sprintf("user %d", user)
}

// count adds one hit, holding stats.mu from the read to the write, across the metrics send.
func count(stats *Stats) {
	stats.mu.Lock()
	defer stats.mu.Unlock()
	n := stats.hits
	metrics <- fmt.Sprintf("hits: %d -> %d", n, n+1)
	stats.hits = n + 1
}

// fetchUser waits at most 50ms for the lookup. The reply channel has a slot, so a lookup that
// answers after the deadline can still send, and its goroutine ends.
func fetchUser(user int) string {
	reply := make(chan string, 1)
	go func() {
		reply <- lookup(user)
	}()
	select {
	case r := <-reply:
		return r
	case <-time.After(50 * time.Millisecond):
		return "timeout"
	}
}

// transfer moves n credits. Both accounts' locks are taken in one order, the lower id first,
// whichever way the credits go, so two transfers never wait for each other.
func transfer(from, to *Account, n int) {
	first, second := from, to
	if to.id < from.id {
		first, second = to, from
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.credits -= n
	to.credits += n
}

// handle serves request i: count it, look the user up, and move a credit between a and b, one
// way for even requests and the other way for odd ones.
func handle(i int, stats *Stats, a, b *Account) bool {
	count(stats)
	user := fetchUser(i)
	if i%2 == 0 {
		transfer(a, b, 1)
	} else {
		transfer(b, a, 1)
	}
	return user != "timeout"
}

func main() {
	const requests = 8
	stats := &Stats{}
	a := &Account{id: 1, credits: 10}
	b := &Account{id: 2, credits: 10}
	var wg sync.WaitGroup
	var answered atomic.Int64
	for i := range requests {
		wg.Go(func() {
			if handle(i, stats, a, b) {
				answered.Add(1)
			}
		})
	}
	wg.Wait()
	fmt.Printf("served %d requests, %d answered in time\n", requests, answered.Load())
	fmt.Printf("hits: %d\n", stats.hits)
	fmt.Printf("credits: a %d, b %d\n", a.credits, b.credits)
	// A server lives on after its requests: here, one more second, in which a late lookup has
	// time to answer.
	time.Sleep(time.Second)
}
