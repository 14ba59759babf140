package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	// Go by Example's bursty limiter: room for 3 saved tokens...
	burstyLimiter := make(chan time.Time, 3)
	for range 3 {
		burstyLimiter <- time.Now()
	}
	// ...and a goroutine that adds one every 200ms, for ever.
	go func() {
		for t := range time.Tick(200 * time.Millisecond) {
			burstyLimiter <- t
		}
	}()

	time.Sleep(time.Second) // a quiet second: no requests
	for req := 1; req <= 6; req++ {
		<-burstyLimiter
		fmt.Println(time.Since(start), "request", req)
	}
}
