package main

import (
	"fmt"
	"sync"
)

// stages counts the running stages, only so that main can show
// that they all stop.
var stages sync.WaitGroup

func gen(done <-chan struct{}, nums ...int) <-chan int {
	out := make(chan int)
	stages.Go(func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-done:
				return
			}
		}
	})
	return out
}

func sq(done <-chan struct{}, in <-chan int) <-chan int {
	out := make(chan int)
	stages.Go(func() {
		defer close(out)
		for n := range in {
			select {
			case out <- n * n:
			case <-done:
				return
			}
		}
	})
	return out
}

func main() {
	done := make(chan struct{})
	out := sq(done, gen(done, 2, 3, 4))

	// The consumer wants one value, then quits.
	fmt.Println("first:", <-out)
	close(done) // every receive from done now succeeds at once

	stages.Wait()
	fmt.Println("all stages stopped")
}
