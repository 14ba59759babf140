package main

import "fmt"

func main() {
	ch := make(chan string, 3) // room for 3
	ch <- "a"                  // none of these
	ch <- "b"                  // three sends waits:
	ch <- "c"                  // the buffer has room
	fmt.Println("len", len(ch), "cap", cap(ch))

	fmt.Println(<-ch) // first in,
	fmt.Println(<-ch) // first out
	fmt.Println("len", len(ch), "cap", cap(ch))
	fmt.Println(<-ch)
}
