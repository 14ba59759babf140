// Command shed-or-queue sends the same seeded burst through three
// front doors of a service that takes 10 requests a second: one
// that queues every request, one that lets at most 10 wait, and one
// that lets none wait and turns the rest away with 429.
package main

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

// The traffic: for 3 seconds about 30 requests a second,
// three times what the service takes, then about 5.
func traffic() []time.Duration {
	random := source(1)
	var arrivals []time.Duration
	for t := time.Duration(0); t < 10*time.Second; {
		gap := 400.0 // ms, 200 on average
		if t < 3*time.Second {
			gap = 66
		}
		t += time.Duration(random()*gap) * time.Millisecond
		arrivals = append(arrivals, t)
	}
	return arrivals
}

const work = 10 * time.Millisecond // the service's own time

// experiment lets a request wait for its token at most maxWait.
func experiment(name string, maxWait time.Duration, arrivals []time.Duration) {
	lim := rate.NewLimiter(10, 5)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex // guards latency
		latency  []time.Duration
		rejected int
	)
	start := time.Now()
	for _, at := range arrivals {
		time.Sleep(at - time.Since(start))
		arrived := time.Now()
		res := lim.Reserve()
		wait := res.Delay()
		if wait > maxWait {
			res.Cancel()
			rejected++ // 429, Retry-After: the wait beyond maxWait
			continue
		}
		wg.Go(func() {
			time.Sleep(wait) // in the queue
			time.Sleep(work)
			mu.Lock()
			latency = append(latency, time.Since(arrived).Round(time.Millisecond))
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(latency)
	// The nearest-rank percentile.
	p := func(q float64) string {
		n := float64(len(latency))
		return latency[int(math.Ceil(q/100*n))-1].String()
	}
	fmt.Printf("%-10s", name)
	for _, s := range []string{p(50), p(90), p(99), p(100), fmt.Sprint(rejected)} {
		fmt.Printf("%8s", s)
	}
	fmt.Println()
}

func main() {
	arrivals := traffic()
	fmt.Println("front door     p50     p90     p99     max  429s")
	experiment("queue-all", time.Duration(math.MaxInt64), arrivals)
	experiment("queue-10", 10*100*time.Millisecond, arrivals)
	experiment("shed", 0, arrivals)
}
