package main

import (
	"fmt"
	"sync"
	"time"
)

const workers = 5

// Worker id works for id × 100 ms, then reports.
func worker(id int) {
	time.Sleep(time.Duration(id) * 100 * time.Millisecond)
	fmt.Printf("worker %d done\n", id)
}

func main() {
	var wg sync.WaitGroup
	for id := 1; id <= workers; id++ {
		wg.Add(1) // before go, so Wait cannot run ahead of it
		go func() {
			defer wg.Done()
			worker(id)
		}()
	}

	// Returns once every worker has called Done:
	// no guessing how long they take.
	wg.Wait()

	fmt.Println("main: all workers done")
}
