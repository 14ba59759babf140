package main

import "fmt"

func main() {
	done := make(chan struct{})
	fmt.Println("closing")
	close(done)
	fmt.Println("closing again")
	close(done) // panics
}
