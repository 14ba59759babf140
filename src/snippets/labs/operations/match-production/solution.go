// The operations/match-production lab in Go: catalog calls four replicas of pricing, the fourth
// hung, with production's Istio policy written by hand — a 0.5s route timeout, 3 retries with a
// per-try timeout of 50ms on a replica not tried yet, a full-jitter back-off of 10ms capped at 100ms
// (Envoy's 10 × base) and no retry budget (Istio has none), least-request balancing (two random
// choices, the one with fewer requests in flight) and outlier detection (3 failures in a row, 60s,
// at most 25% of the replicas) — what the solution configures in gomesh's sidecar. Real net/http
// over an in-memory network (net.Pipe), so it runs on synctest's fake clock and prints what the
// TypeScript solution prints.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// How catalog calls pricing: production's VirtualService and DestinationRule.
const (
	timeout            = 500 * time.Millisecond // timeout: 0.5s
	maxRetries         = 3                      // retries.attempts: 3
	perTry             = 50 * time.Millisecond  // retries.perTryTimeout: 0.05s
	baseMs             = 10                     // retries.backoff: 0.01s
	capMs              = 10 * baseMs            // Envoy: 10 × backoff
	consecutive        = 3                      // outlierDetection.consecutive5xxErrors: 3
	ejectionMs         = 60_000                 // outlierDetection.baseEjectionTime: 60s
	maxEjectionPercent = 25                     // outlierDetection.maxEjectionPercent: 25
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

// ms turns milliseconds into a Duration, to the nanosecond.
func ms(x float64) time.Duration { return time.Duration(math.Round(x * 1e6)) }

var epoch = time.Now()

// now is the time in milliseconds, as the mesh's clock reads it.
func now() float64 { return float64(time.Since(epoch)) / 1e6 }

// ---- The layers. ----

// outliers is Envoy's outlier detection: a replica that fails 3 tries in a row is ejected for
// 60s times the number of its ejections, never more than a quarter of the replicas at once.
type outliers struct {
	hosts      map[string]*host
	ejected    []string
	nextExpiry float64
}

type host struct {
	consecutive, ejections int
	until                  float64
}

func (o *outliers) current() []string {
	if len(o.ejected) == 0 || now() < o.nextExpiry {
		return o.ejected
	}
	o.nextExpiry = math.Inf(1)
	var still []string
	for _, id := range o.ejected {
		if h := o.hosts[id]; h.until > now() {
			still = append(still, id)
			o.nextExpiry = min(o.nextExpiry, h.until)
		}
	}
	o.ejected = still
	return still
}

func (o *outliers) record(id string, failed bool) {
	h := o.hosts[id]
	if h == nil {
		h = &host{}
		o.hosts[id] = h
	}
	if !failed {
		h.consecutive = 0
		return
	}
	h.consecutive++
	if h.consecutive < consecutive {
		return
	}
	out := o.current()
	if slices.Contains(out, id) || len(out)+1 > len(o.hosts)*maxEjectionPercent/100 {
		return
	}
	h.consecutive = 0
	h.ejections++
	h.until = now() + min(300_000, ejectionMs*float64(h.ejections))
	o.ejected = append(slices.Clone(out), id)
	o.nextExpiry = min(o.nextExpiry, h.until)
}

// ---- catalog's sidecar: the caller, as an HTTP service. ----

type sidecar struct {
	replicas []string
	random   func() float64
	mu       sync.Mutex // guards everything below
	active   map[string]int
	outliers outliers
}

// pick is least request with two choices (Envoy's LEAST_REQUEST): two different replicas drawn at
// random, the one with fewer requests in flight, the first on a tie.
func (s *sidecar) pick(from []string) string {
	n := len(from)
	if n == 1 {
		return from[0]
	}
	i := min(n-1, int(math.Floor(s.random()*float64(n))))
	j := min(n-2, int(math.Floor(s.random()*float64(n-1))))
	if j >= i {
		j++
	}
	if s.active[from[j]] < s.active[from[i]] {
		return from[j]
	}
	return from[i]
}

func (s *sidecar) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	status := s.withRetries(ctx)
	if ctx.Err() != nil {
		status = http.StatusGatewayTimeout
	}
	w.WriteHeader(status)
}

// withRetries tries again after a 5xx, up to maxRetries times, on a replica not tried yet; each
// retry waits a full-jitter backoff. No budget: Envoy under Istio retries every failed call.
func (s *sidecar) withRetries(ctx context.Context) int {
	status, replica := s.try(ctx, nil)
	tried := map[string]bool{}
	for n := 1; n <= maxRetries && status >= 500; n++ {
		tried[replica] = true
		if ctx.Err() != nil {
			break
		}
		s.mu.Lock()
		pause := ms(s.random() * min(capMs, baseMs*math.Pow(2, float64(n-1))))
		deadline, hasDeadline := ctx.Deadline()
		if hasDeadline && !time.Now().Add(pause).Before(deadline) {
			s.mu.Unlock()
			break
		}
		s.mu.Unlock()
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return http.StatusGatewayTimeout
		}
		status, replica = s.try(ctx, tried)
	}
	return status
}

