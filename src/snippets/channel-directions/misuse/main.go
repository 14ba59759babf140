package main

import "fmt"

// produce sends, then reads it back.
func produce(out chan<- int) {
	out <- 1
	fmt.Println(<-out)
	close(out)
}

// consume prints it all, then closes
// in: "done with it".
func consume(in <-chan int) {
	for v := range in {
		fmt.Println(v)
	}
	close(in)
}

func main() {
	ch := make(chan int)
	go produce(ch)
	consume(ch)
}
