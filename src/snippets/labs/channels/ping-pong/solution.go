package main

import "fmt"

const rounds = 3

func main() {
	ping := make(chan int) // main -> the pong player
	pong := make(chan int) // the pong player -> main

	// The pong player: receive, hit (add one), report, send back.
	go func() {
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
		ping <- ball // waits for the pong player
		ball = <-pong
	}
}
