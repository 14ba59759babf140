// Command red instruments a service with the RED method —
// Rate, Errors, Duration — and prints what Prometheus reads
// when it scrapes GET /metrics.
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

var (
	// Rate and Errors: one counter, labelled by status code.
	requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "Requests answered, by status code.",
	}, []string{"code"})
	// Duration: a histogram, in seconds.
	duration = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "How long requests took, in seconds.",
		Buckets: []float64{0.025, 0.05, 0.1, 0.25, 0.5},
	})
)

// statusWriter remembers the status the handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// instrument counts and times every request. (A handler that
// panics never returns here: net/http recovers the panic and
// drops the connection, so Go handlers answer errors instead.)
func instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{w, http.StatusOK}
		next.ServeHTTP(sw, r)
		requests.WithLabelValues(strconv.Itoa(sw.status)).Inc()
		duration.Observe(time.Since(start).Seconds())
	})
}

// order takes 20-79ms, 300ms every 10th order; every 7th
// finds payments down.
func order(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.Atoi(r.PathValue("id"))
	if id%7 == 0 {
		time.Sleep(5 * time.Millisecond)
		http.Error(w, "payments unavailable", 503)
		return
	}
	work := 20 + id*23%60
	if id%10 == 0 {
		work = 300
	}
	time.Sleep(time.Duration(work) * time.Millisecond)
	fmt.Fprintf(w, "order %d\n", id)
}

func main() {
	registry := prometheus.NewRegistry()
	registry.MustRegister(requests, duration)
	mux := http.NewServeMux()
	mux.Handle("GET /orders/{id}", instrument(http.HandlerFunc(order)))
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))

	// Twenty requests, then one scrape. (httptest calls the
	// handlers as the server would, on synctest's clock.)
	for id := 1; id <= 20; id++ {
		mux.ServeHTTP(httptest.NewRecorder(),
			httptest.NewRequest("GET", "/orders/"+strconv.Itoa(id), nil))
	}
	scrape := httptest.NewRecorder()
	mux.ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
	fmt.Print(scrape.Body.String())
}
