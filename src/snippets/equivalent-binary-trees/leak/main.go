package main

import (
	"fmt"
	"sync/atomic"
)

// Tree is a binary search tree, as in golang.org/x/tour/tree.
type Tree struct {
	Left  *Tree
	Value int
	Right *Tree
}

// New returns a tree holding k, 2k, ..., 10k, inserted in an
// order shuffled by seed: the same seed, the same shape.
func New(k int, seed uint32) *Tree {
	values := make([]int, 10)
	for i := range values {
		values[i] = (i + 1) * k
	}
	x := seed
	for i := len(values) - 1; i > 0; i-- {
		x = x*1664525 + 1013904223 // a linear congruential generator
		j := int(x>>16) % (i + 1)
		values[i], values[j] = values[j], values[i]
	}
	var t *Tree
	for _, v := range values {
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

// walking counts the walks that have not reached their end.
var walking atomic.Int32

// Walk sends the tree's values on ch in ascending order, then
// closes ch: once, after the whole tree.
func Walk(t *Tree, ch chan<- int) {
	walking.Add(1)
	walk(t, ch)
	walking.Add(-1)
	close(ch)
}

// walk is the recursion: left subtree, this value, right subtree.
func walk(t *Tree, ch chan<- int) {
	if t == nil {
		return
	}
	walk(t.Left, ch)
	ch <- t.Value
	walk(t.Right, ch)
}

// Same reports whether t1 and t2 hold the same values: the
// solution most pages publish. It returns at the first difference.
func Same(t1, t2 *Tree) bool {
	ch1, ch2 := make(chan int), make(chan int)
	go Walk(t1, ch1)
	go Walk(t2, ch2)
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

func main() {
	fmt.Println("same values:", Same(New(1, 1), New(1, 2)))
	fmt.Println("1s against 2s:", Same(New(1, 1), New(2, 1)))
	fmt.Println("walks not finished:", walking.Load())
}
