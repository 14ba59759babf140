package main

import "fmt"

func main() {
	jobs := make(chan int, 3)
	jobs <- 1
	jobs <- 2
	close(jobs) // no more jobs

	for i := 0; i < 4; i++ {
		v, ok := <-jobs
		fmt.Println(v, ok, len(jobs))
	}
}
