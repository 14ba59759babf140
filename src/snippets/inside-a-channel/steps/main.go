package main

import (
	"fmt"
	"time"
)

func main() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2 // buf is full: qcount == dataqsiz
	fmt.Println("buffered", len(ch), "of", cap(ch))

	done := make(chan bool)
	go func() {
		ch <- 3 // full: parks on ch.sendq
		done <- true
	}()
	time.Sleep(time.Millisecond)
	v := <-ch // takes 1, moves 3 into buf
	fmt.Println("received", v)
	fmt.Println("buffered", len(ch), "of", cap(ch))
	<-done
	fmt.Println("received", <-ch, <-ch)

	got := make(chan int)
	go func() {
		v := <-ch // empty: parks on ch.recvq
		got <- v
	}()
	time.Sleep(time.Millisecond)
	ch <- 4 // handed to the receiver directly
	fmt.Println("buffered", len(ch), "of", cap(ch))
	fmt.Println("receiver got", <-got)

	go func() {
		v, ok := <-ch // parks again
		fmt.Println("after close:", v, ok)
		done <- true
	}()
	time.Sleep(time.Millisecond)
	close(ch) // wakes every receiver
	<-done
}
