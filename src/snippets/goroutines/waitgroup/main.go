package main

import (
	"fmt"
	"sync"
	"time"
)

const unit = 100 * time.Millisecond

func worker(id int) {
	time.Sleep(time.Duration(id) * unit)
	fmt.Printf("worker %d done\n", id)
}

func main() {
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1) // before go, not inside
		go func() {
			defer wg.Done()
			worker(id)
		}()
	}
	wg.Wait() // until the count is 0
	fmt.Println("main: all workers done")
}
