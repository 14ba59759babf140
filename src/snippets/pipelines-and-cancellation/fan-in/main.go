package main

import (
	"fmt"
	"slices"
	"sync"
)

// gen sends nums on the channel it returns, then closes it.
func gen(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		for _, n := range nums {
			out <- n
		}
		close(out)
	}()
	return out
}

// sq squares what it receives until in is closed, then closes out.
func sq(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		for n := range in {
			out <- n * n
		}
		close(out)
	}()
	return out
}

// merge sends everything from cs on one channel, and closes it
// once every c is closed and forwarded.
func merge(cs ...<-chan int) <-chan int {
	var wg sync.WaitGroup
	out := make(chan int)
	wg.Add(len(cs))
	for _, c := range cs {
		go func() {
			for n := range c {
				out <- n
			}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	in := gen(1, 2, 3, 4, 5)
	// Fan out: two sq stages read from the same channel.
	c1 := sq(in)
	c2 := sq(in)
	// Fan in: one channel for both.
	var got []int
	for n := range merge(c1, c2) {
		got = append(got, n)
	}
	fmt.Println("received", len(got), "squares")
	slices.Sort(got) // they arrive in any order
	fmt.Println(got)
}
