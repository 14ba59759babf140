package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// ---- Predict. ----

// A Topology is a service with its availability,
// services a request needs one after another, or
// replicas the caller fails over between.
type Topology struct {
	Service  float64
	Series   []Topology
	Replicas []Topology
}

// availability is the share of requests that succeed,
// when every service fails on its own. Series: every
// service must answer, so the availabilities multiply.
// Replicas: the pool fails only when every replica fails.
func availability(t Topology) float64 {
	switch {
	case t.Series != nil:
		p := 1.0
		for _, s := range t.Series {
			p *= availability(s)
		}
		return p
	case t.Replicas != nil:
		allFail := 1.0
		for _, s := range t.Replicas {
			allFail *= 1 - availability(s)
		}
		return 1 - allFail
	}
	return t.Service
}

// slowShare is the share of requests that wait for a
// slow call, when each request makes n calls at once and
// each call is slow with probability q: all but those
// whose n calls were all fast.
func slowShare(q float64, n int) float64 {
	return 1 - math.Pow(1-q, float64(n))
}

// inFlight is Little's law: how many requests are in
// flight on average, at rate requests a second that each
// take meanMs milliseconds. L = λW, both in seconds.
func inFlight(rate, meanMs float64) float64 {
	return rate * (meanMs / 1000)
}

// ---- Measure. ----

// availabilityOf is the share of requests the service
// served: every 5xx is a failure, anything else was served.
func availabilityOf(statuses []int) float64 {
	served := 0
	for _, s := range statuses {
		if s < 500 {
			served++
		}
	}
	return float64(served) / float64(len(statuses))
}

// p99 is the 99th percentile by nearest rank: the
// smallest latency with at least 99% of them at or
// below it.
func p99(latencies []float64) float64 {
	sorted := slices.Sorted(slices.Values(latencies))
	return sorted[int(math.Ceil(0.99*float64(len(sorted))))-1]
}

// ---- The table and the system, as in the lab. ----

func pct(x float64) string { return fmt.Sprintf("%.2f%%", x*100) }

func ms(x float64) time.Duration {
	return time.Duration(x * float64(time.Millisecond))
}

func svc(a float64) Topology { return Topology{Service: a} }

// Each line one case of the functions above.
func table() {
	for _, c := range []struct {
		name string
		t    Topology
	}{
		{"one service 0.9", svc(0.9)},
		{"series 0.9 0.8", Topology{Series: []Topology{svc(0.9), svc(0.8)}}},
		{"replicas 0.9 0.9", Topology{Replicas: []Topology{svc(0.9), svc(0.9)}}},
		{"replicas 0.5 0.5 0.5", Topology{Replicas: []Topology{svc(0.5), svc(0.5), svc(0.5)}}},
		{"series (replicas 0.6 0.6) 0.95", Topology{Series: []Topology{
			{Replicas: []Topology{svc(0.6), svc(0.6)}}, svc(0.95),
		}}},
	} {
		fmt.Printf("availability %s = %s\n", c.name, pct(availability(c.t)))
	}
	for _, c := range []struct {
		q float64
		n int
	}{{0.01, 1}, {0.01, 5}, {0.01, 100}, {0.2, 3}} {
		fmt.Printf("slowShare %v %d = %s\n", c.q, c.n, pct(slowShare(c.q, c.n)))
	}
	for _, c := range [][2]float64{{100, 40}, {50, 200}, {1000, 3}} {
		fmt.Printf("inFlight %v/s %vms = %.2f\n", c[0], c[1], inFlight(c[0], c[1]))
	}
	for _, statuses := range [][]int{
		{200, 503, 404, 500, 200, 504},
		{200, 201, 204},
		{502, 200, 200, 200},
	} {
		fmt.Printf("availabilityOf %s = %s\n",
			strings.Trim(fmt.Sprint(statuses), "[]"), pct(availabilityOf(statuses)))
	}
	upTo := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = float64(i + 1)
		}
		return s
	}
	reversed := upTo(100)
	slices.Reverse(reversed)
	for _, c := range []struct {
		name    string
		samples []float64
	}{
		{"7", []float64{7}},
		{"1..10", upTo(10)},
		{"1..100", upTo(100)},
		{"1..1000", upTo(1000)},
		{"100..1 (reversed)", reversed},
		{"1..199 and 3000", append(upTo(199), 3000)},
	} {
		fmt.Printf("p99 %s = %v\n", c.name, p99(c.samples))
	}
}

