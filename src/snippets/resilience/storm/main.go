// A client calls gateway, gateway calls orders, orders calls inventory, and inventory is down: it
// answers every request with a 503. 500 requests, 10ms apart. How many tries reach each service
// when nobody retries, when the client does, when every hop does? Real net/http over an in-memory
// network (net.Pipe), so it runs on synctest's fake clock.
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
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

const requests = 500

var epoch = time.Now()

// now is the time in milliseconds, as the mesh's clock reads it.
func now() float64 { return float64(time.Since(epoch)) / 1e6 }

// retryBudget is Linkerd's: every request deposits 0.2 of a retry, every retry withdraws one,
// both count for 10s (ten slots of 1s), and 10 retries a second are always allowed. Amounts are
// in thousandths of a retry.
type retryBudget struct {
	slots     [10]int64
	head      int
	headStart float64
	sum       int64
}

func (b *retryBudget) expire() {
	passed := int(math.Floor((now() - b.headStart) / 1000))
	if passed <= 0 {
		return
	}
	for i := min(passed, len(b.slots)); i > 0; i-- {
		b.head = (b.head + 1) % len(b.slots)
		b.sum -= b.slots[b.head]
		b.slots[b.head] = 0
	}
	b.headStart += float64(passed) * 1000
}

func (b *retryBudget) add(amount int64) {
	b.slots[b.head] += amount
	b.sum += amount
}

// client gets a URL; with retries, it tries again after a 5xx up to twice, after a full-jitter
// backoff, while the budget (if any) has a retry.
type client struct {
	retries bool
	mu      sync.Mutex // guards budget and random
	budget  *retryBudget
	random  func() float64
}

func newClient(retries, budget bool, seed int64) *client {
	c := &client{retries: retries, random: source(seed)}
	if budget {
		c.budget = &retryBudget{headStart: now()}
	}
	return c
}

func (c *client) get(url string) int {
	if c.retries && c.budget != nil {
		c.mu.Lock()
		c.budget.expire()
		c.budget.add(200)
		c.mu.Unlock()
	}
	status := get(url)
	for n := 1; c.retries && n <= 2 && status >= 500; n++ {
		c.mu.Lock()
		pause := c.random() * min(250, 25*math.Pow(2, float64(n-1)))
		allowed := true
		if c.budget != nil {
			c.budget.expire()
			if allowed = 10*10*1000+c.budget.sum >= 1000; allowed {
				c.budget.add(-1000)
			}
		}
		c.mu.Unlock()
		if !allowed {
			break
		}
		time.Sleep(time.Duration(pause * float64(time.Millisecond)))
		status = get(url)
	}
	return status
}

func get(url string) int {
	resp, err := httpClient.Get(url + "/stock/42")
	if err != nil {
		return http.StatusServiceUnavailable
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// hop counts its tries and answers with what its callee answered.
func hop(tries *atomic.Int64, next string, c *client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tries.Add(1)
		w.WriteHeader(c.get(next))
	}
}

func storm(name string, clientRetries, hopsRetry, budget bool) {
	var gateway, orders, inventory atomic.Int64
	down := serve(func(w http.ResponseWriter, r *http.Request) {
		inventory.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	ordersURL := serve(hop(&orders, down, newClient(hopsRetry, budget, 3)))
	gatewayURL := serve(hop(&gateway, ordersURL, newClient(hopsRetry, budget, 2)))
	c := newClient(clientRetries, budget, 1)

	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() { c.get(gatewayURL) })
		time.Sleep(10 * time.Millisecond)
	}
	wg.Wait()
	x := float64(inventory.Load()) / requests
	fmt.Printf("%-22s%8d%8d%11d%13s\n", name, gateway.Load(), orders.Load(), inventory.Load(), fmt.Sprintf("%.1fx", x))
}

func main() {
	fmt.Println("who retries            gateway  orders  inventory  per request")
	storm("nobody", false, false, false)
	storm("the client", true, false, false)
	storm("every hop", true, true, false)
	storm("every hop, budgets", true, true, true)
}

// ---- An in-memory network: each connection is a net.Pipe. ----

type listener chan net.Conn

func (l listener) Accept() (net.Conn, error) { return <-l, nil }
func (l listener) Close() error              { return nil }
func (l listener) Addr() net.Addr            { return &net.TCPAddr{} }

var (
	netMu     sync.Mutex
	listening = map[string]listener{}
)

// serve starts h on a new address of the in-memory network and returns its URL.
func serve(h http.HandlerFunc) string {
	netMu.Lock()
	defer netMu.Unlock()
	addr := fmt.Sprintf("10.0.0.1:%d", 8080+len(listening))
	l := make(listener)
	listening[addr] = l
	go http.Serve(l, h)
	return "http://" + addr
}

var httpClient = &http.Client{Transport: &http.Transport{
	DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
		netMu.Lock()
		l := listening[addr]
		netMu.Unlock()
		c, s := net.Pipe()
		select {
		case l <- s:
			return c, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	},
}}
