package main

import "fmt"

// countdown sends from, from-1, ..., 1 on the channel
// it returns, from a goroutine of its own.
func countdown(from int) chan int {
	out := make(chan int)
	go func() {
		for n := from; n > 0; n-- {
			out <- n
		}
		close(out) // the sender knows there are no more
	}()
	return out
}

func main() {
	ch := countdown(3)
	for n := range ch {
		fmt.Println(n)
	}
	fmt.Println("liftoff!")
}
