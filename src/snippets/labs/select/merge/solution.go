package main

import (
	"fmt"
	"strings"
)

// source sends name1, name2, ..., name<n> on the channel it
// returns, from a goroutine of its own, then closes it.
func source(name string, n int) chan string {
	out := make(chan string)
	go func() {
		for i := 1; i <= n; i++ {
			out <- fmt.Sprint(name, i)
		}
		close(out)
	}()
	return out
}

func main() {
	// A select case on a nil channel never runs.
	a := source("a", 3)
	b := source("b", 5)
	var fromA, fromB []string

	// Take each value from whichever source has one ready,
	// until both sources are closed.
	for a != nil || b != nil {
		select {
		case v, ok := <-a:
			if ok {
				fromA = append(fromA, v)
			} else {
				a = nil // closed: turn its case off
			}
		case v, ok := <-b:
			if ok {
				fromB = append(fromB, v)
			} else {
				b = nil
			}
		}
	}

	fmt.Println("a:", strings.Join(fromA, " "))
	fmt.Println("b:", strings.Join(fromB, " "))
	fmt.Println("both closed:", len(fromA)+len(fromB), "values")
}
