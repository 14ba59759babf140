package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
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

// Nearest rank: the smallest latency with at
// least the fraction q of them at or below it.
func percentile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(math.Ceil(q*float64(len(sorted))))-1]
}

// Prometheus' histogram_quantile: find the bucket
// the rank falls in, and interpolate linearly.
func histogramQuantile(q float64, bounds []float64, counts []int) float64 {
	rank := q * float64(counts[len(counts)-1])
	i := 0
	for float64(counts[i]) < rank {
		i++
	}
	lower, below := 0.0, 0
	if i > 0 {
		lower, below = bounds[i-1], counts[i-1]
	}
	return lower + (bounds[i]-lower)*(rank-float64(below))/float64(counts[i]-below)
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
	random := source(1)
	// search works 3 to 62ms, most often little.
	search := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := random()
		ms := 3 + math.Floor(60*u*u*u)
		time.Sleep(time.Duration(ms) * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	// 2% of requests wait a second first: a GC
	// pause, a cold cache, a lost packet.
	sidecar := fault(2, time.Second, random, search)

	var latency []time.Duration
	for range 5000 {
		start := time.Now()
		req := httptest.NewRequest("GET", "/search", nil)
		sidecar.ServeHTTP(httptest.NewRecorder(), req)
		latency = append(latency, time.Since(start))
	}

	// Bucket bounds in ms, as a Prometheus histogram's.
	bounds := []float64{5, 10, 20, 50, 100, 200, 500, 1000, 2000}
	counts := make([]int, len(bounds))
	fmt.Println("le         requests")
	for i, le := range bounds {
		for _, d := range latency {
			if d <= time.Duration(le)*time.Millisecond {
				counts[i]++
			}
		}
		label := time.Duration(le) * time.Millisecond
		fmt.Printf("le %-7v%9d\n", label, counts[i])
	}
	fmt.Printf("le +Inf   %9d\n", len(latency))

	var sum time.Duration
	for _, d := range latency {
		sum += d
	}
	fmt.Printf("mean %.1fms\n", float64(sum)/float64(len(latency))/1e6)
	sorted := slices.Sorted(slices.Values(latency))
	for _, p := range []struct {
		name string
		q    float64
	}{{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99.9", 0.999}, {"max", 1}} {
		fmt.Println(p.name, percentile(sorted, p.q))
	}
	estimate := histogramQuantile(0.99, bounds, counts)
	fmt.Println("histogram_quantile(0.99)", time.Duration(math.Round(estimate))*time.Millisecond)
}
