package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	runtime.GOMAXPROCS(1) // one P
	var wg sync.WaitGroup
	for _, name := range []string{"A", "B", "C"} {
		wg.Go(func() { fmt.Println("goroutine", name) })
	}
	runtime.Gosched() // main yields, but is not blocked
	fmt.Println("main: after Gosched")
	wg.Wait()
}
