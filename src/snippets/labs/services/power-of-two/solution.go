package main

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// PowerOfTwo: draw two different replicas at random and
// send to the one with fewer requests in flight; a tie
// goes to the first.
type PowerOfTwo struct {
	random   func() float64
	inFlight map[string]int
}

func NewPowerOfTwo(random func() float64) *PowerOfTwo {
	return &PowerOfTwo{random: random, inFlight: map[string]int{}}
}

func (b *PowerOfTwo) Name() string { return "power-of-two" }

func (b *PowerOfTwo) Pick(replicas []string) (string, error) {
	n := len(replicas)
	if n == 0 {
		return "", errors.New("no replicas")
	}
	if n == 1 {
		return replicas[0], nil
	}
	i := int(math.Floor(b.random() * float64(n)))
	j := int(math.Floor(b.random() * float64(n-1)))
	if j >= i {
		j++
	}
	first, second := replicas[i], replicas[j]
	if b.inFlight[second] < b.inFlight[first] {
		return second, nil
	}
	return first, nil
}

func (b *PowerOfTwo) OnStart(r string) { b.inFlight[r]++ }
func (b *PowerOfTwo) OnEnd(r string)   { b.inFlight[r]-- }

type RoundRobin struct{ next int }

func (b *RoundRobin) Name() string { return "round-robin" }
func (b *RoundRobin) Pick(rs []string) (string, error) {
	r := rs[b.next%len(rs)]
	b.next++
	return r, nil
}
func (b *RoundRobin) OnStart(string) {}
func (b *RoundRobin) OnEnd(string)   {}

type Balancer interface {
	Name() string
	Pick(replicas []string) (string, error)
	OnStart(r string)
	OnEnd(r string)
}

// Park and Miller's minimal standard, in [0, 1).
func source(seed int64) func() float64 {
	state := seed
	return func() float64 {
		state = state * 48271 % 2147483647
		return float64(state-1) / 2147483646
	}
}

// A random source that returns the given draws, then
// panics: the table says which draws a pick gets.
func scripted(draws []float64) func() float64 {
	next := 0
	return func() float64 {
		if next == len(draws) {
			panic(fmt.Sprintf("drew more than the %d numbers given", len(draws)))
		}
		next++
		return draws[next-1]
	}
}

func replicas(n int) []string {
	rs := make([]string, n)
	for i := range rs {
		rs[i] = fmt.Sprintf("10.0.0.%d:8080", i+1)
	}
	return rs
}

var cases = []struct {
	started, ended []int
	draws          []float64
}{
	{[]int{3, 1, 0, 2}, []int{0, 0, 0, 0}, []float64{0.1, 0.6}},
	{[]int{0, 1, 2, 3}, []int{0, 0, 0, 0}, []float64{0.1, 0.6}},
	{[]int{1, 1, 1, 1}, []int{0, 0, 0, 0}, []float64{0.8, 0.2}},
	{[]int{0, 0, 3, 5}, []int{0, 0, 0, 0}, []float64{0.6, 0.6}},
	{[]int{4, 1, 0, 0}, []int{4, 0, 0, 0}, []float64{0.3, 0.1}},
	{[]int{0, 1}, []int{0, 0}, []float64{0.9, 0.9}},
	{[]int{2}, []int{0}, []float64{0.5}},
	{[]int{}, []int{}, []float64{}},
}

func join[T any](xs []T) string {
	s := fmt.Sprint(xs)
	return s[1 : len(s)-1]
}

func table() {
	for n, c := range cases {
		rs := replicas(len(c.started))
		b := NewPowerOfTwo(scripted(c.draws))
		for i, r := range rs {
			for range c.started[i] {
				b.OnStart(r)
			}
			for range c.ended[i] {
				b.OnEnd(r)
			}
		}
		got, err := b.Pick(rs)
		if err != nil {
			got = "error: " + err.Error()
		}
		fmt.Printf("case %d: started [%s], ended [%s], draws [%s] -> %s\n",
			n+1, join(c.started), join(c.ended), join(c.draws), got)
	}
}

// Ten replicas, the last ten times slower; each has one
// CPU: a request that finds k others there takes (k+1)
// service times, plus 1ms on the network. A request
// every 2ms, 1000 of them.
func experiment(b Balancer) {
	rs := replicas(10)
	var mu sync.Mutex // guards b and busy
	busy := map[string]int{}
	latency := make([]time.Duration, 1000)
	var wg sync.WaitGroup
	for i := range 1000 {
		mu.Lock()
		r, _ := b.Pick(rs)
		b.OnStart(r)
		k := busy[r]
		busy[r]++
		mu.Unlock()
		service := 10
		if r == rs[9] {
			service = 100
		}
		d := time.Duration(1+(k+1)*service) * time.Millisecond
		wg.Go(func() {
			time.Sleep(d)
			mu.Lock()
			busy[r]--
			b.OnEnd(r)
			mu.Unlock()
			latency[i] = d
		})
		time.Sleep(2 * time.Millisecond)
	}
	wg.Wait()
	slices.Sort(latency)
	fmt.Printf("%-13s p50 %v p99 %v\n", b.Name(), latency[499], latency[989])
}

func main() {
	table()
	experiment(&RoundRobin{})
	experiment(NewPowerOfTwo(source(1)))
}
