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
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

const n = 2000

// load sends n requests, one every `every` ms on
// average (gaps drawn from 1 to 2*every-1 ms),
// without waiting for answers, as users do.
func load(orders http.Handler, every int, random func() float64) {
	var mu sync.Mutex
	var latency []time.Duration
	// The in-flight gauge and the area under it.
	inFlight := 0
	var area time.Duration
	last := time.Now()
	first := last
	gauge := func(d int) {
		mu.Lock()
		defer mu.Unlock()
		t := time.Now()
		area += time.Duration(inFlight) * t.Sub(last)
		last = t
		inFlight += d
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			gauge(+1)
			start := time.Now()
			req := httptest.NewRequest("GET", "/orders", nil)
			orders.ServeHTTP(httptest.NewRecorder(), req)
			mu.Lock()
			latency = append(latency, time.Since(start))
			mu.Unlock()
			gauge(-1)
		})
		gap := 1 + int(math.Floor(random()*float64(2*every-1)))
		if i < n-1 {
			time.Sleep(time.Duration(gap) * time.Millisecond)
		}
	}
	wg.Wait()

	window := last.Sub(first)
	var total time.Duration
	for _, d := range latency {
		total += d
	}
	w := float64(total) / float64(n) / 1e6 // ms
	slices.Sort(latency)
	p99 := latency[int(math.Ceil(0.99*n))-1]
	lambda := 1000 / float64(every)
	fmt.Printf("%7s%12s%10s%8s%11.2f%8.2f\n",
		fmt.Sprintf("%.0f/s", lambda),
		fmt.Sprintf("%.1f/s", n/window.Seconds()),
		fmt.Sprintf("%.1fms", w),
		p99,
		float64(area)/float64(window),
		lambda*w/1000)
}

func main() {
	// orders has 4 workers; a request holds one
	// for 40ms: at most 4 / 40ms = 100 a second.
	workers := make(chan int, 4)
	orders := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		workers <- 1 // wait for a worker
		time.Sleep(40 * time.Millisecond)
		<-workers
		w.WriteHeader(http.StatusOK)
	})
	random := source(1)
	fmt.Println("offered  throughput    mean W     p99  in flight L    λ×W")
	for _, every := range []int{20, 12, 10, 8} {
		load(orders, every, random)
	}
}
