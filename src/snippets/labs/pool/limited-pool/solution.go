package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// The log of the jobs as they start.
var wire = make(chan string, 100)

const (
	jobCount = 10
	workers  = 3
	// The limit: 3 jobs at once after a quiet time (the burst),
	// then one job every 100 ms.
	burst    = 3
	interval = 100 * time.Millisecond
)

// How long each job (1 to 10) takes, in milliseconds.
var cost = []time.Duration{0, 250, 120, 80, 200, 60, 150, 90, 200, 40, 110}

// handle does one job and returns its result.
func handle(id int) int {
	wire <- fmt.Sprintf("start job %d", id)
	time.Sleep(cost[id] * time.Millisecond)
	return id * id
}

// worker takes jobs until jobs is closed, and a token from the
// limiter before each one.
func worker(jobs <-chan int, tokens <-chan struct{}, results chan<- int) {
	for id := range jobs {
		<-tokens
		results <- handle(id)
	}
}

// fill adds a token to the bucket every interval until ctx is
// canceled; a token that finds the bucket full is dropped.
func fill(ctx context.Context, bucket chan<- struct{}) {
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
	// The limiter: a bucket that starts full, and one goroutine
	// that refills it until ctx is canceled.
	bucket := make(chan struct{}, burst)
	for range burst {
		bucket <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	var limiter sync.WaitGroup
	limiter.Go(func() { fill(ctx, bucket) })

	jobs := make(chan int)
	results := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() { worker(jobs, bucket, results) })
	}
	// The sender has its own goroutine, so main reads results
	// while jobs are still being sent.
	go func() {
		for id := 1; id <= jobCount; id++ {
			jobs <- id
		}
		close(jobs)
	}()
	// results is closed once the last worker has returned.
	go func() {
		wg.Wait()
		close(results)
	}()

	done, sum := 0, 0
	for r := range results {
		done++
		sum += r
	}
	cancel()       // stop the limiter...
	limiter.Wait() // ...and wait until it has stopped
	fmt.Printf("%d jobs done, sum of squares %d\n", done, sum)
}
