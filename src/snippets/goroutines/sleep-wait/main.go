package main

import (
	"fmt"
	"time"
)

func sayHello() {
	fmt.Println("hello from a goroutine")
}

func main() {
	go sayHello()
	// the article's wait: long enough?
	time.Sleep(1 * time.Second)
	fmt.Println("main: done")
}
