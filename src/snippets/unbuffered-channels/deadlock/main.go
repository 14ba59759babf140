package main

import "fmt"

const rounds = 3

func main() {
	ping := make(chan int)
	pong := make(chan int)

	// The pong player is gone.

	ball := 0
	for i := 0; i < rounds; i++ {
		ball++
		fmt.Println("ping", ball)
		ping <- ball // stuck
		ball = <-pong
	}
}
