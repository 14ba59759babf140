package main

import (
	"fmt"
	"sync"
	"time"
)

// worker takes jobs until jobs is closed; job j takes j*10ms.
func worker(jobs <-chan int, results chan<- string) {
	for j := range jobs {
		time.Sleep(time.Duration(j) * 10 * time.Millisecond)
		results <- fmt.Sprint("job ", j, " done")
	}
}

func main() {
	start := time.Now()
	jobs := make(chan int)       // unbuffered: nothing relies on room
	results := make(chan string) // unbuffered too

	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { worker(jobs, results) })
	}
	// 1. The sender has a goroutine of its own, so main is free to
	// read results while jobs are still being sent.
	go func() {
		for j := 1; j <= 6; j++ {
			jobs <- j
		}
		close(jobs) // no more jobs: the workers' loops end
	}()
	// 2. results is closed once, after the last worker returned.
	go func() {
		wg.Wait()
		close(results)
	}()
	// 3. main drains results until it is closed.
	for r := range results {
		fmt.Println(time.Since(start), r)
	}
	fmt.Println(time.Since(start), "all done")
}
