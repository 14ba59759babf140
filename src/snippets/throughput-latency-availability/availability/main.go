package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
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

// One source for every sidecar: the requests go
// one at a time, so the draws come in one order.
var random = source(1)

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
})

// A service behind a sidecar that fails 20% of
// its requests with 503, as Istio's fault
// injection does: its availability is 80%.
func flaky(service http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if random()*100 < 20 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		service.ServeHTTP(w, r)
	})
}

func get(h http.Handler) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	return rec.Code
}

// A handler that needs next: 200 only if it got 200.
func calling(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if get(next) == http.StatusOK {
			w.WriteHeader(http.StatusOK)
		} else {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
}

// Try the replicas in turn, starting at the i-th,
// until one answers 200.
func failover(replicas []http.Handler, i int) bool {
	for k := range replicas {
		if get(replicas[(i+k)%len(replicas)]) == http.StatusOK {
			return true
		}
	}
	return false
}

// The formulas: a request needs every service in
// series; a pool fails only if every replica does.
func series(a ...float64) float64 {
	p := 1.0
	for _, x := range a {
		p *= x
	}
	return p
}

func parallel(a ...float64) float64 {
	p := 1.0
	for _, x := range a {
		p *= 1 - x
	}
	return 1 - p
}

func main() {
	one := flaky(ok)
	c := flaky(ok)
	b := flaky(calling(c))
	a := flaky(calling(b))
	r := []http.Handler{flaky(ok), flaky(ok), flaky(ok)}
	// db is down for the first second of every 20:
	// uptime / total time = 95%.
	start := time.Now()
	db := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if time.Since(start)%(20*time.Second) < time.Second {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	d := []http.Handler{flaky(calling(db)), flaky(calling(db))}

	topologies := []struct {
		name      string
		predicted float64
		call      func(i int) bool
	}{
		{"one service", 0.8,
			func(int) bool { return get(one) == http.StatusOK }},
		{"3 services in series", series(0.8, 0.8, 0.8),
			func(int) bool { return get(a) == http.StatusOK }},
		{"2 replicas, round robin", 0.8,
			func(i int) bool { return get(r[i%2]) == http.StatusOK }},
		{"2 replicas, failover", parallel(0.8, 0.8),
			func(i int) bool { return failover(r[:2], i) }},
		{"3 replicas, failover", parallel(0.8, 0.8, 0.8),
			func(i int) bool { return failover(r, i) }},
		{"2 replicas, failover, one db", series(0.95, parallel(0.8, 0.8)),
			func(i int) bool { return failover(d, i) }},
	}

	const n = 1000
	fmt.Println("topology                        predicted  measured")
	for _, t := range topologies {
		good := 0
		// One request every 20ms: 20 seconds in all.
		for i := range n {
			if t.call(i) {
				good++
			}
			time.Sleep(20 * time.Millisecond)
		}
		fmt.Printf("%-30s%10s%10s (%d/%d)\n",
			t.name,
			fmt.Sprintf("%.2f%%", t.predicted*100),
			fmt.Sprintf("%.2f%%", float64(good)/n*100),
			good, n)
	}
}
