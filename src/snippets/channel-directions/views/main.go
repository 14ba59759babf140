package main

import "fmt"

// produce may only send on out,
// and close it.
func produce(out chan<- int) {
	for i := 1; i <= 3; i++ {
		out <- i
	}
	close(out)
}

// consume may only receive from in.
func consume(in <-chan int) {
	for v := range in {
		fmt.Println("got", v)
	}
}

func main() {
	ch := make(chan int) // both ways
	go produce(ch)       // as chan<- int
	consume(ch)          // as <-chan int
	fmt.Println("done")
}