// Park and Miller's minimal standard: the same seed
// draws the same numbers in Go and in TypeScript.
func source(seed int64) func() float64 {
	var mu sync.Mutex // calls draw from many goroutines
	state := seed
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

// behind puts a sidecar in front of h that delays
// delayPct% of requests by delay, then answers 503 to
// abortPct% of them, as gomesh's fault injection does.
func behind(h http.Handler, random func() float64, delayPct float64, delay time.Duration, abortPct float64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if delayPct > 0 && random()*100 < delayPct {
			time.Sleep(delay)
		}
		if abortPct > 0 && random()*100 < abortPct {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func get(h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code
}

// The system. checkout asks prices about the 5 items of
// a cart at once (7ms; 1 call in 100 waits 295ms more),
// then reserves them with inventory (2 replicas, each
// failing 30% of requests: checkout fails over), then
// charges payments (failing 2%).
const (
	items     = 5
	slowCall  = 0.01
	fastMs    = 7
	slowMs    = 7 + 295
	checkouts = 500
	everyMs   = 10 // a checkout every 10ms: 100/s
)

var system = Topology{Series: []Topology{
	{Replicas: []Topology{svc(0.7), svc(0.7)}},
	svc(0.98),
}}

func run(seed int64) {
	// One source for every sidecar of this run: no two
	// checkouts draw at the same instant, so the draws
	// come in the same order in Go and in TypeScript.
	random := source(seed)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	prices := behind(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(fastMs * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	}), random, slowCall*100, 295*time.Millisecond, 0)
	inventory := []http.Handler{
		behind(ok, random, 0, 0, 30),
		behind(ok, random, 0, 0, 30),
	}
	payments := behind(ok, random, 0, 0, 2)

	var mu sync.Mutex
	next := 0
	checkout := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := next % len(inventory)
		next++
		mu.Unlock()
		var wg sync.WaitGroup
		for i := range items {
			wg.Go(func() { get(prices, fmt.Sprintf("/prices/%d", i)) })
		}
		wg.Wait()
		reserved := false
		for k := range inventory {
			if get(inventory[(first+k)%len(inventory)], "/reserve") == http.StatusOK {
				reserved = true
				break
			}
		}
		if !reserved || get(payments, "/charge") != http.StatusOK {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})

	// The load: a checkout every 10ms, without waiting
	// for answers; the in-flight gauge and its area.
	var statuses []int
	var latencies []float64
	current := 0
	var area time.Duration
	last := time.Now()
	first := last
	gauge := func(d int) {
		area += time.Duration(current) * time.Since(last)
		last = time.Now()
		current += d
	}
	var wg sync.WaitGroup
	for i := range checkouts {
		wg.Go(func() {
			mu.Lock()
			gauge(+1)
			mu.Unlock()
			start := time.Now()
			status := get(checkout, "/checkout")
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, float64(time.Since(start))/float64(time.Millisecond))
			statuses = append(statuses, status)
			gauge(-1)
		})
		if i < checkouts-1 {
			time.Sleep(everyMs * time.Millisecond)
		}
	}
	wg.Wait()

	rate := 1000.0 / everyMs
	sum := 0.0
	for _, l := range latencies {
		sum += l
	}
	mean := sum / checkouts
	served := 0
	for _, s := range statuses {
		if s < 500 {
			served++
		}
	}
	share := slowShare(slowCall, items)
	predictedP99 := float64(fastMs)
	if share > 0.01 {
		predictedP99 = slowMs
	}
	tag := fmt.Sprintf("seed %d", seed)
	fmt.Printf("%s  availability  predicted %s  measured %s (%d/%d served)\n",
		tag, pct(availability(system)), pct(availabilityOf(statuses)), served, checkouts)
	fmt.Printf("%s  p99           predicted %v (%s wait for a slow call)  measured %v\n",
		tag, ms(predictedP99), pct(share), ms(p99(latencies)))
	fmt.Printf("%s  in flight     predicted %.2f (%v/s, mean %.1fms)  measured %.2f\n",
		tag, inFlight(rate, mean), rate, mean, float64(area)/float64(last.Sub(first)))
}

func main() {
	table()
	for _, seed := range []int64{1, 2, 3} {
		run(seed)
	}
}
