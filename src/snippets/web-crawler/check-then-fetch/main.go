package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	mu   sync.Mutex
	seen = map[string]bool{} // guarded by mu
)

func fetch(url string) {
	fmt.Println("fetching", url)
	time.Sleep(10 * time.Millisecond)
}

// visitRacy checks, fetches, then marks.
// Each step holds the lock; the check and
// the mark are still two steps.
func visitRacy(url string) {
	mu.Lock()
	known := seen[url]
	mu.Unlock()
	if known {
		return
	}
	fetch(url)
	mu.Lock()
	seen[url] = true
	mu.Unlock()
}

// visitOnce checks and marks in one
// critical section, then fetches.
func visitOnce(url string) {
	mu.Lock()
	claimed := !seen[url]
	seen[url] = true
	mu.Unlock()
	if claimed {
		fetch(url)
	}
}

func main() {
	var wg sync.WaitGroup
	// Two pages both link to /a.
	wg.Go(func() { visitRacy("/a") })
	wg.Go(func() { visitRacy("/a") })
	wg.Wait()
	wg.Go(func() { visitOnce("/b") })
	wg.Go(func() { visitOnce("/b") })
	wg.Wait()
}
