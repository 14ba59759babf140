package main

import "fmt"

func main() {
	go func() {
		fmt.Println("worker: done")
	}()
	select {} // wait forever
}
