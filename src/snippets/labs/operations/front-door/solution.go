// The Go twin of the front-door lab's solution: a token bucket and a
// bounded queue in front of a handler, as net/http middleware with
// golang.org/x/time/rate, and the lab's burst sent through it.
package main

import (
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limit lets at most queue requests wait for their token; the rest
// are turned away with 429 and an honest Retry-After.
func limit(r rate.Limit, b, queue int, next http.Handler) http.Handler {
	lim := rate.NewLimiter(r, b)
	// The requests waiting hold reserved tokens one token apart, so a
	// queue of `queue` is a wait of at most queue / r.
	maxWait := time.Duration(float64(queue) / float64(r) * float64(time.Second))
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		token := lim.Reserve()
		wait := token.Delay()
		if wait > maxWait {
			token.Cancel() // it will not wait: give it back
			// There is room for it once its wait fits in the queue.
			secs := int(math.Ceil((wait - maxWait).Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			http.Error(w, "rate limit exceeded", http.StatusTooManyRequests)
			return
		}
		time.Sleep(wait)
		next.ServeHTTP(w, req)
	})
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

type answer struct {
	at, answered time.Duration
	status       int
	retryAfter   string
}

func main() {
	start := time.Now()
	var (
		mu      sync.Mutex // guards served and answers
		served  []time.Duration
		answers []answer
	)
	api := limit(10, 5, 10, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, time.Since(start))
		mu.Unlock()
		fmt.Fprintln(w, "ok")
	}))

	// The burst: 20 requests at once, then 40 more within
	// the next 2 seconds, twice what api is given.
	random := source(7)
	var arrivals []time.Duration
	for i := range 60 {
		at := time.Duration(0)
		if i >= 20 {
			at = time.Duration(random()*2000) * time.Millisecond
		}
		arrivals = append(arrivals, at)
	}
	slices.Sort(arrivals)
	var wg sync.WaitGroup
	for _, at := range arrivals {
		time.Sleep(at - time.Since(start))
		wg.Go(func() {
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
			mu.Lock()
			answers = append(answers, answer{at, time.Since(start), rec.Code, rec.Header().Get("Retry-After")})
			mu.Unlock()
		})
	}
	wg.Wait()

	// Counted by the millisecond, every 200ms, until the
	// last answer.
	upTo := func(times []time.Duration, t time.Duration) int {
		n := 0
		for _, x := range times {
			if x.Round(time.Millisecond) <= t {
				n++
			}
		}
		return n
	}
	var turnedAway, waits []time.Duration
	var last time.Duration
	hints := map[string]bool{}
	for _, a := range answers {
		last = max(last, a.answered)
		switch a.status {
		case http.StatusTooManyRequests:
			turnedAway = append(turnedAway, a.answered)
			hints["Retry-After "+a.retryAfter] = true
		case http.StatusOK:
			waits = append(waits, (a.answered - a.at).Round(time.Millisecond))
		}
	}
	fmt.Println("10 requests/s, burst 5, queue 10")
	fmt.Println(" time  arrived  admitted  waiting  turned away")
	for t := time.Duration(0); t < last+200*time.Millisecond; t += 200 * time.Millisecond {
		arrived, admitted, away := upTo(arrivals, t), upTo(served, t), upTo(turnedAway, t)
		fmt.Printf("%5v %8d %9d %8d %12d\n", t, arrived, admitted, arrived-admitted-away, away)
	}
	summary := fmt.Sprintf("%d requests: %d admitted, %d turned away", len(answers), len(waits), len(turnedAway))
	if len(hints) > 0 {
		list := slices.Sorted(func(yield func(string) bool) {
			for h := range hints {
				if !yield(h) {
					return
				}
			}
		})
		summary += " (429, " + strings.Join(list, ", ") + ")"
	}
	fmt.Printf("%s, the longest wait %v\n", summary, slices.Max(waits))
}
