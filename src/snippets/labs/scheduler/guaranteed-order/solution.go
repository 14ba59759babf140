package main

import (
	"fmt"
	"sync"
)

func say(name string) {
	fmt.Println(name)
}

func main() {
	var wg sync.WaitGroup
	// Each goroutine waits until the one before it has printed: a chain of closed channels.
	var prev chan struct{}
	for _, name := range []string{"A", "B", "C"} {
		before := prev
		printed := make(chan struct{})
		wg.Go(func() {
			if before != nil {
				<-before
			}
			say(name)
			close(printed)
		})
		prev = printed
	}
	wg.Wait()
	fmt.Println("done")
}
