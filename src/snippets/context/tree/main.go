package main

import (
	"context"
	"fmt"
)

func main() {
	root, cancelRoot := context.WithCancel(context.Background())
	a, cancelA := context.WithCancel(root)
	a1, cancelA1 := context.WithCancel(a)
	b, cancelB := context.WithCancel(root)
	defer cancelA1()
	defer cancelB()

	cancelA()
	fmt.Println("after cancelA:")
	fmt.Println("root:", root.Err())
	fmt.Println("a:", a.Err())
	fmt.Println("a1:", a1.Err())
	fmt.Println("b:", b.Err())

	cancelRoot()
	<-b.Done()
	fmt.Println("after cancelRoot:")
	fmt.Println("b:", b.Err())
}
