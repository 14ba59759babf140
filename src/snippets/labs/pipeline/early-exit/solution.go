package main

import (
	"context"
	"fmt"
	"time"
)

// gen sends nums one by one and closes its channel on its way out,
// whether it sent them all or ctx was done first.
func gen(ctx context.Context, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// sq squares each number (10ms of work), giving up on the work and
// on the send as soon as ctx is done.
func sq(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			select {
			case <-time.After(10 * time.Millisecond):
			case <-ctx.Done():
				return
			}
			select {
			case out <- n * n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func main() {
	start := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	squares := sq(ctx, gen(ctx, 1, 2, 3, 4, 5, 6, 7, 8))
	// The consumer needs only the first three squares.
	for range 3 {
		fmt.Println(<-squares)
	}
	cancel() // the consumer quits: every stage hears it
	fmt.Println("consumer quit at", time.Since(start))
	// main goes on with other work.
	time.Sleep(time.Second)
}
