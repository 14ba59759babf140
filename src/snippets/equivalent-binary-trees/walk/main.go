package main

import "fmt"

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

// String draws the tree as the Tour's does: (left value right).
func (t *Tree) String() string {
	if t == nil {
		return "()"
	}
	s := ""
	if t.Left != nil {
		s += t.Left.String() + " "
	}
	s += fmt.Sprint(t.Value)
	if t.Right != nil {
		s += " " + t.Right.String()
	}
	return "(" + s + ")"
}

// Walk sends the tree's values on ch in ascending order, then
// closes ch: once, after the whole tree.
func Walk(t *Tree, ch chan<- int) {
	walk(t, ch)
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

func main() {
	for _, seed := range []uint32{1, 2} {
		t := New(1, seed)
		fmt.Println("tree:", t)
		ch := make(chan int)
		go Walk(t, ch)
		var values []int
		for v := range ch {
			values = append(values, v)
		}
		fmt.Println("walk:", values)
	}
}
