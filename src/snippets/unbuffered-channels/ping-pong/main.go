package main

import "fmt"

const rounds = 3

func main() {
	// ping: main -> player; pong: back
	ping := make(chan int)
	pong := make(chan int)

	go func() { // the pong player
		for i := 0; i < rounds; i++ {
			ball := <-ping
			ball++
			fmt.Println("pong", ball)
			pong <- ball
		}
	}()

	ball := 0
	for i := 0; i < rounds; i++ {
		ball++
		fmt.Println("ping", ball)
		ping <- ball // blocks
		ball = <-pong
	}
}
