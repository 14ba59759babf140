package main

import "fmt"

// words owns the channel it returns:
// it makes it, only it sends on it,
// and it closes it however it ends.
func words(text ...string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, w := range text {
			out <- w
		}
	}()
	return out
}

func main() {
	ws := words("owners", "close", "their", "channels")
	for w := range ws {
		fmt.Println(w)
	}
}
