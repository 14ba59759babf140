package main

import "fmt"

// count sends "msg 0" .. "msg n-1", then closes c: a
// generator that ends.
func count(msg string, n int) <-chan string {
	c := make(chan string)
	go func() {
		for i := range n {
			c <- fmt.Sprintf("%s %d", msg, i)
		}
		close(c)
	}()
	return c
}

// fanIn forwards each input until it is closed, but
// nobody ever closes c.
func fanIn(input1, input2 <-chan string) <-chan string {
	c := make(chan string)
	go func() {
		for s := range input1 {
			c <- s
		}
	}()
	go func() {
		for s := range input2 {
			c <- s
		}
	}()
	return c
}

func main() {
	n := 0
	for range fanIn(count("Joe", 3), count("Ann", 3)) {
		n++
	}
	fmt.Println("received", n) // never printed
}
