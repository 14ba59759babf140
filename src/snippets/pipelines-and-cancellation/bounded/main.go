package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sync"
)

// A file's path and its checksum, or why it could not be read.
type result struct {
	path string
	sum  uint32
	err  error
}

// walkFiles sends each path, in order, until ctx is done.
func walkFiles(ctx context.Context, files map[string][]byte, paths chan<- string) {
	defer close(paths)
	for _, path := range slices.Sorted(maps.Keys(files)) {
		select {
		case paths <- path:
		case <-ctx.Done():
			return
		}
	}
}

// digester reads and sums files from paths until paths is closed
// or ctx is done. A nil file cannot be read.
func digester(ctx context.Context, files map[string][]byte,
	paths <-chan string, c chan<- result) {
	for path := range paths {
		r := result{path: path}
		if data := files[path]; data == nil {
			r.err = fmt.Errorf("read %s: permission denied", path)
		} else {
			h := fnv.New32a() // FNV-1a, 32 bits
			h.Write(data)
			r.sum = h.Sum32()
		}
		select {
		case c <- r:
		case <-ctx.Done():
			return
		}
	}
}

// At most this many files are read at once.
const numDigesters = 2

// sumAll is the blog's MD5All with a smaller checksum: every
// file's sum, or the first error. The first error cancels ctx,
// which stops the walk and the digesters; sumAll returns once
// they all have.
func sumAll(ctx context.Context, files map[string][]byte) (map[string]uint32, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	paths := make(chan string)
	c := make(chan result)
	var wg sync.WaitGroup
	wg.Go(func() { walkFiles(ctx, files, paths) })
	for range numDigesters {
		wg.Go(func() { digester(ctx, files, paths, c) })
	}
	go func() {
		wg.Wait()
		close(c)
	}()

	sums := make(map[string]uint32)
	var first error
	for r := range c { // until every goroutine above has stopped
		if r.err != nil {
			if first == nil {
				first = r.err
				cancel()
			}
			continue
		}
		sums[r.path] = r.sum
	}
	if first != nil {
		return nil, first
	}
	return sums, nil
}

func main() {
	files := map[string][]byte{
		"go.mod":   []byte("module example.com/pipe\n"),
		"main.go":  []byte("package main\n"),
		"README":   []byte("Pipelines and cancellation\n"),
		"stage.go": []byte("package main\n"),
	}
	sums, err := sumAll(context.Background(), files)
	if err != nil {
		fmt.Println("error:", err)
	}
	for _, path := range slices.Sorted(maps.Keys(sums)) {
		fmt.Printf("%08x  %s\n", sums[path], path)
	}

	files["secret.key"] = nil
	_, err = sumAll(context.Background(), files)
	fmt.Println("error:", err)
}
