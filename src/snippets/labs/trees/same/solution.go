package main

import (
	"fmt"
	"time"
)

// Tree is a binary search tree, as in golang.org/x/tour/tree.
type Tree struct {
	Left  *Tree
	Value int
	Right *Tree
}

// build inserts values into a tree in an order shuffled by seed: the
// same seed, the same shape.
func build(values []int, seed uint32) *Tree {
	order := append([]int(nil), values...)
	x := seed
	for i := len(order) - 1; i > 0; i-- {
		x = x*1664525 + 1013904223 // a linear congruential generator
		j := int(x>>16) % (i + 1)
		order[i], order[j] = order[j], order[i]
	}
	var t *Tree
	for _, v := range order {
		t = insert(t, v)
	}
	return t
}

func insert(t *Tree, v int) *Tree {
	if t == nil {
		return &Tree{nil, v, nil}
	}
	if v < t.Value {
		t.Left = insert(t.Left, v)
	} else {
		t.Right = insert(t.Right, v)
	}
	return t
}

// Walk sends t's values on ch in ascending order, then closes ch. It
// stops early, and still closes ch, when quit is closed.
func Walk(t *Tree, ch chan<- int, quit <-chan struct{}) {
	walk(t, ch, quit)
	close(ch)
}

// walk sends t's values, smallest first; it returns false when quit was
// closed, so that the walk stops.
func walk(t *Tree, ch chan<- int, quit <-chan struct{}) bool {
	if t == nil {
		return true
	}
	if !walk(t.Left, ch, quit) {
		return false
	}
	select {
	case ch <- t.Value:
	case <-quit:
		return false
	}
	return walk(t.Right, ch, quit)
}

// Same reports whether t1 and t2 hold the same values. Whatever it
// returns, it closes quit, so both walks stop.
func Same(t1, t2 *Tree) bool {
	quit := make(chan struct{})
	defer close(quit)
	ch1, ch2 := make(chan int), make(chan int)
	go Walk(t1, ch1, quit)
	go Walk(t2, ch2, quit)
	for {
		v1, ok1 := <-ch1
		v2, ok2 := <-ch2
		if ok1 != ok2 || v1 != v2 {
			return false
		}
		if !ok1 {
			return true
		}
	}
}

func upTo(n int) []int {
	values := make([]int, n)
	for i := range values {
		values[i] = i + 1
	}
	return values
}

func main() {
	ten := upTo(10)
	evens := make([]int, 10)
	for i, v := range ten {
		evens[i] = 2 * v
	}
	eleven := append(upTo(9), 11)
	five := upTo(5)

	pairs := []struct {
		name   string
		t1, t2 *Tree
	}{
		{"same values, different shapes", build(ten, 1), build(ten, 2)},
		{"differ at the first value", build(ten, 3), build(evens, 3)},
		{"differ at the last value", build(ten, 4), build(eleven, 5)},
		{"the second is a prefix of the first", build(ten, 6), build(five, 7)},
		{"the first is a prefix of the second", build(five, 8), build(ten, 9)},
		{"both empty", nil, nil},
		{"one empty", nil, build(ten, 10)},
	}
	for _, p := range pairs {
		fmt.Printf("%s: %v\n", p.name, Same(p.t1, p.t2))
		// Give the walks a moment to stop before the next pair.
		time.Sleep(time.Millisecond)
	}
}
