package main

import (
	"fmt"
	"time"
)

// A Message carries the channel its sender waits on.
type Message struct {
	str  string
	wait chan bool
}

func boring(msg string, every time.Duration) <-chan Message {
	c := make(chan Message)
	waitForIt := make(chan bool) // one per speaker
	go func() {
		for i := 0; ; i++ {
			time.Sleep(every)
			c <- Message{fmt.Sprintf("%s %d", msg, i), waitForIt}
			<-waitForIt // until main says go on
		}
	}()
	return c
}

// fanIn with select: one goroutine, whichever input is
// ready first.
func fanIn(input1, input2 <-chan Message) <-chan Message {
	c := make(chan Message)
	go func() {
		for {
			select {
			case s := <-input1:
				c <- s
			case s := <-input2:
				c <- s
			}
		}
	}()
	return c
}

func main() {
	start := time.Now()
	c := fanIn(
		boring("Joe", 20*time.Millisecond),
		boring("Ann", 35*time.Millisecond),
	)
	for i := 0; i < 3; i++ {
		msg1 := <-c
		fmt.Println(msg1.str, "at", time.Since(start))
		msg2 := <-c
		fmt.Println(msg2.str, "at", time.Since(start))
		msg1.wait <- true
		msg2.wait <- true
	}
	fmt.Println("You're both boring; I'm leaving.")
}
