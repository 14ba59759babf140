package main

import (
	"fmt"
	"sync"
)

var (
	mu      sync.Mutex // guards balance
	balance int
)

var audit = make(chan string, 100)

func deposit(n int) {
	mu.Lock()
	defer mu.Unlock() // runs however deposit returns
	b := balance
	audit <- fmt.Sprintf("deposit %d: %d -> %d", n, b, b+n)
	balance = b + n
}

func main() {
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { deposit(100) })
	}
	wg.Wait()
	fmt.Println("balance:", balance)
}
