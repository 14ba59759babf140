package main

import (
	"fmt"
	"time"
)

const jobs = 6

func main() {
	queue := make(chan int, 2)
	t0 := time.Now()
	at := func() time.Duration { return time.Since(t0) }

	go func() { // the producer: fast
		for j := 1; j <= jobs; j++ {
			queue <- j
			fmt.Println(at(), "sent", j, "len", len(queue))
		}
	}()

	for range jobs { // the consumer: 10ms a job
		j := <-queue
		time.Sleep(10 * time.Millisecond)
		fmt.Println(at(), "done", j)
	}
}
