// Command trace sends one checkout through shop → orders →
// (inventory, payments) and reads its trace: which span is
// whose parent, and where the time went.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"time"
)

// Park and Miller's minimal standard: the same seed
// draws the same span ids in Go and in TypeScript.
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

var random = source(1)

func spanID() string { // 8 random bytes, in hex
	return fmt.Sprintf("%08x%08x",
		uint32(random()*(1<<32)), uint32(random()*(1<<32)))
}

// traceparent: version-traceid-parentid-flags (W3C).
var traceparent = regexp.MustCompile(
	`^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$`)

type Span struct {
	TraceID, SpanID, ParentID, Service, Name string
	Start                                    time.Time
	Took                                     time.Duration
	Status                                   int
}

type spanKey struct{}

var spans []Span // the collector (Jaeger's role)

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// tracing continues the caller's trace from traceparent,
// opens a span and puts it in the request's context, which
// is where Go code carries it on (otelhttp.NewHandler's job).
func tracing(service string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		span := Span{SpanID: spanID(), Service: service,
			Name: r.Method + " " + r.URL.Path, Start: time.Now()}
		if m := traceparent.FindStringSubmatch(r.Header.Get("traceparent")); m != nil {
			span.TraceID, span.ParentID = m[1], m[2]
		}
		sw := &statusWriter{w, http.StatusOK}
		next.ServeHTTP(sw, r.WithContext(
			context.WithValue(r.Context(), spanKey{}, span)))
		span.Took, span.Status = time.Since(span.Start), sw.status
		spans = append(spans, span)
	})
}

// propagating sends the span in a request's context on as
// traceparent (otelhttp.NewTransport's job): the handler's
// part is to make its calls with r.Context().
type propagating struct{ next http.RoundTripper }

func (p propagating) RoundTrip(r *http.Request) (*http.Response, error) {
	if span, ok := r.Context().Value(spanKey{}).(Span); ok {
		r = r.Clone(r.Context())
		r.Header.Set("traceparent", "00-"+span.TraceID+"-"+span.SpanID+"-01")
	}
	return p.next.RoundTrip(r)
}

// memory delivers a request to a service's handler in this
// process (gomesh's memory transport): no sockets, so
// synctest's fake clock runs the whole system.
type memory map[string]http.Handler

func (m memory) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	m[r.URL.Host].ServeHTTP(rec, r)
	return rec.Result(), nil
}

var services = memory{}
var client = &http.Client{Transport: propagating{services}}

func post(ctx context.Context, url string) int {
	req, _ := http.NewRequestWithContext(ctx, "POST", url, nil)
	res, err := client.Do(req)
	if err != nil {
		return 502
	}
	res.Body.Close()
	return res.StatusCode
}

func worker(took time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(took)
		w.WriteHeader(201)
	}
}

func main() {
	services["inventory"] = tracing("inventory", worker(12*time.Millisecond))
	services["payments"] = tracing("payments", worker(40*time.Millisecond))
	services["orders"] = tracing("orders", http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(5 * time.Millisecond)
			// Both calls carry this span on: r.Context().
			post(r.Context(), "http://inventory/reservations")
			post(r.Context(), "http://payments/charges")
			w.WriteHeader(201)
		}))
	services["shop"] = tracing("shop", http.HandlerFunc(
		func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(2 * time.Millisecond)
			w.WriteHeader(post(r.Context(), "http://orders/orders"))
		}))

	// The client starts the trace (the W3C spec's example).
	traceID := "4bf92f3577b34da6a3ce929d0e0e4736"
	req, _ := http.NewRequest("POST", "http://shop/checkout/7", nil)
	req.Header.Set("traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	services.RoundTrip(req)

	fmt.Println("service    span id           parent id")
	slices.SortFunc(spans, func(a, b Span) int { return a.Start.Compare(b.Start) })
	for _, s := range spans {
		fmt.Printf("%-10s %s  %s\n", s.Service, s.SpanID, s.ParentID)
	}
	fmt.Println("trace", traceID)
	printTree("", "")
}

// printTree prints the spans under parent in start order, as
// gomesh's TraceCollector.tree does; "" stands for the spans
// whose parent is not in the trace (here the client's).
func printTree(parent, indent string) {
	var children []Span
	for _, s := range spans {
		if s.ParentID == parent || parent == "" && !slices.ContainsFunc(spans,
			func(p Span) bool { return p.SpanID == s.ParentID }) {
			children = append(children, s)
		}
	}
	for i, s := range children {
		branch, more := "├─ ", "│  "
		if i == len(children)-1 {
			branch, more = "└─ ", "   "
		}
		fmt.Printf("%s%s%s %s %.1f ms %d\n", indent, branch, s.Service, s.Name,
			float64(s.Took)/float64(time.Millisecond), s.Status)
		printTree(s.SpanID, indent+more)
	}
}
