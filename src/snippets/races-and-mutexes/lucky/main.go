package main

import (
	"fmt"
	"sync"
)

var balance int

// Every change is logged first. The log has room for all of
// them, so a send never waits.
var audit = make(chan string, 100)

func deposit(n int) {
	b := balance // read
	audit <- fmt.Sprintf("deposit %d: %d -> %d", n, b, b+n)
	balance = b + n // write
}

func main() {
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { deposit(100) })
	}
	wg.Wait()
	fmt.Println("balance:", balance)
}
