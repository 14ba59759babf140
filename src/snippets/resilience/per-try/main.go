// Two replicas of inventory: the first hangs until 1ms past its caller's deadline, when the caller
// has given up; the second answers in 5ms. shop calls them with a 1s timeout and 2 retries, first
// without a per-try timeout, then with one. Real net/http over an in-memory network (net.Pipe), so
// it runs on synctest's fake clock.
package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

const (
	maxRetries = 2
	baseDelay  = 25 * time.Millisecond
	maxDelay   = 250 * time.Millisecond
)

// call gets /stock/42 from the replicas in turn. The whole call has one deadline; each try has
// its own if perTry > 0. A failed try is retried after a full-jitter backoff, if the call's
// deadline leaves time for it.
func call(replicas []string, perTry time.Duration, random func() float64) int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	status := 0
	for attempt := 0; attempt <= maxRetries; attempt++ {
		if attempt > 0 {
			pause := backoff(attempt, random)
			if deadline, _ := ctx.Deadline(); time.Until(deadline) <= pause {
				break
			}
			time.Sleep(pause)
		}
		status = try(ctx, replicas[attempt%len(replicas)], perTry)
		if status < 500 || ctx.Err() != nil {
			break
		}
	}
	if ctx.Err() != nil {
		return http.StatusGatewayTimeout
	}
	return status
}

// backoff is "full jitter": a random wait in [0, min(maxDelay, baseDelay·2^(attempt-1))).
func backoff(attempt int, random func() float64) time.Duration {
	ceiling := min(maxDelay, baseDelay<<(attempt-1))
	return time.Duration(random() * float64(ceiling))
}

// try is one request, cut off at the try's own deadline, which it sends along.
func try(ctx context.Context, replica string, perTry time.Duration) int {
	if perTry > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, perTry)
		defer cancel()
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", replica+"/stock/42", nil)
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

var tries int

func hung(w http.ResponseWriter, r *http.Request) {
	tries++
	ms, _ := strconv.Atoi(r.Header.Get("x-mesh-deadline-ms"))
	ctx, cancel := context.WithTimeout(r.Context(), time.Duration(ms+1)*time.Millisecond)
	defer cancel()
	<-ctx.Done()
	w.WriteHeader(http.StatusServiceUnavailable)
}

func healthy(w http.ResponseWriter, r *http.Request) {
	tries++
	time.Sleep(5 * time.Millisecond)
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"item":42,"stock":7}`)
}

func main() {
	replicas := []string{serve(hung), serve(healthy)}
	for _, c := range []struct {
		name   string
		perTry time.Duration
	}{
		{"no per-try timeout", 0},
		{"per-try timeout 100ms", 100 * time.Millisecond},
	} {
		tries = 0
		start := time.Now()
		status := call(replicas, c.perTry, source(1))
		took := time.Since(start).Round(time.Millisecond)
		fmt.Printf("%s: %d after %v, tries: %d\n", c.name, status, took, tries)
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
