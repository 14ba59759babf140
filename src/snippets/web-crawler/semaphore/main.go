package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	start := time.Now()
	pages := []time.Duration{30, 10, 25, 10}
	sem := make(chan struct{}, 2) // 2 slots
	var wg sync.WaitGroup
	for i, ms := range pages {
		sem <- struct{}{} // wait for a slot
		fmt.Println(time.Since(start),
			"start fetch", i+1)
		wg.Go(func() {
			time.Sleep(ms * time.Millisecond)
			fmt.Println(time.Since(start),
				"end   fetch", i+1)
			<-sem // give the slot back
		})
	}
	wg.Wait()
}
