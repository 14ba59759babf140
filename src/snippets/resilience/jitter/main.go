// A service is down for 100ms, then serves at most 20 tries in any 10ms (the rest get a 503). At
// 0ms, 100 callers try and fail; each retries up to 5 times. Who gets through, and how many tries
// does the service turn away once it is back?
package main

import (
	"fmt"
	"math"
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

const (
	callers    = 100
	downUntil  = 100 // ms
	perWindow  = 20  // tries served per 10ms
	maxRetries = 5
)

// backoff is how long to wait before retry number n (1-based), in ms.
type backoff func(n int) float64

var random = source(1)

var policies = []struct {
	name string
	wait backoff
}{
	{"at once", func(int) float64 { return 0 }},
	{"exponential", func(n int) float64 { return min(250, 25*math.Pow(2, float64(n-1))) }},
	// Full jitter: a random wait in [0, min(cap, base·2^(n-1))).
	{"full jitter", func(n int) float64 { return random() * min(250, 25*math.Pow(2, float64(n-1))) }},
}

func simulate(wait backoff) (gaveUp, turnedAway int, last float64) {
	next := make([]float64, callers)
	retries := make([]int, callers)
	served := map[int]int{}
	for {
		// The earliest try; a tie goes to the lower caller.
		c := 0
		for i := 1; i < callers; i++ {
			if next[i] < next[c] {
				c = i
			}
		}
		at := next[c]
		if math.IsInf(at, 1) {
			return
		}
		window := int(math.Floor(at / 10))
		if n := served[window]; at >= downUntil && n < perWindow {
			served[window] = n + 1
			last = max(last, at)
			next[c] = math.Inf(1)
			continue
		}
		if at >= downUntil {
			turnedAway++
		}
		if retries[c] == maxRetries {
			gaveUp++
			next[c] = math.Inf(1)
			continue
		}
		retries[c]++
		next[c] = at + wait(retries[c])
	}
}

func main() {
	fmt.Println("backoff       gave up   all through by   turned away")
	for _, p := range policies {
		gaveUp, turnedAway, last := simulate(p.wait)
		by := "-"
		if gaveUp == 0 {
			by = (time.Duration(math.Round(last)) * time.Millisecond).String()
		}
		fmt.Printf("%-12s%9d%17s%14d\n", p.name, gaveUp, by, turnedAway)
	}
}
