package main

import (
	"fmt"
	"sync"
	"time"
)

func worker(id int) {
	d := time.Duration(id) * 100 * time.Millisecond
	time.Sleep(d) // some work
	fmt.Printf("worker %d done\n", id)
}

func main() {
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1) // before go, never inside it
		go func(id int) {
			defer wg.Done()
			worker(id)
		}(id)
	}
	wg.Wait() // until the counter is 0
	fmt.Println("main: all workers done")
}
