package main

import (
	"fmt"
	"strings"
)

const text = "close means no more values"

// words sends the words of text, then closes
// the channel: there are no more.
func words(text string, out chan string) {
	for _, w := range strings.Fields(text) {
		out <- w
	}
	close(out)
}

func main() {
	ch := make(chan string)
	go words(text, ch)

	for w := range ch {
		fmt.Println(w)
	}
	fmt.Println("end of stream")
}
