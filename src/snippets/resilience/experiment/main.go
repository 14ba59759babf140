// The lab's bench, for seven callers: three replicas of inventory (the third hung), 1000 requests
// through shop, then, 30s later, a bad deploy: 1000 requests while every replica fails. Go has no
// mesh, so shop's handler does what gomesh's sidecar layers do, in the same order: an overall
// timeout, a circuit breaker, retries (full jitter, a per-try timeout, a retry budget, never the
// same replica twice), outlier ejection, round robin. Real net/http, over an in-memory network
// (net.Pipe), so the program runs on synctest's fake clock.
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

// caller is how shop calls inventory; a zero field leaves that layer out.
type caller struct {
	timeout    time.Duration
	maxRetries int
	perTry     time.Duration
	budget     bool // Linkerd's retry budget: 20% of requests + 10 a second
	ejection   bool // Envoy's consecutive_5xx: 5 failures in a row, out for 30s
	breaker    bool // Hystrix's: open after 5 failed calls in a row, for 10s
}

var callers = []struct {
	name string
	c    caller
}{
	{"timeout 1s", caller{timeout: time.Second}},
	{"+ 2 retries", caller{timeout: time.Second, maxRetries: 2}},
	{"+ per-try 100ms", caller{timeout: time.Second, maxRetries: 2, perTry: 100 * time.Millisecond}},
	{"+ retry budget", caller{timeout: time.Second, maxRetries: 2, perTry: 100 * time.Millisecond, budget: true}},
	{"+ ejection", caller{timeout: time.Second, maxRetries: 2, perTry: 100 * time.Millisecond, budget: true, ejection: true}},
	{"ejection alone", caller{timeout: time.Second, ejection: true}},
	{"breaker alone", caller{timeout: time.Second, breaker: true}},
}

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

// retryBudget is Linkerd's: every request deposits 0.2 of a retry, every retry withdraws one,
// both count for 10s (ten slots of 1s), and 10 retries a second are always allowed. Amounts are
// in thousandths of a retry.
type retryBudget struct {
	slots     [10]int64
	head      int
	headStart float64
	sum       int64
}

const (
	deposit = 200
	reserve = 10 * 10 * 1000
	oneTry  = 1000
	slotMs  = 1000
)

func (b *retryBudget) expire() {
	passed := int(math.Floor((now() - b.headStart) / slotMs))
	if passed <= 0 {
		return
	}
	for i := min(passed, len(b.slots)); i > 0; i-- {
		b.head = (b.head + 1) % len(b.slots)
		b.sum -= b.slots[b.head]
		b.slots[b.head] = 0
	}
	b.headStart += float64(passed) * slotMs
}

func (b *retryBudget) add(amount int64) {
	b.slots[b.head] += amount
	b.sum += amount
}

func (b *retryBudget) deposit() { b.expire(); b.add(deposit) }

func (b *retryBudget) withdraw() bool {
	b.expire()
	if reserve+b.sum < oneTry {
		return false
	}
	b.add(-oneTry)
	return true
}

// outliers is Envoy's outlier detection: a replica that fails 5 tries in a row is ejected for
// 30s times the number of its ejections, never more than half of the replicas at once.
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
	if h.consecutive < 5 {
		return
	}
	out := o.current()
	if slices.Contains(out, id) || len(out)+1 > len(o.hosts)*50/100 {
		return
	}
	h.consecutive = 0
	h.ejections++
	h.until = now() + min(300_000, 30_000*float64(h.ejections))
	o.ejected = append(slices.Clone(out), id)
	o.nextExpiry = min(o.nextExpiry, h.until)
}

// breaker is the classic circuit breaker: closed, open (fail fast) for 10s after 5 failed calls
// in a row, then half-open: one probe call decides.
type breaker struct {
	state            string
	failures, probes int
	openedAt         float64
}

func (b *breaker) allow() (ok, probe bool) {
	if b.state == "open" && now()-b.openedAt >= 10_000 {
		b.state, b.probes = "half-open", 0
	}
	if b.state == "open" || (b.state == "half-open" && b.probes >= 1) {
		return false, false
	}
	if b.state == "half-open" {
		b.probes++
		return true, true
	}
	return true, false
}

func (b *breaker) settle(failed, probe bool) {
	if probe {
		b.probes--
		if b.state != "half-open" {
			return
		}
		if failed {
			b.state, b.openedAt, b.failures = "open", now(), 0
		} else {
			b.state, b.failures = "closed", 0
		}
		return
	}
	if b.state != "closed" {
		return
	}
	if !failed {
		b.failures = 0
	} else if b.failures++; b.failures >= 5 {
		b.state, b.openedAt, b.failures = "open", now(), 0
	}
}

// ---- shop: the caller, as an HTTP service. ----

type shop struct {
	caller
	replicas []string
	random   func() float64
	mu       sync.Mutex // guards everything below
	next     int
	budget   *retryBudget
	outliers *outliers
	breaker  *breaker
}

