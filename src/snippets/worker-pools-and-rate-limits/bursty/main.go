package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// fill adds a token to the bucket every interval until ctx is done.
// A full bucket loses the token: burst is all that can be saved.
func fill(ctx context.Context, bucket chan<- struct{}, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			select {
			case bucket <- struct{}{}:
			default: // full
			}
		}
	}
}

func main() {
	start := time.Now()
	const burst = 3
	bucket := make(chan struct{}, burst)
	for range burst {
		bucket <- struct{}{} // start with a full bucket
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { fill(ctx, bucket, 100*time.Millisecond) })

	for req := 1; req <= 6; req++ {
		<-bucket // wait for a token
		fmt.Println(time.Since(start), "request", req)
	}
	cancel()
	wg.Wait() // the filler has returned: nothing is left running
	fmt.Println(time.Since(start), "limiter stopped")
}
