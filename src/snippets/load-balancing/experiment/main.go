package main

import (
	"fmt"
	"math"
	"slices"
	"sync"
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

func index(random func() float64, n int) int {
	return min(n-1, int(math.Floor(random()*float64(n))))
}

// A Balancer as gomesh's: pick, then report start and end.
type Balancer interface {
	Name() string
	Pick(replicas []string) string
	OnStart(r string)
	OnEnd(r string, latency time.Duration)
}

type RoundRobin struct{ next int }

func (b *RoundRobin) Name() string { return "round-robin" }
func (b *RoundRobin) Pick(rs []string) string {
	r := rs[b.next%len(rs)]
	b.next++
	return r
}
func (b *RoundRobin) OnStart(string)              {}
func (b *RoundRobin) OnEnd(string, time.Duration) {}

type Random struct{ random func() float64 }

func (b *Random) Name() string { return "random" }
func (b *Random) Pick(rs []string) string {
	return rs[index(b.random, len(rs))]
}
func (b *Random) OnStart(string)              {}
func (b *Random) OnEnd(string, time.Duration) {}

// pickTwo draws two distinct replicas and keeps the
// cheaper; a tie goes to the first.
func pickTwo(rs []string, random func() float64, cost func(string) float64) string {
	if len(rs) == 1 {
		return rs[0]
	}
	i := index(random, len(rs))
	j := index(random, len(rs)-1)
	if j >= i {
		j++
	}
	if cost(rs[j]) < cost(rs[i]) {
		return rs[j]
	}
	return rs[i]
}

// LeastRequest: two choices, fewer requests in flight.
type LeastRequest struct {
	random func() float64
	active map[string]int
}

func (b *LeastRequest) Name() string { return "least-request" }
func (b *LeastRequest) Pick(rs []string) string {
	return pickTwo(rs, b.random, func(r string) float64 {
		return float64(b.active[r])
	})
}
func (b *LeastRequest) OnStart(r string)                { b.active[r]++ }
func (b *LeastRequest) OnEnd(r string, _ time.Duration) { b.active[r]-- }

// PeakEwma: two choices, lower rtt * (in flight + 1).
type PeakEwma struct {
	random func() float64
	now    func() float64 // ms
	stats  map[string]*ewma
}

type ewma struct {
	rtt, stamp float64
	observed   bool
	pending    int
}

func (b *PeakEwma) get(r string) *ewma {
	s, ok := b.stats[r]
	if !ok {
		s = &ewma{rtt: 30, stamp: b.now()}
		b.stats[r] = s
	}
	return s
}

func (b *PeakEwma) Name() string { return "peak-ewma" }
func (b *PeakEwma) Pick(rs []string) string {
	return pickTwo(rs, b.random, func(r string) float64 {
		s := b.get(r)
		return s.rtt * float64(s.pending+1)
	})
}
func (b *PeakEwma) OnStart(r string) { b.get(r).pending++ }
func (b *PeakEwma) OnEnd(r string, d time.Duration) {
	s := b.get(r)
	s.pending--
	now := b.now()
	ms := float64(d) / float64(time.Millisecond)
	if !s.observed || ms > s.rtt {
		s.rtt, s.observed = ms, true
	} else {
		w := math.Exp(-(now - s.stamp) / 10000)
		s.rtt = s.rtt*w + ms*(1-w)
	}
	s.stamp = now
}

// Ten replicas; the last is ten times slower.
var replicas []string
var service = map[string]time.Duration{}

func init() {
	for i := 1; i <= 10; i++ {
		r := fmt.Sprintf("10.0.0.%d:8080", i)
		replicas = append(replicas, r)
		service[r] = 10 * time.Millisecond
		if i == 10 {
			service[r] = 100 * time.Millisecond
		}
	}
}

const requests = 1000
const every = 2 * time.Millisecond

// Each replica has one CPU: a request that finds k
// others there takes (k+1) service times, plus 1ms
// on the network.
func experiment(b Balancer) {
	var mu sync.Mutex // guards b and busy
	busy := map[string]int{}
	latency := make([]time.Duration, requests)
	slow := 0
	var wg sync.WaitGroup
	for i := range requests {
		mu.Lock()
		r := b.Pick(replicas)
		b.OnStart(r)
		k := busy[r]
		busy[r]++
		mu.Unlock()
		d := time.Millisecond + time.Duration(k+1)*service[r]
		if r == replicas[9] {
			slow++
		}
		wg.Go(func() {
			time.Sleep(d)
			mu.Lock()
			busy[r]--
			b.OnEnd(r, d)
			mu.Unlock()
			latency[i] = d
		})
		time.Sleep(every)
	}
	wg.Wait()
	slices.Sort(latency)
	// The nearest-rank percentile.
	p := func(q float64) string {
		return latency[int(math.Ceil(q/100*requests))-1].String()
	}
	fmt.Printf("%-14s", b.Name())
	for _, s := range []string{p(50), p(90), p(99), p(100), fmt.Sprint(slow)} {
		fmt.Printf("%8s", s)
	}
	fmt.Println()
}

func main() {
	start := time.Now()
	now := func() float64 {
		return float64(time.Since(start)) / float64(time.Millisecond)
	}
	fmt.Println("balancer           p50     p90     p99     max to slow")
	experiment(&RoundRobin{})
	experiment(&Random{random: source(1)})
	experiment(&LeastRequest{random: source(1), active: map[string]int{}})
	experiment(&PeakEwma{random: source(1), now: now, stats: map[string]*ewma{}})
}
