// Command chaos runs a chaos schedule, written as data, against a
// model of the shop with none of the capstone's defences: round robin,
// no retries, no discovery, no rate limit. Load is open loop (a request
// every 1/rate seconds, answered or not) and every phase is judged
// against the SLOs on its own.
package main

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Faults is what is broken while a phase runs ("" for nothing).
type Faults struct {
	SlowCatalog     string // answers in 310ms
	FailingPayments string // fails every other charge
	CrashedCatalog  string // refuses connections
}

func (f Faults) String() string {
	var s []string
	if f.SlowCatalog != "" {
		s = append(s, f.SlowCatalog+" answers in 310ms")
	}
	if f.FailingPayments != "" {
		s = append(s, f.FailingPayments+" fails 1 in 2")
	}
	if f.CrashedCatalog != "" {
		s = append(s, f.CrashedCatalog+" crashed")
	}
	if len(s) == 0 {
		return "no faults"
	}
	return strings.Join(s, ", ")
}

type Phase struct {
	Name   string
	For    time.Duration
	Rate   int // orders per second at the gateway
	Faults Faults
}

const normalRate = 50 // orders per second

var schedule = []Phase{
	{"steady", 10 * time.Second, normalRate, Faults{}},
	{"slow catalog", 10 * time.Second, normalRate, Faults{SlowCatalog: "catalog-2"}},
	{"failing payments", 10 * time.Second, normalRate, Faults{FailingPayments: "payments-3"}},
	{"burst x10", 3 * time.Second, 10 * normalRate, Faults{}},
	{"recovery", 7 * time.Second, normalRate, Faults{}},
	{"crashed catalog", 10 * time.Second, normalRate, Faults{CrashedCatalog: "catalog-3"}},
}

// The SLOs, for the requests of each phase.
const (
	availabilitySLO = 0.999                  // of admitted orders
	p99SLO          = 250 * time.Millisecond // of admitted orders
	inFlightLimit   = 10                     // orders sheds beyond it
)

type result struct {
	phase   int
	shed    bool // refused by orders: too many in flight
	ok      bool
	latency time.Duration
}

// shop is the model: catalog and payments have 3 replicas each, taken
// in turn; catalog answers in 11ms and payments in 20ms. Arrivals
// fall on even milliseconds and every wake-up on another instant, so
// no two goroutines wake at the same time: Go would run them in either
// order, and the tallies would change from run to run.
type shop struct {
	mu              sync.Mutex
	faults          Faults
	inFlight        int
	catalog, charge int // round-robin counters
	failing         int // calls to the failing replica
	results         []result
}

func (s *shop) order(phase int) {
	s.mu.Lock()
	if s.inFlight >= inFlightLimit {
		s.results = append(s.results, result{phase, true, false, 0})
		s.mu.Unlock()
		return
	}
	s.inFlight++
	f := s.faults
	catalog := fmt.Sprintf("catalog-%d", s.catalog%3+1)
	s.catalog++
	s.mu.Unlock()

	start := time.Now()
	ok := catalog != f.CrashedCatalog // refused at once
	if ok {
		if catalog == f.SlowCatalog {
			time.Sleep(310 * time.Millisecond)
		} else {
			time.Sleep(11 * time.Millisecond)
		}
		s.mu.Lock()
		payments := fmt.Sprintf("payments-%d", s.charge%3+1)
		s.charge++
		if payments == f.FailingPayments {
			s.failing++
			ok = s.failing%2 == 0
		}
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
	s.results = append(s.results, result{phase, false, ok, time.Since(start)})
}

// p99 is the nearest-rank 99th percentile.
func p99(latencies []time.Duration) time.Duration {
	if len(latencies) == 0 {
		return 0
	}
	slices.Sort(latencies)
	return latencies[(99*len(latencies)+99)/100-1]
}

func main() {
	s := &shop{}
	var wg sync.WaitGroup
	var at time.Duration
	start := time.Now()
	for i, p := range schedule {
		s.mu.Lock()
		s.faults = p.Faults
		s.mu.Unlock()
		fmt.Printf("%3ds  %-16s %3d/s  %v\n", int(at.Seconds()), p.Name, p.Rate, p.Faults)
		every := time.Second / time.Duration(p.Rate)
		for n := 0; n < int(p.For/every); n++ {
			time.Sleep(time.Until(start.Add(at + time.Duration(n)*every)))
			wg.Go(func() { s.order(i) })
		}
		at += p.For
		time.Sleep(time.Until(start.Add(at)))
	}
	wg.Wait()

	fmt.Printf("\n%-16s %5s %5s %6s %8s %6s  %s\n",
		"phase", "sent", "shed", "failed", "avail", "p99", "SLOs broken")
	for i, p := range schedule {
		var sent, shed, failed int
		var latencies []time.Duration
		for _, r := range s.results {
			if r.phase != i {
				continue
			}
			sent++
			switch {
			case r.shed:
				shed++
				continue
			case !r.ok:
				failed++
			}
			latencies = append(latencies, r.latency)
		}
		avail := float64(sent-shed-failed) / float64(sent-shed)
		var broken []string
		if avail < availabilitySLO {
			broken = append(broken, "availability")
		}
		if p99(latencies) > p99SLO {
			broken = append(broken, "p99")
		}
		if shed > 0 && p.Rate <= normalRate {
			broken = append(broken, "shed at the normal rate")
		}
		if len(broken) == 0 {
			broken = append(broken, "-")
		}
		fmt.Printf("%-16s %5d %5d %6d %7.2f%% %6v  %s\n", p.Name, sent, shed,
			failed, 100*avail, p99(latencies), strings.Join(broken, ", "))
	}
}
