package main

import (
	"fmt"
	"time"
)

func main() {
	a := make(chan int)
	b := make(chan int)
	done := make(chan bool)
	go func() {
		// Nothing ready: pass 2 enqueues a
		// sudog on a and one on b, then parks.
		select {
		case v := <-a:
			fmt.Println("got a", v)
		case v := <-b:
			fmt.Println("got b", v)
		}
		done <- true
	}()
	time.Sleep(time.Millisecond)
	b <- 2 // wakes it; pass 3 leaves a's recvq
	<-done
	select {
	case a <- 1:
		fmt.Println("a stale waiter took 1")
	default:
		fmt.Println("nobody waits on a any more")
	}

	// Pass 1 with both ready: the poll order
	// is shuffled, so each case wins about half.
	x := make(chan int, 1)
	y := make(chan int, 1)
	wins := map[string]int{}
	for i := 0; i < 1000; i++ {
		x <- 0
		y <- 0
		select {
		case <-x:
			wins["x"]++
			<-y
		case <-y:
			wins["y"]++
			<-x
		}
	}
	fmt.Println("x won over 400 times:", wins["x"] > 400)
	fmt.Println("y won over 400 times:", wins["y"] > 400)
}
