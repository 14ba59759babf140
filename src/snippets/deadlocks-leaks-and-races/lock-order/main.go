package main

import (
	"fmt"
	"sync"
)

func main() {
	var a, b sync.Mutex
	var held, done sync.WaitGroup
	held.Add(2)
	done.Add(2)
	// transfer takes first, then second: a->b and b->a
	// take the same two locks in opposite orders.
	transfer := func(first, second *sync.Mutex) {
		defer done.Done()
		first.Lock()
		held.Done()
		held.Wait() // both now hold their first lock
		second.Lock()
		second.Unlock()
		first.Unlock()
	}
	go transfer(&a, &b)
	go transfer(&b, &a)
	done.Wait()
	fmt.Println("both transfers done")
}
