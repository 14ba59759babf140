package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"
)

// Park and Miller's minimal standard: the same
// seed draws the same numbers in Go and in
// TypeScript.
func source(seed int64) func() float64 {
	var mu sync.Mutex // shards draw from many goroutines
	state := seed
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

// fault delays pct% of requests by d before they
// reach next, as gomesh's fault injection does.
func fault(pct float64, d time.Duration, random func() float64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if random()*100 < pct {
			time.Sleep(d)
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	// A shard answers in 10ms...
	shard := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(10 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	// ...except one request in a hundred, which
	// waits a second first.
	sidecar := fault(1, time.Second, source(1), shard)

	const users = 100
	fmt.Println("shards  ≥ 1s predicted  measured       p50     p99")
	for _, shards := range []int{1, 10, 100} {
		var latency []time.Duration
		for range users {
			// One user request asks every shard at once
			// and waits for the last answer.
			start := time.Now()
			var wg sync.WaitGroup
			for range shards {
				wg.Go(func() {
					req := httptest.NewRequest("GET", "/search", nil)
					sidecar.ServeHTTP(httptest.NewRecorder(), req)
				})
			}
			wg.Wait()
			latency = append(latency, time.Since(start))
		}
		slices.Sort(latency)
		slow := 0
		for _, d := range latency {
			if d >= time.Second {
				slow++
			}
		}
		// Slow unless all shards were fast.
		predicted := 1 - math.Pow(0.99, float64(shards))
		p := func(q float64) time.Duration {
			return latency[int(math.Ceil(q*users))-1]
		}
		fmt.Printf("%6d%16s%10s%10v%8v\n",
			shards,
			fmt.Sprintf("%.1f%%", predicted*100),
			fmt.Sprintf("%.1f%%", float64(slow)/users*100),
			p(0.5), p(0.99))
	}
}
