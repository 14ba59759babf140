package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(1) // one P: goroutines take turns on one thread
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B", "C"} {
		wg.Go(func() { fmt.Println("goroutine", name) })
	}
	wg.Wait() // main blocks: its P runs the others
	fmt.Println("main: done")
}
