package main

import (
	"fmt"
	"sync"
	"time"
)

// source sends name1 .. name<n>, one every `every`, on the
// channel it returns, then closes it.
func source(name string, n int, every time.Duration) <-chan string {
	c := make(chan string)
	go func() {
		for i := 1; i <= n; i++ {
			time.Sleep(every)
			c <- fmt.Sprintf("%s%d", name, i)
		}
		close(c)
	}()
	return c
}

// merge passes on every value of every input as it arrives,
// and closes its output once all the inputs are closed.
func merge(inputs ...<-chan string) <-chan string {
	out := make(chan string)
	var wg sync.WaitGroup
	// One forwarder per input, so no input waits for another.
	for _, input := range inputs {
		wg.Go(func() {
			for v := range input {
				out <- v
			}
		})
	}
	// Only when every forwarder is done can nobody send on out
	// again: then, and only then, close it.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func main() {
	out := merge(
		source("a", 3, 20*time.Millisecond),
		source("b", 5, 13*time.Millisecond),
		source("c", 2, 35*time.Millisecond),
		source("d", 0, 10*time.Millisecond), // sends nothing
	)
	n := 0
	for v := range out {
		fmt.Println(v)
		n++
	}
	fmt.Println("merged", n, "values")
}
