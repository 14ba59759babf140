package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	hits := 0
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			mu.Lock()
			n := hits
			mu.Unlock()
			time.Sleep(time.Millisecond) // report n+1 to metrics
			mu.Lock()
			hits = n + 1
			mu.Unlock()
		})
	}
	wg.Wait()
	fmt.Println("hits:", hits, "of 10")
}
