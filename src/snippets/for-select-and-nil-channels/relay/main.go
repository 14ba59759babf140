package main

import (
	"fmt"
	"time"
)

const maxQueue = 2

// relay owns a bounded queue between in and out. Each case is on only
// when it can make progress: a nil channel turns it off.
func relay(in <-chan int, out chan<- int, closing chan chan int) {
	var queue []int
	for {
		var recvIn <-chan int // nil: the queue is full, take nothing
		if len(queue) < maxQueue {
			recvIn = in
		}
		var first int
		var sendOut chan<- int // nil: the queue is empty, send nothing
		if len(queue) > 0 {
			first = queue[0]
			sendOut = out
		}
		select {
		case v := <-recvIn:
			queue = append(queue, v)
		case sendOut <- first:
			queue = queue[1:]
		case reply := <-closing:
			reply <- len(queue)
			return
		}
	}
}

func main() {
	start := time.Now()
	in, out := make(chan int), make(chan int)
	closing := make(chan chan int)
	go relay(in, out, closing)

	sent := make(chan string, 5)
	go func() { // a fast producer
		for i := 1; i <= 5; i++ {
			in <- i
			sent <- fmt.Sprintf("sent %d at %v", i, time.Since(start))
		}
	}()

	for range 3 { // a slow consumer
		fmt.Printf("got %d at %v\n", <-out, time.Since(start))
		time.Sleep(30 * time.Millisecond)
	}
	reply := make(chan int)
	closing <- reply
	fmt.Printf("closed at %v, %d still queued\n", time.Since(start), <-reply)
	for range 5 {
		fmt.Println(<-sent)
	}
}