// try sends one try, with its own deadline: to a replica not ejected and, when one is left, not
// in avoid; outlier detection learns how it went.
func (s *sidecar) try(ctx context.Context, avoid map[string]bool) (int, string) {
	ctx, cancel := context.WithTimeout(ctx, perTry)
	defer cancel()
	s.mu.Lock()
	out := s.outliers.current()
	var healthy, fresh []string
	for _, r := range s.replicas {
		if !slices.Contains(out, r) {
			healthy = append(healthy, r)
			if !avoid[r] {
				fresh = append(fresh, r)
			}
		}
	}
	if len(fresh) == 0 {
		fresh = healthy
	}
	replica := s.pick(fresh)
	s.active[replica]++
	s.mu.Unlock()

	status := get(ctx, replica)
	s.mu.Lock()
	s.active[replica]--
	s.outliers.record(replica, status >= 500)
	s.mu.Unlock()
	return status, replica
}

// get calls a replica and sends what is left of ctx's deadline in x-mesh-deadline-ms. No answer
// is a 504 when the deadline passed, else a 503, as a mesh answers for a replica.
func get(ctx context.Context, replica string) int {
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+replica+"/price/tea-42", nil)
	if deadline, ok := ctx.Deadline(); ok {
		left := math.Ceil(float64(time.Until(deadline)) / 1e6)
		req.Header.Set("x-mesh-deadline-ms", strconv.Itoa(max(1, int(left))))
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return http.StatusGatewayTimeout
		}
		return http.StatusServiceUnavailable
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// ---- The bench: what the lab's given part does. ----

var (
	tries        [4]atomic.Int64
	deployBroken atomic.Bool
)

// A healthy replica answers in 5ms; the hung one answers 503 only 1ms past its caller's deadline,
// when the caller has given up. After a bad deploy, every replica answers 503 at once.
func replica(i int, hung bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tries[i].Add(1)
		if deployBroken.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if hung {
			left, err := strconv.Atoi(r.Header.Get("x-mesh-deadline-ms"))
			if err != nil {
				left = 30_000
			}
			// 1ms past the caller's deadline: it answers only once the caller has given up.
			ctx, cancel := context.WithTimeout(r.Context(), time.Duration(left+1)*time.Millisecond)
			defer cancel()
			<-ctx.Done()
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"sku":"tea-42","price":7.5}`)
	}
}

// load sends n requests to catalog, 5 to 15ms apart: how many got a 200, and the slowest answer.
func load(url string, n int, gap func() float64) (int, time.Duration) {
	var (
		mu      sync.Mutex
		ok      int
		slowest time.Duration
		wg      sync.WaitGroup
	)
	start, at := time.Now(), 0.0
	for range n {
		at += 5 + 10*gap()
		time.Sleep(time.Until(start.Add(ms(at))))
		wg.Go(func() {
			begin := time.Now()
			resp, err := client.Get(url + "/price/tea-42")
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok++
				}
			}
			slowest = max(slowest, time.Since(begin))
		})
	}
	wg.Wait()
	return ok, slowest
}

func sum() int64 {
	var n int64
	for i := range tries {
		n += tries[i].Load()
	}
	return n
}

func main() {
	replicas := []string{
		serve(replica(0, false)), serve(replica(1, false)), serve(replica(2, false)), serve(replica(3, true)),
	}
	s := &sidecar{
		replicas: replicas,
		random:   source(7),
		active:   map[string]int{},
		outliers: outliers{hosts: map[string]*host{}, nextExpiry: math.Inf(1)},
	}
	url := "http://" + serve(s)
	gap := source(1)

	fmt.Println("1000 requests, one replica of four hung")
	ok, slowest := load(url, 1000, gap)
	fmt.Printf("  succeeded  %d of 1000, slowest %v\n", ok, slowest.Round(time.Millisecond))
	fmt.Printf("  tries      %d | %d | %d | %d (the last one hung)\n",
		tries[0].Load(), tries[1].Load(), tries[2].Load(), tries[3].Load())

	time.Sleep(5 * time.Second)
	fmt.Println("5s later, a bad deploy: 200 requests, every replica failing")
	for i := range tries {
		tries[i].Store(0)
	}
	deployBroken.Store(true)
	load(url, 200, gap)
	fmt.Printf("  tries      %d for 200 requests (%.2f per request)\n", sum(), float64(sum())/200)
}

// ---- An in-memory network: each connection is a net.Pipe. ----

type listener struct {
	addr  string
	conns chan net.Conn
}

func (l *listener) Accept() (net.Conn, error) { return <-l.conns, nil }
func (l *listener) Close() error              { return nil }
func (l *listener) Addr() net.Addr            { return addr(l.addr) }

type addr string

func (a addr) Network() string { return "pipe" }
func (a addr) String() string  { return string(a) }

var (
	netMu     sync.Mutex
	listening = map[string]*listener{}
)

// serve starts a server on a new address of the in-memory network and returns it (host:port).
func serve(h http.Handler) string {
	netMu.Lock()
	defer netMu.Unlock()
	l := &listener{addr: fmt.Sprintf("10.0.0.1:%d", 8080+len(listening)), conns: make(chan net.Conn)}
	listening[l.addr] = l
	go http.Serve(l, h)
	return l.addr
}

var client = &http.Client{Transport: &http.Transport{
	DialContext: func(ctx context.Context, _, address string) (net.Conn, error) {
		netMu.Lock()
		l := listening[address]
		netMu.Unlock()
		if l == nil {
			return nil, errors.New("connection refused")
		}
		c, s := net.Pipe()
		select {
		case l.conns <- s:
			return c, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	},
}}
