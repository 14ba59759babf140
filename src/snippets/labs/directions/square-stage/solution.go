package main

import "fmt"

// gen owns the channel it makes: only gen sends on
// it and closes it. Callers get a receive-only view.
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

// sq only receives from in (gen closes it) and
// owns out.
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

func main() {
	squares := sq(gen(1, 2, 3, 4))
	for v := range squares {
		fmt.Println(v)
	}
}
