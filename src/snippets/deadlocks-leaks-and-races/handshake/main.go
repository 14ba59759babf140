package main

import "fmt"

func main() {
	ask := make(chan string)
	answer := make(chan string)
	stop := make(chan bool)
	done := make(chan bool)

	// The server answers questions until it is stopped.
	go func() {
		for {
			select {
			case q := <-ask:
				answer <- "re: " + q
			case <-stop:
				return
			}
		}
	}()

	// The client waits to be greeted before it asks.
	go func() {
		greeting := <-answer
		ask <- "hello after " + greeting
		done <- true
	}()

	fmt.Println("waiting for the client")
	<-done
	close(stop)
}
