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
	b := balance // every access is locked...
	mu.Unlock()
	audit <- fmt.Sprintf("deposit %d: %d -> %d", n, b, b+n)
	mu.Lock()
	balance = b + n // ...but not the whole update
	mu.Unlock()
}

func main() {
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() { deposit(100) })
	}
	wg.Wait()
	fmt.Println("balance:", balance)
}
