package main

import "fmt"

// attempt runs f and prints the panic it raises.
func attempt(name string, f func()) {
	defer func() {
		fmt.Printf("%-12s %v\n", name, recover())
	}()
	f()
}

func main() {
	closed := make(chan int)
	close(closed)
	var nilCh chan int // nil: never made

	attempt("send:", func() { closed <- 1 })
	attempt("close:", func() { close(closed) })
	attempt("close nil:", func() { close(nilCh) })
	attempt("receive:", func() { <-closed })
}
