package main

import (
	"fmt"
	"math"
)

// Park and Miller's minimal standard, as in the
// experiment below.
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

// Random: one replica, uniformly.
func random(r func() float64, load []int) int {
	return index(r, len(load))
}

// Two choices: two different replicas, the less
// loaded wins; a tie goes to the first.
func twoChoices(r func() float64, load []int) int {
	i := index(r, len(load))
	j := index(r, len(load)-1)
	if j >= i {
		j++
	}
	if load[j] < load[i] {
		return j
	}
	return i
}

const n = 1000

// n requests to n replicas, and none ends: how many
// does the busiest replica hold, and how many get
// none?
func fill(name string, pick func(func() float64, []int) int) {
	r := source(1)
	load := make([]int, n)
	for range n {
		load[pick(r, load)]++
	}
	busiest, idle := 0, 0
	for _, l := range load {
		busiest = max(busiest, l)
		if l == 0 {
			idle++
		}
	}
	fmt.Printf("%-13s busiest %d, idle %d\n", name, busiest, idle)
}

func main() {
	fill("random", random)
	fill("least-request", twoChoices)
}
