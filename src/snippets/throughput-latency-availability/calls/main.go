package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// A service that works `ms` before it answers,
// behind a sidecar that delays every request by
// 2ms: the time to send it and get the answer.
func service(ms int) http.Handler {
	s := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Duration(ms) * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		s.ServeHTTP(w, r)
	})
}

func get(h http.Handler) {
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

func main() {
	services := []http.Handler{
		service(20), // users
		service(30), // catalog
		service(10), // prices
	}

	// One after another: the latencies add up.
	start := time.Now()
	for _, s := range services {
		get(s)
	}
	fmt.Println("in sequence:", time.Since(start))

	// All at once: done when the slowest answers.
	start = time.Now()
	var wg sync.WaitGroup
	for _, s := range services {
		wg.Go(func() { get(s) })
	}
	wg.Wait()
	fmt.Println("in parallel:", time.Since(start))
}
