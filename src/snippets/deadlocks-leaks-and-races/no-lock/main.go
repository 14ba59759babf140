package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	hits := 0
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			n := hits
			time.Sleep(time.Millisecond) // report n+1 to metrics
			hits = n + 1
		})
	}
	wg.Wait()
	fmt.Println("hits:", hits, "of 10")
}
