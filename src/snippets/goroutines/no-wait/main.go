package main

import "fmt"

func sayHello() {
	fmt.Println("hello from a goroutine")
}

func main() {
	go sayHello()
	// no wait: main returns at once
	fmt.Println("main: done")
}
