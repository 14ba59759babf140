// Production's route to pricing, written by hand in Go: the VirtualService's timeout and retries,
// Envoy's back-off cap, no retry budget — what the sidecar does for a Go service that has none.
// Four replicas on a bad day: r1 hangs until its caller gives up, r2 and r3 answer 503 at once,
// r4 answers in 5ms. Real net/http over an in-memory network (net.Pipe), so it runs on synctest's
// fake clock.
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// What production's VirtualService and Envoy say.
const (
	timeout    = 500 * time.Millisecond // timeout: 0.5s
	maxRetries = 3                      // retries.attempts: 3
	perTry     = 50 * time.Millisecond  // retries.perTryTimeout: 0.05s
	baseDelay  = 10 * time.Millisecond  // retries.backoff: 0.01s
	maxDelay   = 10 * baseDelay         // Envoy: 10 × backoff
)

type try struct {
	replica int
	status  int
	took    time.Duration
}

// roundRobin picks the next replica in turn among those the call has not tried
// (retryIgnorePreviousHosts), or among all when it has tried every one.
type roundRobin struct{ next int }

func (rr *roundRobin) pick(n int, tried map[int]bool) int {
	var fresh []int
	for i := range n {
		if !tried[i] {
			fresh = append(fresh, i)
		}
	}
	if len(fresh) == 0 {
		for i := range n {
			fresh = append(fresh, i)
		}
	}
	i := fresh[rr.next%len(fresh)]
	rr.next++
	return i
}

// call gets /price: one deadline for the call, one per try, a retry after a 5xx on a replica not
// tried yet, after a full-jitter back-off, while the call's deadline leaves time for it.
func call(replicas []string, rr *roundRobin, random func() float64) (int, []try) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var tries []try
	tried := map[int]bool{}
	for attempt := 0; attempt <= maxRetries; attempt++ {
		if attempt > 0 {
			pause := time.Duration(random() * float64(min(maxDelay, baseDelay<<(attempt-1))))
			if deadline, _ := ctx.Deadline(); time.Until(deadline) <= pause {
				break
			}
			time.Sleep(pause)
		}
		i := rr.pick(len(replicas), tried)
		tried[i] = true
		start := time.Now()
		status := get(ctx, replicas[i])
		tries = append(tries, try{i, status, time.Since(start)})
		if status < 500 || ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() != nil {
		return http.StatusGatewayTimeout, tries
	}
	return tries[len(tries)-1].status, tries
}

// get is one try, cut off at its own deadline, which it sends along.
func get(ctx context.Context, replica string) int {
	ctx, cancel := context.WithTimeout(ctx, perTry)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", replica+"/price", nil)
	deadline, _ := ctx.Deadline()
	req.Header.Set("x-mesh-deadline-ms", strconv.FormatInt(time.Until(deadline).Milliseconds(), 10))
	resp, err := client.Do(req)
	if err != nil {
		return http.StatusGatewayTimeout // the try's deadline passed
	}
	defer resp.Body.Close()
	return resp.StatusCode
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

func healthy(w http.ResponseWriter, r *http.Request) {
	time.Sleep(5 * time.Millisecond)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"price":7.5}`)
}

func hung(w http.ResponseWriter, r *http.Request) {
	ms, _ := strconv.Atoi(r.Header.Get("x-mesh-deadline-ms"))
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(ms+1)*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	w.WriteHeader(http.StatusServiceUnavailable)
}

func failing(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusServiceUnavailable)
}

func main() {
	replicas := []string{serve(hung), serve(failing), serve(failing), serve(healthy)}
	rr := &roundRobin{}
	random := source(1)
	for n := 1; n <= 4; n++ {
		start := time.Now()
		status, tries := call(replicas, rr, random)
		took := time.Since(start).Round(time.Millisecond)
		each := make([]string, len(tries))
		for i, t := range tries {
			each[i] = fmt.Sprintf("r%d %d (%dms)", t.replica+1, t.status, t.took.Round(time.Millisecond).Milliseconds())
		}
		fmt.Printf("call %d: %d after %dms: %s\n", n, status, took.Milliseconds(), strings.Join(each, ", "))
	}
}

// ---- An in-memory network: each connection is a net.Pipe. ----

type listener chan net.Conn

func (l listener) Accept() (net.Conn, error) { return <-l, nil }
func (l listener) Close() error              { return nil }
func (l listener) Addr() net.Addr            { return &net.TCPAddr{} }

var listening = map[string]listener{}

// serve starts h on a new address of the in-memory network and returns its URL.
func serve(h http.HandlerFunc) string {
	addr := fmt.Sprintf("10.0.0.1:%d", 8080+len(listening))
	l := make(listener)
	listening[addr] = l
	go http.Serve(l, h)
	return "http://" + addr
}

var client = &http.Client{Transport: &http.Transport{
	DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
		c, s := net.Pipe()
		select {
		case listening[addr] <- s:
			return c, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	},
}}
