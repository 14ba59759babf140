package main

import (
	"fmt"
	"time"
)

const jobs = 8
const buffer = 3 // the queue may hold at most 3 jobs

func main() {
	// Bounded: when it is full, the producer's send waits
	// until the printer takes a job (backpressure).
	queue := make(chan int, buffer)

	// The producer, in its own goroutine, so the printer
	// can receive while it sends.
	go func() {
		for j := 1; j <= jobs; j++ {
			queue <- j
			fmt.Println("queued", j)
		}
	}()

	// The printer: 10 ms a job. main receives exactly
	// `jobs` jobs, so it returns only after the last one.
	for range jobs {
		job := <-queue
		time.Sleep(10 * time.Millisecond)
		fmt.Println("printed", job)
	}
}
