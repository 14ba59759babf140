package main

import (
	"fmt"
	"sync"
	"time"
)

var balance int

func deposit(amount int, wg *sync.WaitGroup) {
	defer wg.Done()
	b := balance                 // read
	time.Sleep(time.Millisecond) // others run
	balance = b + amount         // stale write
}

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go deposit(10, &wg)
	}
	wg.Wait()
	fmt.Println("balance:", balance) // want 100
}
