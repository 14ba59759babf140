package main

import "fmt"

const n = 10000

func main() {
	a := make(chan string, 1)
	b := make(chan string, 1)
	a <- "a"
	b <- "b"

	won := map[string]int{}
	for range n {
		select { // both cases are ready every time
		case v := <-a:
			won[v]++
			a <- v // ready again for the next select
		case v := <-b:
			won[v]++
			b <- v
		}
	}

	fmt.Println(n, "selects, both cases ready")
	for _, c := range []string{"a", "b"} {
		share := float64(won[c]) / n
		fmt.Printf("%s won 40%% to 60%% of them: %v\n", c, share >= 0.4 && share <= 0.6)
	}
}
