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
	time.Sleep(1 * time.Second) // long enough?
	fmt.Println("main: done")
}
