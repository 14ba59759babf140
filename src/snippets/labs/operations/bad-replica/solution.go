// The operations/bad-replica lab in Go: shop calls three replicas of inventory, the third hung,
// with an overall timeout of 1s, two retries with a per-try timeout of 100ms and full jitter, a
// retry budget and outlier ejection — what the solution configures in gomesh's sidecar, written by
// hand. Real net/http over an in-memory network (net.Pipe), so it runs on synctest's fake clock and
// prints what the TypeScript solution prints.
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

// How shop calls inventory: the solution's shopCalls.
const (
	timeout    = time.Second
	maxRetries = 2
	perTry     = 100 * time.Millisecond
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

// ---- shop: the caller, as an HTTP service. ----

type shop struct {
	replicas []string
	random   func() float64
	mu       sync.Mutex // guards everything below
	next     int
	budget   retryBudget
	outliers outliers
}

func (s *shop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	status := s.withRetries(ctx)
	if ctx.Err() != nil {
		status = http.StatusGatewayTimeout
	}
	w.WriteHeader(status)
}

// withRetries tries again after a 5xx, up to maxRetries times, on a replica not tried yet; each
// retry waits a full-jitter backoff and needs a retry from the budget.
func (s *shop) withRetries(ctx context.Context) int {
	s.mu.Lock()
	s.budget.deposit()
	s.mu.Unlock()
	status, replica := s.try(ctx, nil)
	tried := map[string]bool{}
	for n := 1; n <= maxRetries && status >= 500; n++ {
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
		if !s.budget.withdraw() {
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
	replica := fresh[s.next%len(fresh)]
	s.next++
	s.mu.Unlock()

	status := get(ctx, replica)
	s.mu.Lock()
	s.outliers.record(replica, status >= 500)
	s.mu.Unlock()
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

// ---- The bench: what the lab's given part does. ----

var (
	tries        [3]atomic.Int64
	deployBroken atomic.Bool
)

// A healthy replica answers in 5ms; the hung one waits for a database connection that never
// comes, and answers 503 only 1ms past its caller's deadline, when the caller has given up. After
// a bad deploy, every replica answers 503 at once.
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
		fmt.Fprint(w, `{"item":42,"stock":7}`)
	}
}

// load sends n requests to shop, 5 to 15ms apart: how many got a 200, and the slowest answer.
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
			slowest = max(slowest, time.Since(begin))
		})
	}
	wg.Wait()
	return ok, slowest
}

func pct(x float64) string {
	if x >= 0 {
		return fmt.Sprintf("+%.2f%%", 100*x)
	}
	return fmt.Sprintf("%.2f%%", 100*x)
}

func sum() int64 { return tries[0].Load() + tries[1].Load() + tries[2].Load() }

func line(what, value, goal string) { fmt.Printf("  %-10s %-26s goal: %s\n", what, value, goal) }

func main() {
	replicas := []string{serve(replica(0, false)), serve(replica(1, false)), serve(replica(2, true))}
	s := &shop{
		replicas: replicas,
		random:   source(7),
		budget:   retryBudget{headStart: now()},
		outliers: outliers{hosts: map[string]*host{}, nextExpiry: math.Inf(1)},
	}
	url := "http://" + serve(s)
	gap := source(1)

	fmt.Println("1000 requests, one replica of three hung")
	ok, slowest := load(url, 1000, gap)
	oneTries := sum()
	line("succeeded", fmt.Sprintf("%d of 1000 (%.2f%%)", ok, 100*float64(ok)/1000), "at least 99.90%")
	line("tries", fmt.Sprintf("%d (%s load)", oneTries, pct(float64(oneTries)/1000-1)), "at most +5.00%")
	line("slowest", slowest.Round(time.Millisecond).String(), "at most 1s")
	fmt.Printf("  replicas   %d tries | %d tries | %d tries (hung)\n", tries[0].Load(), tries[1].Load(), tries[2].Load())

	time.Sleep(30 * time.Second)
	fmt.Println("30s later, a bad deploy: 1000 requests, every replica failing")
	for i := range tries {
		tries[i].Store(0)
	}
	deployBroken.Store(true)
	load(url, 1000, gap)
	twoTries := sum()
	line("tries", fmt.Sprintf("%d (%s load)", twoTries, pct(float64(twoTries)/1000-1)), "at most +50.00%")
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
