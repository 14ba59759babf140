package main

import "fmt"

const rounds = 3

func main() {
	ping := make(chan int) // main -> player
	pong := make(chan int) // player -> main

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
		ping <- ball // waits for the player
		ball = <-pong
	}
}