func (s *shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	s.mu.Lock()
	ok, probe := true, false
	if s.breaker != nil {
		ok, probe = s.breaker.allow()
	}
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusServiceUnavailable) // the circuit is open
		return
	}
	status := s.withRetries(ctx)
	if s.breaker != nil {
		s.mu.Lock()
		s.breaker.settle(status >= 500, probe)
		s.mu.Unlock()
	}
	if ctx.Err() != nil {
		status = http.StatusGatewayTimeout
	}
	w.WriteHeader(status)
}

// withRetries tries again after a 5xx, up to maxRetries times, on a replica not tried yet; each
// retry waits a full-jitter backoff and needs a retry from the budget.
func (s *shop) withRetries(ctx context.Context) int {
	s.mu.Lock()
	if s.budget != nil {
		s.budget.deposit()
	}
	s.mu.Unlock()
	status, replica := s.try(ctx, nil)
	tried := map[string]bool{}
	for n := 1; n <= s.maxRetries && status >= 500; n++ {
		tried[replica] = true
		if ctx.Err() != nil {
			break
		}
		s.mu.Lock()
		pause := ms(s.random() * min(250, 25*math.Pow(2, float64(n-1))))
		deadline, hasDeadline := ctx.Deadline()
		if hasDeadline && !time.Now().Add(pause).Before(deadline) {
			s.mu.Unlock()
			break
		}
		if s.budget != nil && !s.budget.withdraw() {
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
func (s *shop) try(ctx context.Context, avoid map[string]bool) (int, string) {
	if s.perTry > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.perTry)
		defer cancel()
	}
	s.mu.Lock()
	var out []string
	if s.outliers != nil {
		out = s.outliers.current()
	}
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
	replica := fresh[s.next%len(fresh)]
	s.next++
	s.mu.Unlock()

	status := get(ctx, replica)
	if s.outliers != nil {
		s.mu.Lock()
		s.outliers.record(replica, status >= 500)
		s.mu.Unlock()
	}
	return status, replica
}

// get calls a replica and sends what is left of ctx's deadline in x-mesh-deadline-ms. No answer
// is a 504 when the deadline passed, else a 503, as a mesh answers for a replica.
func get(ctx context.Context, replica string) int {
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+replica+"/stock/42", nil)
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

// ---- The bench. ----

var (
	tries        atomic.Int64
	deployBroken atomic.Bool
)

// A healthy replica answers in 5ms; the hung one answers 503 only 1ms past its caller's deadline,
// when the caller has given up. After the bad deploy, all answer 503 at once.
func replica(hung bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tries.Add(1)
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
			<-ctx.Done() // a database connection that never comes
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		time.Sleep(5 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"item":42,"stock":7}`)
	}
}

// load sends n requests, 5 to 15ms apart: how many got a 200, and every latency.
func load(url string, n int, gap func() float64) (int, []time.Duration) {
	var (
		mu      sync.Mutex
		ok      int
		latency []time.Duration
		wg      sync.WaitGroup
	)
	start, at := time.Now(), 0.0
	for range n {
		at += 5 + 10*gap()
		time.Sleep(time.Until(start.Add(ms(at))))
		wg.Go(func() {
			begin := time.Now()
			resp, err := client.Get(url + "/stock/42")
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					ok++
				}
			}
			latency = append(latency, time.Since(begin))
		})
	}
	wg.Wait()
	return ok, latency
}

func pct(x float64) string {
	if x >= 0 {
		return fmt.Sprintf("+%.2f%%", 100*x)
	}
	return fmt.Sprintf("%.2f%%", 100*x)
}

func experiment(name string, c caller) {
	replicas := []string{serve(replica(false)), serve(replica(false)), serve(replica(true))}
	s := &shop{caller: c, replicas: replicas, random: source(7)}
	if c.budget {
		s.budget = &retryBudget{headStart: now()}
	}
	if c.ejection {
		s.outliers = &outliers{hosts: map[string]*host{}, nextExpiry: math.Inf(1)}
	}
	if c.breaker {
		s.breaker = &breaker{state: "closed"}
	}
	url := "http://" + serve(s)
	gap := source(1)
	tries.Store(0)
	deployBroken.Store(false)
	ok, latency := load(url, 1000, gap)
	extra := float64(tries.Load())/1000 - 1
	time.Sleep(30 * time.Second)
	tries.Store(0)
	deployBroken.Store(true)
	load(url, 1000, gap)
	storm := float64(tries.Load())/1000 - 1

	// The nearest-rank p99, to the millisecond.
	slices.Sort(latency)
	p99 := latency[int(math.Ceil(0.99*1000))-1].Round(time.Millisecond)
	fmt.Printf("%-16s%9s%12s%7s%13s\n", name, fmt.Sprintf("%.2f%%", 100*float64(ok)/1000), pct(extra), p99, pct(storm))
}

func main() {
	fmt.Println("caller            success  extra load    p99  all failing")
	for _, e := range callers {
		experiment(e.name, e.c)
	}
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
