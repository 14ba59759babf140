package main

import (
	"fmt"
	"sync"
)

func main() {
	var ops int64
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			for range 1000 {
				ops++ // load, add, store: three steps
			}
		})
	}
	wg.Wait()
	fmt.Println("ops:", ops)
}
