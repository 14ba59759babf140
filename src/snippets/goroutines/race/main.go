package main

import (
	"fmt"
	"sync"
	"time"
)

var balance int

func deposit(n int) {
	b := balance // read
	// others run while this one sleeps
	time.Sleep(time.Millisecond)
	balance = b + n // write
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Go(func() { deposit(10) })
	}
	wg.Wait()
	fmt.Println("balance:", balance)
}
