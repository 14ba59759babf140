package main

import (
	"fmt"
	"sync"
	"time"
)

var (
	mu     sync.RWMutex // guards prices
	prices = map[string]int{"apple": 3}
)

// reader reads under the read lock, and holds it for hold.
func reader(id int, holding chan<- int, hold time.Duration) {
	mu.RLock()
	defer mu.RUnlock()
	fmt.Printf("reader %d: apple costs %d\n", id, prices["apple"])
	holding <- id
	time.Sleep(hold)
}

// writer asks for the lock while the readers hold it; a reader
// that comes after it waits for it.
func writer(wg *sync.WaitGroup, holding chan<- int) {
	fmt.Println("writer waits for the readers")
	wg.Go(func() {
		time.Sleep(10 * time.Millisecond)
		fmt.Println("reader 3 waits for the writer")
		reader(3, holding, 0)
	})
	mu.Lock()
	defer mu.Unlock()
	prices["apple"] = 4
	fmt.Println("writer: apple now costs 4")
}

func main() {
	var wg sync.WaitGroup
	holding := make(chan int, 3)
	wg.Go(func() { reader(1, holding, 200*time.Millisecond) })
	<-holding
	wg.Go(func() { reader(2, holding, 200*time.Millisecond) })
	<-holding // both readers hold the read lock now
	wg.Go(func() { writer(&wg, holding) })
	wg.Wait()
}
