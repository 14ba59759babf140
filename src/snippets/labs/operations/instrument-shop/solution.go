// Command instrument-shop is the Go twin of the lab's solution:
// shop → orders → payments, each with RED metrics from
// client_golang on its own /metrics and a span per request
// whose traceparent every call carries on. It runs the lab's
// smoke test and prints what the TypeScript solution prints.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ---- Metrics: RED for every service. ----

// Bucket bounds in seconds: dense where most checkouts are
// (under 0.1), one at the SLO (0.2), and above the slowest
// checkout (0.4).
var buckets = []float64{0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// observed serves GET /metrics from the service's own
// registry and counts, times and traces everything else.
func observed(service string, api http.Handler) http.Handler {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "Requests answered, by status code.",
	}, []string{"code"})
	duration := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "How long requests took, in seconds.",
		Buckets: buckets,
	})
	registry := prometheus.NewRegistry()
	registry.MustRegister(requests, duration)
	instrumented := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{w, http.StatusOK}
		api.ServeHTTP(sw, r)
		requests.WithLabelValues(strconv.Itoa(sw.status)).Inc()
		duration.Observe(time.Since(start).Seconds())
	})
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	mux.Handle("/", tracing(service, instrumented))
	return mux
}

// ---- Traces: W3C traceparent, carried in the context. ----

var traceparent = regexp.MustCompile(
	`^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$`)

type Span struct {
	TraceID, SpanID, ParentID, Service, Name string
	Start                                    time.Time
	Took                                     time.Duration
	Status                                   int
}

type spanKey struct{}

var spans []Span // the trace backend (Jaeger's role)

// tracing continues the caller's trace (or starts one) and
// puts this hop's span in the request's context.
func tracing(service string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		span := Span{SpanID: fmt.Sprintf("%016x", rand.Uint64()), Service: service,
			Name: r.Method + " " + r.URL.Path, Start: time.Now()}
		if m := traceparent.FindStringSubmatch(r.Header.Get("traceparent")); m != nil {
			span.TraceID, span.ParentID = m[1], m[2]
		} else {
			span.TraceID = fmt.Sprintf("%016x%016x", rand.Uint64(), rand.Uint64())
		}
		sw := &statusWriter{w, http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(context.WithValue(r.Context(), spanKey{}, span)))
		span.Took, span.Status = time.Since(span.Start), sw.status
		spans = append(spans, span)
	})
}

// propagating sends the context's span on as traceparent.
type propagating struct{ next http.RoundTripper }

func (p propagating) RoundTrip(r *http.Request) (*http.Response, error) {
	if span, ok := r.Context().Value(spanKey{}).(Span); ok {
		r = r.Clone(r.Context())
		r.Header.Set("traceparent", "00-"+span.TraceID+"-"+span.SpanID+"-01")
	}
	return p.next.RoundTrip(r)
}

// memory delivers a request to a service's handler in this
// process: no sockets, so synctest's fake clock runs it all.
type memory map[string]http.Handler

func (m memory) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	m[r.URL.Host].ServeHTTP(rec, r)
	return rec.Result(), nil
}

var services = memory{}
var client = &http.Client{Transport: propagating{services}}

// post sends v as JSON with ctx: the span in ctx goes on.
func post(ctx context.Context, url string, v any) (int, []byte) {
	body, _ := json.Marshal(v)
	req, _ := http.NewRequestWithContext(ctx, "POST", url, strings.NewReader(string(body)))
	res, err := client.Do(req)
	if err != nil {
		return http.StatusBadGateway, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// ---- The shop. ----

func payments(w http.ResponseWriter, r *http.Request) {
	var in struct{ Cart int }
	json.NewDecoder(r.Body).Decode(&in)
	if in.Cart%8 == 0 {
		time.Sleep(5 * time.Millisecond)
		writeJSON(w, 503, map[string]string{"error": "card network down"})
		return
	}
	work := 10 + in.Cart*37%80
	if in.Cart%10 == 0 {
		work = 193
	}
	if in.Cart%12 == 5 {
		work = 393
	}
	time.Sleep(time.Duration(work) * time.Millisecond)
	writeJSON(w, 201, map[string]string{"charge": "ch-" + strconv.Itoa(in.Cart)})
}

func orders(w http.ResponseWriter, r *http.Request) {
	var in struct{ Cart int }
	json.NewDecoder(r.Body).Decode(&in)
	time.Sleep(5 * time.Millisecond)
	// r.Context() carries this span on to payments.
	if status, _ := post(r.Context(), "http://payments/charges", in); status != 201 {
		writeJSON(w, 502, map[string]string{"error": "payment failed"})
		return
	}
	writeJSON(w, 201, map[string]any{"order": in.Cart, "paid": true})
}

func shop(w http.ResponseWriter, r *http.Request) {
	var in struct{ Card string }
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		// The TypeScript handler throws; its server answers 500.
		http.Error(w, "internal server error", 500)
		return
	}
	cart, _ := strconv.Atoi(r.PathValue("cart"))
	time.Sleep(2 * time.Millisecond)
	status, body := post(r.Context(), "http://orders/orders",
		map[string]any{"cart": cart, "card": in.Card})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func main() {
	services["payments"] = observed("payments", http.HandlerFunc(payments))
	services["orders"] = observed("orders", http.HandlerFunc(orders))
	shopMux := http.NewServeMux()
	shopMux.HandleFunc("POST /checkout/{cart}", shop)
	services["shop"] = observed("shop", shopMux)

	// The smoke test: three checkouts, the first one traced
	// from here (the W3C spec's example traceparent).
	traceID := "4bf92f3577b34da6a3ce929d0e0e4736"
	for cart := 1; cart <= 3; cart++ {
		req, _ := http.NewRequest("POST", "http://shop/checkout/"+strconv.Itoa(cart),
			strings.NewReader(`{"card":"visa"}`))
		if cart == 1 {
			req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
		}
		res, _ := services.RoundTrip(req)
		fmt.Printf("checkout %d: %d\n", cart, res.StatusCode)
	}
	var traces []string
	for _, s := range spans {
		if !slices.Contains(traces, s.TraceID) {
			traces = append(traces, s.TraceID)
		}
	}
	fmt.Printf("%d traces for 3 checkouts\n", len(traces))
	fmt.Println("trace", traceID)
	var trace []Span
	for _, s := range spans {
		if s.TraceID == traceID {
			trace = append(trace, s)
		}
	}
	printTree(trace, "00f067aa0ba902b7", "")

	scrape := httptest.NewRecorder()
	services["shop"].ServeHTTP(scrape, httptest.NewRequest("GET", "/metrics", nil))
	fmt.Printf("shop's /metrics:\n%s\n", scrape.Body.String())
}

// printTree prints the spans under parent in start order, as
// gomesh's TraceCollector.tree does.
func printTree(trace []Span, parent, indent string) {
	var children []Span
	for _, s := range trace {
		if s.ParentID == parent {
			children = append(children, s)
		}
	}
	slices.SortFunc(children, func(a, b Span) int { return a.Start.Compare(b.Start) })
	for i, s := range children {
		branch, more := "├─ ", "│  "
		if i == len(children)-1 {
			branch, more = "└─ ", "   "
		}
		fmt.Printf("%s%s%s %s %.1f ms %d\n", indent, branch, s.Service, s.Name,
			float64(s.Took)/float64(time.Millisecond), s.Status)
		printTree(trace, s.SpanID, indent+more)
	}
}
